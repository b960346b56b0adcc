import { useEffect, type ReactNode } from 'react';

/** The centred card used before anyone is signed in. */
export function AuthLayout({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · aims`;
  }, [title]);
  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <p className="brand brand-large" aria-hidden="true">
          aims
        </p>
        <h1>{title}</h1>
        {intro && <div className="intro">{intro}</div>}
        {children}
      </div>
    </main>
  );
}
