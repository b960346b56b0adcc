import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { page } from '../../kernel/paging.js';
import { limited, sendAccountMail, userByEmail, userOf } from '../identity/index.js';
import { orgById } from '../orgs/index.js';
import { acceptInvitation, inviteMember, pendingInvitation, revokeInvitation } from './commands.js';
import { invitationsPage } from './queries.js';
import {
  INVITATION_DAYS,
  acceptAsNewInput,
  acceptedView,
  invitationPreview,
  invitationView,
  invitationsQuery,
  newInvitationView,
  toInvitationView,
  tokenInput,
  type InvitationRow,
} from './schemas.js';

const base = '/api/v1/orgs/:org/invitations';
const TOKEN_EXAMPLE = { token: 'the-secret-of-the-invitation-link' };

export const invitationRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'invitations.list',
    summary: 'Invitations by link, newest first',
    tag: 'members',
    auth: 'org',
    action: 'invitations.read',
    params: orgParam,
    query: invitationsQuery,
    response: { status: 200, schema: page(invitationView), description: 'A page of invitations.' },
    async handler({ services, access, query }) {
      const now = services.now().toISOString();
      const p = await invitationsPage(services.database.db, access.orgId, query, now);
      return { body: { ...p, items: p.items.map((r) => toInvitationView(r, now)) } };
    },
  }),
  commandRoute({
    command: inviteMember,
    method: 'POST',
    url: base,
    summary: `Invite an e-mail address with a role: a single-use link for ${INVITATION_DAYS} days`,
    tag: 'members',
    example: { email: 'new.colleague@acme.example', role: 'contributor' },
    response: {
      status: 201,
      schema: newInvitationView,
      description: 'The invitation and its link (shown once; e-mailed when SMTP is set up).',
    },
    errors: [409],
    view: async (r: InvitationRow & { token: string }, { services, req, access }) => {
      const { token, ...row } = r;
      const link = `${services.config.publicUrl}/invitation#${token}`;
      const emailed = !!services.config.smtpUrl;
      if (emailed) {
        const org = await orgById(services.database.db, access.orgId);
        setImmediate(() => {
          sendAccountMail(services.config, {
            to: row.email,
            subject: `You are invited to ${org.name} on aims`,
            text: `You are invited to join ${org.name} on aims as ${row.role}.\n\nAccept within ${INVITATION_DAYS} days:\n${link}\n\nThe link works once. If you did not expect this, ignore this e-mail.\n`,
          }).catch((e: unknown) =>
            req.log.warn(
              { err: e instanceof Error ? e.message : String(e) },
              'invitation e-mail not sent',
            ),
          );
        });
      }
      return { ...toInvitationView(row, services.now().toISOString()), link, emailed };
    },
  }),
  commandRoute({
    command: revokeInvitation,
    method: 'DELETE',
    url: `${base}/:invitationId`,
    summary: 'Withdraw an invitation: its link stops working',
    tag: 'members',
    response: { status: 200, schema: invitationView, description: 'Withdrawn.' },
    errors: [409],
    view: (r: InvitationRow, { services }) => toInvitationView(r, services.now().toISOString()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/invitations/lookup',
    operationId: 'auth.invitation',
    summary: 'What an invitation link offers (the organization, address and role)',
    tag: 'auth',
    auth: 'public',
    body: tokenInput,
    example: TOKEN_EXAMPLE,
    response: { status: 200, schema: invitationPreview, description: 'A pending invitation.' },
    errors: [422, 429],
    logLevel: 'warn',
    async handler({ ctx, services, body, req, reply }) {
      const inv = await limited(services, reply, `${req.ip}|invitation`, ['INVALID_LINK'], () =>
        pendingInvitation(ctx, body.token),
      );
      const body2: z.infer<typeof invitationPreview> = {
        orgName: inv.orgName,
        orgSlug: inv.orgSlug,
        email: inv.email,
        role: inv.role,
        expiresAt: inv.expires_at,
        accountExists: !!(await userByEmail(services.database.db, inv.email)),
      };
      return { body: body2 };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/invitations/accept',
    operationId: 'auth.accept_invitation',
    summary: 'Accept an invitation as a new user (the invited address, a password of your own)',
    tag: 'auth',
    auth: 'public',
    body: acceptAsNewInput,
    example: { ...TOKEN_EXAMPLE, name: 'New Colleague', password: 'a long enough password' },
    response: { status: 201, schema: acceptedView, description: 'A member now; sign in.' },
    errors: [409, 422, 429],
    logLevel: 'warn',
    async handler({ ctx, services, body, req, reply }) {
      const out = await limited(services, reply, `${req.ip}|invitation`, ['INVALID_LINK'], () =>
        acceptInvitation(ctx, body, null),
      );
      return { body: out };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/account/invitations/accept',
    operationId: 'account.accept_invitation',
    summary: 'Accept an invitation to your address as the signed-in user',
    tag: 'auth',
    auth: 'user',
    body: tokenInput,
    example: TOKEN_EXAMPLE,
    response: { status: 201, schema: acceptedView, description: 'A member now.' },
    errors: [409, 422, 429],
    async handler({ ctx, services, body, req, reply }) {
      const user = userOf(req);
      const out = await limited(services, reply, `${req.ip}|invitation`, ['INVALID_LINK'], () =>
        acceptInvitation(ctx, body, { userId: user.userId, email: user.email }),
      );
      return { body: out };
    },
  }),
];
