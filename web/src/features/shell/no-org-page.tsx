// A signed-in user who belongs to no organization: told so, with what they can do about it
// (create one, which the server lets every signed-in user do; or sign out), outside the frame,
// whose sections would all be empty.
import { useSubmission } from '../../components/form';
import { createOrgFrom, ORG_FIELDS, OrgFields } from './new-org-dialog';
import { Link, navigate, orgHref } from '../../router';
import { AuthLayout } from '../auth/auth-layout';
import { useSession } from '../auth/session';
import { SignOutButton } from './sign-out-button';

export function NoOrgPage() {
  const { session, refresh } = useSession();
  const form = useSubmission(ORG_FIELDS, async (data) => {
    const org = await createOrgFrom(data);
    await refresh();
    navigate(orgHref(org.slug));
  });
  return (
    <AuthLayout
      title="You are not in an organization"
      intro={
        <p>
          You are signed in as {session.user.email}, but no organization has you as a member yet, so
          there is nothing to show. If you expected one, ask one of its owners or managers to add or
          invite you. Or create an organization of your own: you will be its owner.
        </p>
      }
    >
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate aria-labelledby="no-org-new">
        <h2 id="no-org-new">Create an organization</h2>
        <OrgFields form={form} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Creating…' : 'Create organization'}
          </button>
        </div>
      </form>
      <p className="auth-links">
        <Link href="/account">Your account</Link>
      </p>
      <SignOutButton />
    </AuthLayout>
  );
}
