// Typed calls of the account routes: password, sessions, second factor, reset, invitations.
import { orgPath, request, seg, withQuery, type Page, type Role, type Schema } from '../../api';

export type AccountSession = Schema<'AccountSession'>;

export type SecondFactor = Schema<'SecondFactor'>;

export type Invitation = Schema<'Invitation'>;

export type InvitationPreview = Schema<'InvitationPreview'>;

export const accountApi = {
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<{ sessionsEnded: number }>('POST', '/api/v1/account/password', { body }),
  sessions: () => request<{ items: AccountSession[] }>('GET', '/api/v1/account/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/api/v1/account/sessions/${seg(id)}`),
  endOtherSessions: () =>
    request<{ sessionsEnded: number }>('POST', '/api/v1/account/sessions/end-others'),

  secondFactor: () => request<SecondFactor>('GET', '/api/v1/account/second-factor'),
  enrol: (password: string) =>
    request<{ secret: string; otpauthUri: string }>('POST', '/api/v1/account/second-factor/enrol', {
      body: { password },
    }),
  confirm: (code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/api/v1/account/second-factor/confirm', {
      body: { code },
    }),
  disable: (body: { password: string; code: string }) =>
    request<void>('POST', '/api/v1/account/second-factor/disable', { body }),

  askReset: (email: string) =>
    request<{ channel: 'email' | 'operator'; message: string }>(
      'POST',
      '/api/v1/auth/password-reset',
      { body: { email }, own401: true },
    ),
  completeReset: (body: { token: string; password: string }) =>
    request<void>('POST', '/api/v1/auth/password-reset/complete', { body, own401: true }),

  invitation: (token: string) =>
    request<InvitationPreview>('POST', '/api/v1/auth/invitations/lookup', {
      body: { token },
      own401: true,
    }),
  acceptAsNew: (body: { token: string; name?: string; password: string }) =>
    request<{ orgSlug: string }>('POST', '/api/v1/auth/invitations/accept', {
      body,
      own401: true,
    }),
  acceptSignedIn: (token: string) =>
    request<{ orgSlug: string }>('POST', '/api/v1/account/invitations/accept', {
      body: { token },
      own401: true,
    }),

  invitations: (org: string) =>
    request<Page<Invitation>>(
      'GET',
      withQuery(`${orgPath(org)}/invitations`, { limit: 100, status: 'pending' }),
    ),
  invite: (org: string, body: { email: string; role: Role }) =>
    request<Invitation & { link: string; emailed: boolean }>(
      'POST',
      `${orgPath(org)}/invitations`,
      {
        body,
      },
    ),
  revokeInvitation: (org: string, i: Pick<Invitation, 'id'>) =>
    request<Invitation>('DELETE', `${orgPath(org)}/invitations/${seg(i.id)}`),
};

/** The secret of a link in this page's address (after #), which never reaches a server log. */
export const linkSecret = () => window.location.hash.replace(/^#/, '');
