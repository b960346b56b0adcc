// "Sign out", held while the session ends (the frame's header and the no-organization page).
import { useState } from 'react';
import { useSession } from '../auth/session';

export function SignOutButton() {
  const { signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <button
      type="button"
      className="button"
      disabled={signingOut}
      onClick={() => {
        setSigningOut(true);
        signOut().finally(() => setSigningOut(false));
      }}
    >
      Sign out
    </button>
  );
}
