import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { DIALECTS, openTestDatabase } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import type { DB } from '../../db/schema.js';
import { runInstance } from '../../kernel/commands.js';
import { KeyStore } from '../../kernel/keys.js';
import { sealStoredCredentials } from '../../kernel/credentials.js';
import type { LedgerBody } from '../../kernel/ledger.js';
import {
  addMember,
  createOrg,
  removeMember,
  setupInstance,
  updateMember,
  updateOrg,
} from './commands.js';
import { memberWithName, orgById, ownerCount } from './queries.js';
import { toMemberView, toOrgView } from './schemas.js';

const PASSWORD = 'correct horse battery staple';

/** Every ledger event of an organization, decoded. */
async function chain(db: Kysely<DB>, orgId: string): Promise<LedgerBody[]> {
  const rows = await db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.body) as LedgerBody);
}

describe.each(DIALECTS)('organization and member commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('sets up an empty instance once: the organization and its owner, two events', async () => {
    const database = await openTestDatabase(dialect);
    try {
      const keys = new KeyStore(database.dir);
      await sealStoredCredentials(database, keys.credentials);
      const ctx = {
        database,
        keys,
        actor: null,
        requestId: 'setup-test',
        now: u.clock.now,
      };
      const out = await runInstance(ctx, setupInstance, {
        orgName: 'Acme Health',
        email: 'Ada@Acme.example',
        password: PASSWORD,
      });
      expect(out.org).toMatchObject({ slug: 'acme-health', name: 'Acme Health', version: 1 });
      const events = await chain(database.db, out.org.id);
      expect(events.map((e) => [e.action, e.entity, e.actor])).toEqual([
        ['setup.run', 'orgs', 'anonymous'],
        ['setup.run', 'memberships', 'anonymous'],
      ]);
      expect(events[1]!.state).toMatchObject({
        user_id: out.user.id,
        email: 'ada@acme.example',
        role: 'owner',
      });
      await expect(
        runInstance(ctx, setupInstance, {
          orgName: 'Other',
          email: 'x@acme.example',
          password: PASSWORD,
        }),
      ).rejects.toMatchObject({ code: 'SETUP_DONE', status: 409 });
      expect(await database.db.selectFrom('orgs').select('id').execute()).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it('refuses setup once the instance holds anything, and writes nothing', async () => {
    const head = await u.head();
    await expect(
      runInstance(u.context('host'), setupInstance, {
        orgName: 'Late',
        email: 'late@example.org',
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'SETUP_DONE' });
    expect(await u.head()).toBe(head);
  });

  it('creates another organization owned by an existing user, in its own chain', async () => {
    const owner = u.members.manager;
    const { org, owner: made } = await runInstance(u.context(owner), createOrg, {
      name: 'Acme Research',
      owner: { email: owner.email },
    });
    expect(org.slug).toBe('acme-research');
    expect(made.id).toBe(owner.userId);
    const events = await chain(u.database.db, org.id);
    expect(events.map((e) => [e.action, e.entity, e.seq])).toEqual([
      ['orgs.create', 'orgs', 1],
      ['orgs.create', 'memberships', 2],
    ]);
    expect(events[1]!.state).toMatchObject({ user_id: owner.userId, role: 'owner' });
    await expect(
      runInstance(u.context('host'), createOrg, {
        name: 'Again',
        slug: 'acme-research',
        owner: { email: owner.email },
      }),
    ).rejects.toMatchObject({ code: 'SLUG_TAKEN', errors: [{ pointer: '/body/slug' }] });
    await expect(
      runInstance(u.context('host'), createOrg, {
        name: 'Nobody Yet',
        owner: { email: 'new-owner@example.org' },
      }),
    ).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      errors: [{ pointer: '/body/owner/password' }],
    });
    expect(await chain(u.database.db, org.id)).toHaveLength(2);
  });

  it('renames the organization with If-Match; a viewer may not, and a stale version is 412', async () => {
    const { result, events } = await runAndRecord(
      u,
      updateOrg,
      { name: 'Renamed' },
      { ifMatch: 1 },
    );
    expect(result).toMatchObject({ name: 'Renamed', version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.name])).toEqual([
      ['orgs.update', 'orgs', u.org.id, 'Renamed'],
    ]);
    const head = await u.head();
    await expect(
      u.run(updateOrg, { name: 'Viewer' }, { as: u.members.viewer }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(u.run(updateOrg, { name: 'Stale' }, { ifMatch: 1 })).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
      status: 412,
    });
    expect(await u.head()).toBe(head);
  });

  it('names the roles of top management (5.1, 5.2) without touching the name, in one event', async () => {
    const before = await orgById(u.database.db, u.org.id);
    const { result, events } = await runAndRecord(u, updateOrg, {
      topManagementRoles: ['owner', 'manager'],
    });
    expect(result.name).toBe(before.name);
    expect(toOrgView(result).topManagementRoles).toEqual(['manager', 'owner']);
    expect(events.map((e) => [e.action, e.entity, e.state?.top_management_roles])).toEqual([
      ['orgs.update', 'orgs', '["manager","owner"]'],
    ]);
    await expect(
      u.run(updateOrg, { topManagementRoles: ['viewer'] } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(u.run(updateOrg, { topManagementRoles: [] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await u.verify()).toEqual([]);
  });

  it('adds a member, making the user when new; refuses duplicates and owners made by managers', async () => {
    const { result, events } = await runAndRecord(
      u,
      addMember,
      { email: 'New.Person@Example.org', role: 'contributor', password: PASSWORD },
      { as: u.members.manager },
    );
    expect(result).toMatchObject({ email: 'new.person@example.org', role: 'contributor' });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['members.add', 'memberships', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      org_id: u.org.id,
      email: 'new.person@example.org',
      role: 'contributor',
    });
    const head = await u.head();
    await expect(
      u.run(addMember, { email: 'new.person@example.org', role: 'viewer' }),
    ).rejects.toMatchObject({ code: 'ALREADY_MEMBER', errors: [{ pointer: '/body/email' }] });
    await expect(
      u.run(
        addMember,
        { email: 'boss@example.org', role: 'owner', password: PASSWORD },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      u.run(addMember, { email: 'nopw@example.org', role: 'viewer' }),
    ).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED', status: 422 });
    expect(await u.head()).toBe(head);
  });

  it('keeps the last owner, and lets only owners manage owners', async () => {
    const owner = u.members.owner;
    const head = await u.head();
    await expect(
      u.run(updateMember, { memberId: owner.memberId, role: 'manager' }),
    ).rejects.toMatchObject({ code: 'LAST_OWNER', status: 409 });
    await expect(u.run(removeMember, { memberId: owner.memberId })).rejects.toMatchObject({
      code: 'LAST_OWNER',
    });
    await expect(
      u.run(
        updateMember,
        { memberId: u.members.manager.memberId, role: 'owner' },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(removeMember, { memberId: owner.memberId }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
  });

  it("changes a member's role and records the new state", async () => {
    const viewer = u.members.viewer;
    const { result, events } = await runAndRecord(
      u,
      updateMember,
      { memberId: viewer.memberId, role: 'auditor' },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(result).toMatchObject({ role: 'auditor', version: 2 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.version])).toEqual([
      ['members.update', 'memberships', viewer.memberId, 2],
    ]);
    expect(events[0]!.state).toMatchObject({ role: 'auditor', user_id: viewer.userId });
    await u.run(updateMember, { memberId: viewer.memberId, role: 'viewer' });
  });

  it('shows each caller what they may do with a member: owners manage owners, one owner stays', async () => {
    const db = u.database.db;
    const view = async (memberId: string, as: Parameters<Unit['access']>[0]) =>
      toMemberView(
        await memberWithName(db, u.org.id, memberId),
        await u.access(as),
        await ownerCount(db, u.org.id),
      ).abilities;
    // The one owner: nobody may demote or remove them.
    expect(await view(u.members.owner.memberId, u.members.owner)).toEqual({
      update: false,
      remove: false,
    });
    expect(await view(u.members.viewer.memberId, u.members.manager)).toEqual({
      update: true,
      remove: true,
    });
    expect(await view(u.members.viewer.memberId, u.members.contributor)).toEqual({
      update: false,
      remove: false,
    });
    const second = await u.another('owner');
    // With two owners, an owner may step down or remove the other; a manager still may not.
    expect(await view(second.memberId, u.members.owner)).toEqual({ update: true, remove: true });
    expect(await view(second.memberId, u.members.manager)).toEqual({
      update: false,
      remove: false,
    });
  });

  it('removes a member and revokes their tokens in the same command', async () => {
    const { createTokenFor } = await import('./tokens.js');
    const auditor = u.members.auditor;
    const token = await u.run(
      createTokenFor,
      { name: 'auditor script', scopes: ['read'], userId: auditor.userId },
      { as: 'host' },
    );
    const { events } = await runAndRecord(
      u,
      removeMember,
      { memberId: auditor.memberId },
      { as: u.members.manager },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['members.remove', 'api_tokens', token.id],
      ['members.remove', 'memberships', auditor.memberId],
    ]);
    expect(events[0]!.state).toMatchObject({ revoked_at: u.clock.now().toISOString() });
    expect(events[1]!.state).toBeNull();
    expect(await u.verify()).toEqual([]);
  });
});
