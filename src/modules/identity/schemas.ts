import { z } from 'zod';
import { abilities, isRole } from '../../kernel/permissions.js';

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
  role: z.string(),
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
