import { z } from 'zod';
import { instanceCommand, orgCommand, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { encodeJson } from '../../db/json.js';
import { deleteRecord, findRecord, insertRecord, updateRecord } from '../../kernel/records.js';
import { anyUser, email, findOrCreateUser, password, personName } from '../identity/index.js';
import {
  anyOrg,
  membershipOfUser,
  orgById,
  ownerCount,
  slugTaken,
  unrevokedTokensOf,
} from './queries.js';
import { memberChangeRefusal } from './rules.js';
import {
  memberId,
  newOrgInput,
  orgName,
  ownerInput,
  role,
  setupInput,
  slugify,
  TOP_MANAGEMENT_ROLES,
  type OrgRow,
} from './schemas.js';

/** Makes an organization with `user` as its first owner: two records, two ledger events. */
async function createOrganization(
  tx: Tx,
  input: { name: string; slug?: string | undefined },
  user: { id: string; email: string },
): Promise<OrgRow> {
  const s = input.slug ?? slugify(input.name);
  if (await slugTaken(tx.db, s))
    throw new AppError('SLUG_TAKEN', `The slug "${s}" is taken.`, [
      { pointer: '/body/slug', message: 'Already in use.' },
    ]);
  const org: OrgRow = {
    id: newId(),
    slug: s,
    name: input.name,
    version: 1,
    created_at: tx.now,
    updated_at: tx.now,
    scoped_access: null,
    top_management_roles: null,
  };
  await tx.db.insertInto('orgs').values(org).execute();
  tx.record(org.id, 'orgs', org.id, org);
  await insertRecord(tx, org.id, 'memberships', {
    user_id: user.id,
    email: user.email,
    role: 'owner',
  });
  return org;
}

/** First-run setup: the first organization and its owner, allowed only while the instance is empty. */
export const setupInstance = instanceCommand({
  action: 'setup.run',
  input: setupInput,
  async run(tx, input) {
    if ((await anyOrg(tx.db)) || (await anyUser(tx.db))) throw new AppError('SETUP_DONE');
    const { user } = await findOrCreateUser(tx.db, tx.now, tx.ctx.keys.credentials, input);
    const org = await createOrganization(tx, { name: input.orgName, slug: input.orgSlug }, user);
    return { org, user };
  },
});

/**
 * Another organization, owned by a user: a signed-in user making one for themselves, or the host
 * operator (`aims org create`) naming the owner, who is made when new.
 */
export const createOrg = instanceCommand({
  action: 'orgs.create',
  input: newOrgInput.extend({ owner: ownerInput }),
  async run(tx, input) {
    const { user } = await findOrCreateUser(
      tx.db,
      tx.now,
      tx.ctx.keys.credentials,
      input.owner,
      '/body/owner/password',
    );
    const org = await createOrganization(tx, input, user);
    return { org, owner: user };
  },
});

/**
 * Renames an organization and/or says which roles count as its top management (5.1, 5.2: the AI
 * policy and the scope must be approved by top management for readiness to count them).
 */
export const updateOrg = orgCommand({
  action: 'orgs.update',
  input: z
    .object({
      name: orgName.optional(),
      topManagementRoles: z
        .array(z.enum(TOP_MANAGEMENT_ROLES))
        .min(1)
        .max(TOP_MANAGEMENT_ROLES.length)
        .optional()
        .describe(
          'The roles whose members are top management: who approves the AI policy and the scope (5.1, 5.2).',
        ),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const org = await orgById(tx.db, orgId);
    tx.expectVersion(org.version);
    const next: OrgRow = {
      ...org,
      name: input.name ?? org.name,
      top_management_roles: input.topManagementRoles
        ? encodeJson([...new Set(input.topManagementRoles)].sort())
        : org.top_management_roles,
      version: org.version + 1,
      updated_at: tx.now,
    };
    await tx.db
      .updateTable('orgs')
      .set({
        name: next.name,
        top_management_roles: next.top_management_roles,
        version: next.version,
        updated_at: next.updated_at,
      })
      .where('id', '=', orgId)
      .execute();
    tx.record(orgId, 'orgs', orgId, next);
    return next;
  },
});

/**
 * Turns access matched to responsibilities on or off: while on, contributors change only the
 * records of the AI systems they are assigned to (src/kernel/system-scope.ts).
 */
export const configureAccess = orgCommand({
  action: 'orgs.configure_access',
  input: z
    .object({
      scopedAccess: z
        .boolean()
        .describe(
          'On: contributors change only the records of the AI systems they are assigned to (or Responsible or Accountable for) and read the rest. Off: every contributor changes every record.',
        ),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const org = await orgById(tx.db, orgId);
    tx.expectVersion(org.version);
    const next = {
      ...org,
      scoped_access: input.scopedAccess ? 1 : 0,
      version: org.version + 1,
      updated_at: tx.now,
    };
    await tx.db
      .updateTable('orgs')
      .set({
        scoped_access: next.scoped_access,
        version: next.version,
        updated_at: next.updated_at,
      })
      .where('id', '=', orgId)
      .execute();
    tx.record(orgId, 'orgs', orgId, next);
    return next;
  },
});

/** Adds a user (made when new) as a member; only an owner makes another owner. */
export const addMember = orgCommand({
  action: 'members.add',
  input: z
    .object({
      email,
      role,
      name: personName.optional(),
      password: password.optional().describe('Needed only when the user has no account yet.'),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    if (input.role === 'owner' && tx.org.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner may make another owner.');
    }
    const { user } = await findOrCreateUser(tx.db, tx.now, tx.ctx.keys.credentials, input);
    if (await membershipOfUser(tx.db, orgId, user.id))
      throw new AppError('ALREADY_MEMBER', `${user.email} is already a member.`, [
        { pointer: '/body/email', message: 'Already a member.' },
      ]);
    const m = await insertRecord(tx, orgId, 'memberships', {
      user_id: user.id,
      email: user.email,
      role: input.role,
    });
    return { ...m, name: user.name };
  },
});

const loadMember = async (tx: Tx, orgId: string, id: string) => {
  const m = await findRecord(tx.db, 'memberships', orgId, id);
  if (!m) throw notFound('member');
  return m;
};

/** Changes a member's role; only an owner grants or takes away the owner role, and one stays. */
export const updateMember = orgCommand({
  action: 'members.update',
  input: z.object({ role, memberId }).strict(),
  pathIds: ['memberId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const m = await loadMember(tx, orgId, input.memberId);
    tx.expectVersion(m.version);
    const refusal = memberChangeRefusal(m, input.role, tx.org, await ownerCount(tx.db, orgId));
    if (refusal) throw refusal;
    return updateRecord(tx, orgId, 'memberships', m, { role: input.role });
  },
});

/** Removes a member; their tokens for this organization are revoked with the membership. */
export const removeMember = orgCommand({
  action: 'members.remove',
  input: z.object({ memberId }).strict(),
  pathIds: ['memberId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const m = await loadMember(tx, orgId, input.memberId);
    tx.expectVersion(m.version);
    const refusal = memberChangeRefusal(m, null, tx.org, await ownerCount(tx.db, orgId));
    if (refusal) throw refusal;
    for (const t of await unrevokedTokensOf(tx.db, orgId, m.user_id))
      await updateRecord(tx, orgId, 'api_tokens', t, { revoked_at: tx.now });
    await deleteRecord(tx, orgId, 'memberships', m.id);
    return { id: m.id };
  },
});
