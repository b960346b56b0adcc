// Typed calls of the account routes: password, sessions, second factor, reset, invitations.
// The calls of a link opened signed out (reset, invitation) go through `authClient`: a 401 there
// is the answer to show (a link no longer valid), not the end of a session.
import { authClient, call, client, type Body, type Schema } from '../../api';

export type AccountSession = Schema<'AccountSession'>;

export type SecondFactor = Schema<'SecondFactor'>;

export type Invitation = Schema<'Invitation'>;

export type InvitationPreview = Schema<'InvitationPreview'>;

const org = (o: string) => ({ org: o });

export const accountApi = {
  changePassword: (body: Body<'account.change_password'>) =>
    call(client.POST('/api/v1/account/password', { body })),
  sessions: () => call(client.GET('/api/v1/account/sessions')),
  endSession: (id: string) =>
    call(
      client.DELETE('/api/v1/account/sessions/{sessionId}', {
        params: { path: { sessionId: id } },
      }),
    ),
  endOtherSessions: () => call(client.POST('/api/v1/account/sessions/end-others')),

  secondFactor: () => call(client.GET('/api/v1/account/second-factor')),
  enrol: (password: string) =>
    call(client.POST('/api/v1/account/second-factor/enrol', { body: { password } })),
  confirm: (code: string) =>
    call(client.POST('/api/v1/account/second-factor/confirm', { body: { code } })),
  disable: (body: Body<'account.disable_second_factor'>) =>
    call(client.POST('/api/v1/account/second-factor/disable', { body })),

  askReset: (email: string) =>
    call(authClient.POST('/api/v1/auth/password-reset', { body: { email } })),
  completeReset: (body: Body<'auth.password_reset_complete'>) =>
    call(authClient.POST('/api/v1/auth/password-reset/complete', { body })),

  invitation: (token: string) =>
    call(authClient.POST('/api/v1/auth/invitations/lookup', { body: { token } })),
  acceptAsNew: (body: Body<'auth.accept_invitation'>) =>
    call(authClient.POST('/api/v1/auth/invitations/accept', { body })),
  acceptSignedIn: (token: string) =>
    call(authClient.POST('/api/v1/account/invitations/accept', { body: { token } })),

  invitations: (o: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/invitations', {
        params: { path: org(o), query: { limit: 100, status: 'pending' } },
      }),
    ),
  invite: (o: string, body: Body<'invitations.create'>) =>
    call(client.POST('/api/v1/orgs/{org}/invitations', { params: { path: org(o) }, body })),
  revokeInvitation: (o: string, i: Pick<Invitation, 'id'>) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/invitations/{invitationId}', {
        params: { path: { ...org(o), invitationId: i.id } },
      }),
    ),
};

/** The secret of a link in this page's address (after #), which never reaches a server log. */
export const linkSecret = () => window.location.hash.replace(/^#/, '');
