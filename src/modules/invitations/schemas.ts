import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { uuidSchema } from '../../kernel/ids.js';
import { pageQuery } from '../../kernel/paging.js';
import { ROLES } from '../../kernel/permissions.js';
import { email, password, personName } from '../identity/index.js';

export const invitationId = uuidSchema;

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const inviteInput = z
  .object({
    email,
    role: z.enum(ROLES).describe('The role the invited person gets on accepting.'),
  })
  .strict();

const token = z.string().min(1).max(200).describe('The secret of the invitation link.');
export const tokenInput = z.object({ token }).strict();
export const acceptAsNewInput = z.object({ token, name: personName.optional(), password }).strict();

export const invitationsQuery = pageQuery.extend({
  status: z
    .enum(['pending', 'accepted', 'revoked', 'expired'])
    .optional()
    .describe('Only invitations in this state.'),
});

export const invitationView = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.string().describe('The inviting member (or host:… for the operator).'),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Invitation' });

export const newInvitationView = invitationView
  .extend({
    link: z.string().describe('The link to accept it, shown this once (only its hash is kept).'),
    emailed: z.boolean().describe('Whether the link was also e-mailed (an SMTP server is set up).'),
  })
  .meta({ id: 'NewInvitation' });

export const invitationPreview = z
  .object({
    orgName: z.string(),
    orgSlug: z.string(),
    email: z.string(),
    role: z.string(),
    expiresAt: z.string(),
    accountExists: z
      .boolean()
      .describe('The address has an account: sign in as it to accept; else choose a password.'),
  })
  .meta({ id: 'InvitationPreview' });

export const acceptedView = z
  .object({ orgSlug: z.string(), role: z.string(), email: z.string() })
  .meta({ id: 'AcceptedInvitation' });

export type InvitationRow = Row<'invitations'>;

export const statusOf = (r: InvitationRow, now: string) =>
  r.accepted_at
    ? 'accepted'
    : r.revoked_at
      ? 'revoked'
      : r.expires_at <= now
        ? 'expired'
        : ('pending' as const);

export const toInvitationView = (
  r: InvitationRow,
  now: string,
): z.infer<typeof invitationView> => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: statusOf(r, now),
  invitedBy: r.invited_by,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  revokedAt: r.revoked_at,
  version: r.version,
  createdAt: r.created_at,
});
