// The signed-in session, shared with every page through context.
import { createContext, useContext } from 'react';
import type { Membership, Session } from '../../api';

export interface SessionContextValue {
  session: Session;
  /** Reads the session again (after a change to memberships); returns the new one. */
  refresh: () => Promise<Session | null>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside a signed-in frame');
  return v;
}

/** The membership of the organization the URL names, if the user has one. */
export function membershipFor(session: Session, slug: string): Membership | undefined {
  return session.memberships.find((m) => m.slug === slug || m.orgId === slug);
}
