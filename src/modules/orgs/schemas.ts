import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { UUID_RE, uuidSchema } from '../../kernel/ids.js';
import { abilities, isRole, isScope, ROLES, type Role } from '../../kernel/permissions.js';
import { email, password, personName } from '../identity/index.js';
import { memberChangeRefusal, tokenRevokeRefusal } from './rules.js';

/** The roles that may be named top management: those that approve. */
export const TOP_MANAGEMENT_ROLES = ['owner', 'manager'] as const;

export const orgName = z
  .string()
  .trim()
  .min(1, 'Must not be empty.')
  .max(200)
  .describe('Organization name.');
export const slug = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner hyphens only.')
  .refine((s) => !UUID_RE.test(s), 'Must not look like an id.')
  .describe('URL name of the organization: lower-case letters, digits and hyphens.');
export const role = z.enum(ROLES).describe('Role in the organization.');

/** A slug made from a name: "Acme Health AI" → "acme-health-ai". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return s.length >= 2 ? s : `org-${s || 'new'}`;
}

export const memberId = uuidSchema;
export const tokenId = uuidSchema;

export const newOrgInput = z.object({ name: orgName, slug: slug.optional() }).strict();

/** Who owns a new organization: a user found by email, or made when new (then with a password). */
export const ownerInput = z
  .object({
    email,
    name: personName.optional(),
    password: password.optional().describe('Needed only when the user has no account yet.'),
  })
  .strict();

export const setupInput = z
  .object({
    orgName,
    orgSlug: slug.optional(),
    email,
    name: personName.optional(),
    password,
    withExample: z
      .boolean()
      .optional()
      .describe('Also load the example AIMS (AI systems, policy, risks, SoA…).'),
  })
  .strict();

export const scopesInput = z
  .array(z.string().max(100).refine(isScope, 'Not a scope: use read, write or an action name.'))
  .min(1)
  .max(50)
  .describe(
    'read (every read action), write (every action), or action names such as members.read.',
  );

export const tokenFields = {
  name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "CI pipeline".'),
  scopes: scopesInput
    .optional()
    .describe(
      "read (every read action), write (every action), or action names such as members.read; never beyond the member's role nor, when an API token creates the token, beyond that token's scopes. Default: write, or the creating token's own scopes.",
    ),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the token stops working (RFC 3339). Default: never.'),
};

export const orgView = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    scopedAccess: z
      .boolean()
      .describe(
        'Whether contributors may change only the records of the AI systems they are assigned to (access matched to responsibilities).',
      ),
    topManagementRoles: z
      .array(z.string())
      .describe(
        'The roles whose members count as top management (5.1, 5.2); empty until the organization says.',
      ),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Organization' });
export const orgWithRole = orgView.extend({ role: z.string(), abilities: z.array(z.string()) });
/** The organization as the caller sees it, with the AI systems their changes are limited to. */
export const orgForCaller = orgWithRole.extend({
  assignedAiSystemIds: z
    .array(z.string())
    .nullable()
    .describe(
      'When the caller is limited to some AI systems (a contributor while access is scoped): the systems whose records they may change; null: every system.',
    ),
});

export const memberView = z
  .object({
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    abilities: z
      .object({
        update: z.boolean().describe("Whether the caller may change this member's role now."),
        remove: z.boolean().describe('Whether the caller may remove this member now.'),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Member' });

export const tokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognize it.'),
    userId: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    abilities: z
      .object({ revoke: z.boolean().describe('Whether the caller may revoke this token now.') })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiToken' });
export const newTokenView = tokenView.extend({
  token: z.string().describe('The secret: shown only in this response.'),
});

export type OrgRow = Row<'orgs'>;
/** A membership with its user's display name. */
export type MemberRow = Pick<
  Row<'memberships'>,
  'id' | 'user_id' | 'email' | 'role' | 'version' | 'created_at'
> & { name: string };
/** A token with the membership of its user in the organization (null once they left). */
export type TokenRow = Row<'api_tokens'> & { member_id: string | null };

export const toOrgView = (o: OrgRow): z.infer<typeof orgView> => ({
  id: o.id,
  slug: o.slug,
  name: o.name,
  scopedAccess: o.scoped_access === 1,
  topManagementRoles: o.top_management_roles ? decodeJson(o.top_management_roles) : [],
  version: o.version,
  createdAt: o.created_at,
  updatedAt: o.updated_at,
});

/** An organization with the caller's role there and the actions it allows. */
export const toOrgWithRole = (
  o: OrgRow,
  role: string,
  scopes?: string[],
): z.infer<typeof orgWithRole> => ({
  ...toOrgView(o),
  role,
  abilities: isRole(role) ? abilities(role, scopes) : [],
});

export const toOrgForCaller = (o: OrgRow, access: OrgAccess): z.infer<typeof orgForCaller> => ({
  ...toOrgWithRole(o, access.role, access.scopes),
  assignedAiSystemIds: access.systems ? [...access.systems] : null,
});

/** A member as the API shows it to this caller; `owners` is how many owners the organization has. */
export const toMemberView = (
  m: MemberRow,
  access: OrgAccess,
  owners: number,
): z.infer<typeof memberView> => ({
  id: m.id,
  userId: m.user_id,
  email: m.email,
  name: m.name,
  // Written only through the `role` schema (add, change), so always one of ROLES.
  role: m.role as Role,
  abilities: {
    // Any role but owner stands for "another role": what the role editor offers first.
    update:
      can(access, 'members.update') && memberChangeRefusal(m, 'viewer', access, owners) === null,
    remove: can(access, 'members.remove') && memberChangeRefusal(m, null, access, owners) === null,
  },
  version: m.version,
  createdAt: m.created_at,
});

/** A token as the API shows it to this caller (never its hash). */
export const toTokenView = (t: TokenRow, access: OrgAccess): z.infer<typeof tokenView> => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  userId: t.user_id,
  scopes: decodeJson(t.scopes),
  expiresAt: t.expires_at,
  revokedAt: t.revoked_at,
  abilities: {
    revoke: can(access, 'tokens.revoke') && tokenRevokeRefusal(t, access) === null,
  },
  version: t.version,
  createdAt: t.created_at,
});
