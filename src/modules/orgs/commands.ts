import { z } from 'zod';
import { checkVersion, defineCommand, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { email, orgName, password, personName, role, slug, slugify } from '../identity/schemas.js';
import { findOrCreateUser } from '../identity/users.js';

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Error(`command needs ${what}`);
  return v;
};

/** Makes an organization with `userId` as its first owner: two records, two ledger events. */
export async function createOrganization(
  tx: Tx,
  input: { name: string; slug?: string | undefined },
  user: { id: string; email: string },
) {
  const s = input.slug ?? slugify(input.name);
  const taken = await tx.db
    .selectFrom('orgs')
    .select('id')
    .where('slug', '=', s)
    .executeTakeFirst();
  if (taken)
    throw new AppError('SLUG_TAKEN', `The slug "${s}" is taken.`, [
      { pointer: '/body/slug', message: 'Already in use.' },
    ]);
  const org = {
    id: newId(),
    slug: s,
    name: input.name,
    version: 1,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('orgs').values(org).execute();
  tx.record(org.id, 'orgs', org.id, org);
  const m = {
    id: newId(),
    org_id: org.id,
    user_id: user.id,
    email: user.email,
    role: 'owner',
    version: 1,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('memberships').values(m).execute();
  tx.record(org.id, 'memberships', m.id, m);
  return org;
}

export const newOrgInput = z.object({ name: orgName, slug: slug.optional() }).strict();

/** First-run setup: the first organization and its owner, allowed only while the instance is empty. */
export const setupInstance = defineCommand({
  action: 'setup.run',
  input: z
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
    .strict(),
  async run(tx, input) {
    const any = await tx.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
    const anyUser = await tx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any || anyUser) throw new AppError('SETUP_DONE');
    const { user } = await findOrCreateUser(tx.db, tx.now, input);
    const org = await createOrganization(tx, { name: input.orgName, slug: input.orgSlug }, user);
    return { org, user };
  },
});

/** A signed-in user (or the host) makes another organization and owns it. */
export const createOrg = defineCommand({
  action: 'orgs.create',
  input: newOrgInput,
  async run(tx, input, scope) {
    const userId = need(scope.ids?.userId, 'userId');
    const user = await tx.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return createOrganization(tx, input, user);
  },
});

export const updateOrg = defineCommand({
  action: 'orgs.update',
  input: z.object({ name: orgName }).strict(),
  async run(tx, input, scope) {
    const orgId = need(scope.access, 'access').orgId;
    const org = await tx.db
      .selectFrom('orgs')
      .selectAll()
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    checkVersion(org.version, scope.ifMatch);
    const next = { ...org, name: input.name, version: org.version + 1, updated_at: tx.now };
    await tx.db
      .updateTable('orgs')
      .set({ name: next.name, version: next.version, updated_at: next.updated_at })
      .where('id', '=', orgId)
      .execute();
    tx.record(orgId, 'orgs', orgId, next);
    return next;
  },
});

export const addMember = defineCommand({
  action: 'members.add',
  input: z
    .object({
      email,
      role,
      name: personName.optional(),
      password: password.optional().describe('Needed only when the user has no account yet.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const access = need(scope.access, 'access');
    if (input.role === 'owner' && access.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner may make another owner.');
    }
    const { user } = await findOrCreateUser(tx.db, tx.now, input);
    const existing = await tx.db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', access.orgId)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (existing)
      throw new AppError('ALREADY_MEMBER', `${user.email} is already a member.`, [
        { pointer: '/body/email', message: 'Already a member.' },
      ]);
    const m = {
      id: newId(),
      org_id: access.orgId,
      user_id: user.id,
      email: user.email,
      role: input.role,
      version: 1,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await tx.db.insertInto('memberships').values(m).execute();
    tx.record(access.orgId, 'memberships', m.id, m);
    return { ...m, name: user.name };
  },
});

async function loadMember(tx: Tx, orgId: string, id: string) {
  const m = await tx.db
    .selectFrom('memberships')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!m) throw notFound('member');
  return m;
}

async function assertOtherOwner(tx: Tx, orgId: string, memberId: string) {
  const other = await tx.db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .where('id', '<>', memberId)
    .limit(1)
    .executeTakeFirst();
  if (!other)
    throw new AppError('LAST_OWNER', 'This is the last owner: make someone else an owner first.');
}

export const updateMember = defineCommand({
  action: 'members.update',
  input: z.object({ role }).strict(),
  async run(tx, input, scope) {
    const access = need(scope.access, 'access');
    const m = await loadMember(tx, access.orgId, need(scope.ids?.memberId, 'memberId'));
    checkVersion(m.version, scope.ifMatch);
    if ((m.role === 'owner' || input.role === 'owner') && access.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner may grant or take away the owner role.');
    }
    if (m.role === 'owner' && input.role !== 'owner')
      await assertOtherOwner(tx, access.orgId, m.id);
    const next = { ...m, role: input.role, version: m.version + 1, updated_at: tx.now };
    await tx.db
      .updateTable('memberships')
      .set({ role: next.role, version: next.version, updated_at: tx.now })
      .where('id', '=', m.id)
      .execute();
    tx.record(access.orgId, 'memberships', m.id, next);
    return next;
  },
});

export const removeMember = defineCommand({
  action: 'members.remove',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const access = need(scope.access, 'access');
    const m = await loadMember(tx, access.orgId, need(scope.ids?.memberId, 'memberId'));
    checkVersion(m.version, scope.ifMatch);
    if (m.role === 'owner') {
      if (access.role !== 'owner')
        throw new AppError('FORBIDDEN', 'Only an owner may remove an owner.');
      await assertOtherOwner(tx, access.orgId, m.id);
    }
    // The member's tokens for this organization stop working with the membership.
    const tokens = await tx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('org_id', '=', access.orgId)
      .where('user_id', '=', m.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    for (const t of tokens) {
      const next = { ...t, revoked_at: tx.now, version: t.version + 1, updated_at: tx.now };
      await tx.db
        .updateTable('api_tokens')
        .set({ revoked_at: tx.now, version: next.version, updated_at: tx.now })
        .where('id', '=', t.id)
        .execute();
      tx.record(access.orgId, 'api_tokens', t.id, next);
    }
    await tx.db.deleteFrom('memberships').where('id', '=', m.id).execute();
    tx.record(access.orgId, 'memberships', m.id, null);
    return { id: m.id };
  },
});
