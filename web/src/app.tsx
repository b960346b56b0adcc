// The root: finds out whether someone is signed in and, if not, whether the instance needs setup, then
// shows setup, sign-in or the signed-in frame. A 401 from any call brings back the sign-in form.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler, type Session } from './api';
import { SessionContext, type SessionContextValue } from './features/auth/session';
import { SignInPage } from './features/auth/sign-in-page';
import { SetupPage } from './features/setup/setup-page';
import { Frame } from './features/shell/frame';
import { PublicReportPage } from './features/concerns/public-report-page';
import { ForgotPasswordPage, ResetPasswordPage } from './features/account/reset-pages';
import { InvitationPage } from './features/account/invitation-page';
import { navigate, orgHref, parseRoute, usePath } from './router';
import { queryClient } from './lib/query';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'signed-in'; session: Session };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const route = parseRoute(usePath());
  // The public concern page needs no account: it never asks who is signed in.
  const publicSlug = route.kind === 'report' ? route.slug : null;
  // So do the pages of reset and invitation links (the invitation page looks for itself).
  const linkPage =
    route.kind === 'forgot-password' ||
    route.kind === 'reset-password' ||
    route.kind === 'invitation'
      ? route.kind
      : null;

  // What one user read is never shown to the next one signed in on this page.
  const signedIn = useCallback((session: Session) => {
    queryClient.clear();
    setCsrfToken(session.csrfToken);
    setPhase({ kind: 'signed-in', session });
  }, []);

  const signedOut = useCallback((notice: string | null) => {
    queryClient.clear();
    setCsrfToken(null);
    setPhase({ kind: 'signed-out', notice });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => signedOut('Your session has ended. Sign in again to continue.'));
    return () => setUnauthorizedHandler(null);
  }, [signedOut]);

  useEffect(() => {
    if (publicSlug || linkPage) return;
    let live = true;
    (async () => {
      try {
        // Who is signed in first: a session means the instance is set up, so the usual load
        // (a signed-in member opening a page) makes one call here, not two.
        const session = await api.session();
        if (!live) return;
        if (session) return signedIn(session);
        const { needed } = await api.setupStatus();
        if (!live) return;
        if (needed) setPhase({ kind: 'setup' });
        else signedOut(null);
      } catch (e) {
        if (live)
          setPhase({ kind: 'failed', message: e instanceof ApiError ? e.message : String(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [attempt, signedIn, signedOut, publicSlug, linkPage]);

  const context = useMemo<SessionContextValue | null>(() => {
    if (phase.kind !== 'signed-in') return null;
    return {
      session: phase.session,
      refresh: async () => {
        const s = await api.session();
        if (s) signedIn(s);
        else signedOut('Your session has ended. Sign in again to continue.');
        return s;
      },
      signOut: async () => {
        try {
          await api.logout();
        } finally {
          signedOut(null);
          navigate('/');
        }
      },
    };
  }, [phase, signedIn, signedOut]);

  if (publicSlug) return <PublicReportPage slug={publicSlug} />;
  if (linkPage === 'forgot-password') return <ForgotPasswordPage />;
  if (linkPage === 'reset-password') return <ResetPasswordPage />;
  if (linkPage === 'invitation') return <InvitationPage />;

  switch (phase.kind) {
    case 'loading':
      return (
        <main className="auth" id="main" aria-busy="true">
          <p className="muted">Loading…</p>
        </main>
      );
    case 'failed':
      return (
        <main className="auth" id="main">
          <div className="auth-card">
            <h1>aims is not answering</h1>
            <p role="alert">{phase.message}</p>
            <button
              type="button"
              className="button primary"
              onClick={() => setAttempt((n) => n + 1)}
            >
              Try again
            </button>
          </div>
        </main>
      );
    case 'setup':
      return (
        <SetupPage
          onSignedIn={(s, slug) => {
            signedIn(s);
            navigate(orgHref(slug), { replace: true });
          }}
          onSetUp={(notice) => signedOut(notice)}
        />
      );
    case 'signed-out':
      return <SignInPage notice={phase.notice} onSignedIn={signedIn} />;
    case 'signed-in':
      return (
        <SessionContext.Provider value={context}>
          <Frame />
        </SessionContext.Provider>
      );
  }
}
