import { z } from 'zod';
import { abilities, isRole, ROLES } from '../../kernel/permissions.js';

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be an email address.' }))
  .describe('Email address; compared without regard to case.');
export const password = z
  .string()
  .min(12, 'Must be at least 12 characters.')
  .max(256, 'Must be at most 256 characters.')
  .describe('At least 12 characters.');
export const personName = z.string().trim().min(1).max(200).describe('Display name.');

export const loginInput = z.object({ email, password: z.string().min(1).max(256) }).strict();

export const userView = z.object({ id: z.string(), email: z.string(), name: z.string() });

const membershipView = z.object({
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  abilities: z.array(z.string()).describe('Actions this user may perform in the organization.'),
  ledgerAlarm: z
    .boolean()
    .describe(
      "The organization's ledger is in alarm: its stored chain no longer matches what was signed, and changes are refused until the operator has looked.",
    ),
});

export const sessionView = z
  .object({
    user: userView,
    csrfToken: z.string().describe('Send as X-CSRF-Token on every unsafe request.'),
    memberships: z.array(membershipView),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });

/** A membership of the signed-in user, with the actions their role allows there. */
export const toMembershipView = (
  m: {
    orgId: string;
    slug: string;
    name: string;
    role: string;
  },
  ledgerAlarm: boolean,
) => ({
  ...m,
  abilities: isRole(m.role) ? abilities(m.role) : [],
  ledgerAlarm,
});

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .describe('The 6-digit code of the authenticator app, or one of the recovery codes.');

export const loginWithCodeInput = loginInput.extend({
  code: code.optional().describe('Needed when the account has a second factor.'),
});

export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: password })
  .strict();

export const accountSessionView = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable(),
    expiresAt: z.string(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean().describe('The session of this request.'),
  })
  .meta({ id: 'AccountSession' });

export const resetRequestInput = z.object({ email }).strict();
export const resetRequestView = z.object({
  channel: z
    .enum(['email', 'operator'])
    .describe(
      'email: a link was sent if the address has an account (the answer is the same either way); operator: no e-mail is configured, the host operator resets passwords (`aims user reset-password`).',
    ),
  message: z.string(),
});
const linkToken = z.string().min(1).max(200).describe('The secret of the link.');
export const resetCompleteInput = z.object({ token: linkToken, password }).strict();

export const secondFactorView = z
  .object({
    enabled: z.boolean(),
    pending: z.boolean().describe('An enrolment waits for its first code.'),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactor' });
export const passwordConfirmInput = z.object({ password: z.string().min(1).max(256) }).strict();
export const codeInput = z.object({ code }).strict();
export const disableFactorInput = z.object({ password: z.string().min(1).max(256), code }).strict();
