/**
 * Commands as units: a fresh organization on a real database (SQLite or PostgreSQL), members of
 * every role, an injectable clock, a way to run any command as any member without HTTP, and the
 * ledger events it wrote. Record factories (test/factories.ts) build on it.
 */
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import type { Services } from '../src/api/route.js';
import { resolveOrg } from '../src/kernel/authorize.js';
import { run, runCommand, type OrgCommand } from '../src/kernel/commands.js';
import type { Actor, Context, OrgAccess } from '../src/kernel/context.js';
import { newId } from '../src/kernel/ids.js';
import type { LedgerBody } from '../src/kernel/ledger.js';
import type { Role } from '../src/kernel/permissions.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { openTestDatabase, type DialectName, type TestDatabase } from './harness.js';

/** A clock the test sets: every command and read sees this time. */
export class TestClock {
  constructor(public current = new Date('2026-03-02T09:00:00.000Z')) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface UnitMember {
  role: Role;
  userId: string;
  email: string;
  memberId: string;
  actor: Actor;
}

export interface Unit {
  dialect: DialectName;
  database: TestDatabase;
  services: Services;
  clock: TestClock;
  org: { id: string; slug: string };
  members: Record<Role, UnitMember>;
  /** A second member of a role (a second manager for four-eyes steps), made on first use. */
  another(role: Role): Promise<UnitMember>;
  /**
   * Another organization in the same database, with the viewer's user as its owner: ids that
   * belong to no record or member of this one. Made on first use.
   */
  outsider(): Promise<{ orgId: string; memberId: string }>;
  /** The organization as this member (or the host operator, the CLI) sees it. */
  access(as?: UnitMember | 'host'): Promise<OrgAccess>;
  context(as?: UnitMember | 'host'): Context;
  /** Runs a command as a member (default: the owner), exactly as the API and CLI do. */
  run<S extends z.ZodObject, O>(
    cmd: OrgCommand<S, O>,
    input: z.input<S>,
    opts?: { as?: UnitMember | 'host'; ifMatch?: number },
  ): Promise<O>;
  /** The ledger events after `afterSeq` (default: all), decoded. */
  events(afterSeq?: number): Promise<LedgerBody[]>;
  /** The ledger head's sequence number (0 for none). */
  head(): Promise<number>;
  /** `aims ledger verify` for the organization: the problem codes, [] when all is well. */
  verify(): Promise<string[]>;
  close(): Promise<void>;
}

const ROLES: Role[] = ['owner', 'manager', 'contributor', 'auditor', 'viewer'];

export async function openUnit(dialect: DialectName): Promise<Unit> {
  const database = await openTestDatabase(dialect);
  const clock = new TestClock();
  const config = { ...loadConfig({ AIMS_DATA_DIR: database.dir }), logLevel: 'silent' };
  const services = { ...(await createServices(config, database)), now: clock.now };
  const host: Actor = { kind: 'host', name: 'test' };
  const contextOf = (actor: Actor): Context => ({
    database: services.database,
    keys: services.keys,
    actor,
    requestId: newId(),
    now: clock.now,
    reactions: services.reactions,
  });
  const org = { id: newId(), slug: `org-${newId().slice(-8)}` };
  const addMember = async (role: Role, orgCreate = false): Promise<UnitMember> => {
    const userId = newId();
    const email = `${role}-${userId.slice(-6)}@example.org`;
    const now = clock.now().toISOString();
    await database.db
      .insertInto('users')
      .values({
        id: userId,
        email,
        name: role,
        password_hash: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const memberId = newId();
    await runCommand(
      contextOf(host),
      { action: orgCreate ? 'orgs.create' : 'members.add', input: z.unknown(), raw: undefined },
      async (tx) => {
        if (orgCreate) {
          const o = {
            ...org,
            name: 'Unit test org',
            version: 1,
            created_at: tx.now,
            updated_at: tx.now,
          };
          await tx.db.insertInto('orgs').values(o).execute();
          tx.record(org.id, 'orgs', org.id, o);
        }
        const m = {
          id: memberId,
          org_id: org.id,
          user_id: userId,
          email,
          role,
          version: 1,
          created_at: tx.now,
          updated_at: tx.now,
        };
        await tx.db.insertInto('memberships').values(m).execute();
        tx.record(org.id, 'memberships', m.id, m);
      },
    );
    return {
      role,
      userId,
      email,
      memberId,
      actor: { kind: 'user', userId, email, via: 'session' },
    };
  };
  const members = {} as Record<Role, UnitMember>;
  members.owner = await addMember('owner', true);
  for (const role of ROLES.slice(1)) members[role] = await addMember(role);
  const extra = new Map<Role, UnitMember>();
  let outsider: { orgId: string; memberId: string } | undefined;

  const unit: Unit = {
    dialect,
    database,
    services,
    clock,
    org,
    members,
    async another(role) {
      if (!extra.has(role)) extra.set(role, await addMember(role));
      return extra.get(role)!;
    },
    async outsider() {
      if (outsider) return outsider;
      const made = { orgId: newId(), memberId: newId() };
      await runCommand(
        contextOf(host),
        { action: 'orgs.create', input: z.unknown(), raw: undefined },
        async (tx) => {
          const base = { version: 1, created_at: tx.now, updated_at: tx.now };
          const o = {
            id: made.orgId,
            slug: `other-${made.orgId.slice(-8)}`,
            name: 'Another org',
            ...base,
          };
          await tx.db.insertInto('orgs').values(o).execute();
          tx.record(o.id, 'orgs', o.id, o);
          const m = {
            id: made.memberId,
            org_id: o.id,
            user_id: members.viewer.userId,
            email: members.viewer.email,
            role: 'owner',
            ...base,
          };
          await tx.db.insertInto('memberships').values(m).execute();
          tx.record(o.id, 'memberships', m.id, m);
        },
      );
      return (outsider = made);
    },
    context: (as = members.owner) => contextOf(as === 'host' ? host : as.actor),
    access: (as = members.owner) =>
      resolveOrg(database.db, as === 'host' ? host : as.actor, org.id),
    async run(cmd, input, opts = {}) {
      const as = opts.as ?? members.owner;
      return run(unit.context(as), cmd, input, {
        access: await unit.access(as),
        ifMatch: opts.ifMatch,
      });
    },
    async events(afterSeq = 0) {
      const rows = await database.db
        .selectFrom('ledger_events')
        .select('body')
        .where('org_id', '=', org.id)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .execute();
      return rows.map((r) => JSON.parse(r.body) as LedgerBody);
    },
    async head() {
      const h = await database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst();
      return h?.seq ?? 0;
    },
    async verify() {
      return (await verifyOrg(database.db, services.keys, org.id)).problems.map((p) => p.code);
    },
    close: () => database.close(),
  };
  return unit;
}

/**
 * Runs a command and returns what it wrote to the ledger as well: the test then asserts the
 * events (action, entity, state) a change is supposed to leave.
 */
export async function runAndRecord<S extends z.ZodObject, O>(
  unit: Unit,
  cmd: OrgCommand<S, O>,
  input: z.input<S>,
  opts?: { as?: UnitMember | 'host'; ifMatch?: number },
): Promise<{ result: O; events: LedgerBody[] }> {
  const before = await unit.head();
  const result = await unit.run(cmd, input, opts);
  return { result, events: await unit.events(before) };
}
