/**
 * Write lanes and retries (src/kernel/group-commit.ts, src/kernel/lanes.ts): on PostgreSQL the
 * commands of different organizations share a transaction (one commit, one head-log transaction,
 * one signed head row per organization); a command that fails there answers its own error and
 * the others commit; a deadlock or a serialization failure runs the batch again instead of
 * answering an error.
 */
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openPostgres, type DatabaseSource } from '../src/db/connect.js';
import { resolveOrg } from '../src/kernel/authorize.js';
import { run, runBatch, runCommand } from '../src/kernel/commands.js';
import type { Context, OrgAccess } from '../src/kernel/context.js';
import { AppError } from '../src/kernel/errors.js';
import { MAX_RETRIES, setWriteLanes, writeLaneCount } from '../src/kernel/group-commit.js';
import { Lanes } from '../src/kernel/lanes.js';
import { newId } from '../src/kernel/ids.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { createServices } from '../src/server.js';
import { DIALECTS } from './harness.js';
import { watchQueries } from './pg-queries.js';
import { openUnit, type Unit } from './unit.js';

/** An error as PostgreSQL's driver raises it for a deadlock. */
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('lanes', () => {
  it('an organization keeps its lane while it has commands in flight; a new one takes the least busy lane', () => {
    const l = new Lanes(3);
    expect(l.take('a')).toBe(0);
    expect(l.take('b')).toBe(1);
    expect(l.take('a')).toBe(0);
    expect(l.take('c')).toBe(2);
    expect(l.take('d')).toBe(1);
    l.release('a');
    expect(l.laneOf('a')).toBe(0);
    l.release('a');
    expect(l.laneOf('a')).toBeUndefined();
    // Lane 0 is idle now: the next newcomer goes there.
    expect(l.take('e')).toBe(0);
  });

  it('AIMS_WRITE_LANES sets how many; by default the number of CPUs, at least 2 and at most 8; anything else is refused', () => {
    expect(loadConfig({ AIMS_WRITE_LANES: '3' }).writeLanes).toBe(3);
    expect(loadConfig({}).writeLanes).toBe(Math.min(8, Math.max(2, os.availableParallelism())));
    for (const bad of ['0', '65', 'two', '1.5'])
      expect(() => loadConfig({ AIMS_WRITE_LANES: bad })).toThrow(/AIMS_WRITE_LANES must be/);
  });
});

describe.each(DIALECTS)('lanes and retries on %s', (dialect) => {
  let u: Unit;
  let other: { orgId: string; access: OrgAccess; ctx: () => Context; userId: string };
  beforeAll(async () => {
    u = await openUnit(dialect);
    const o = await u.outsider();
    const viewer = u.members.viewer;
    other = {
      orgId: o.orgId,
      access: await resolveOrg(u.database.db, viewer.actor, o.orgId),
      ctx: () => u.context(viewer),
      userId: viewer.userId,
    };
  });
  afterAll(async () => u?.close());

  const logLines = (orgId: string) =>
    fs.readFileSync(u.services.keys.heads.file(orgId), 'utf8').trim().split('\n').length;
  const tokenNames = async (orgId: string) =>
    (
      await u.database.db
        .selectFrom('api_tokens')
        .select('name')
        .where('org_id', '=', orgId)
        .execute()
    ).map((r) => r.name);
  const verifyBoth = async () => {
    for (const orgId of [u.org.id, other.orgId]) {
      const report = await verifyOrg(u.database.db, u.services.keys, orgId);
      expect(report.problems).toEqual([]);
    }
  };
  const inOrg = async (name: string) =>
    run(
      u.context(),
      createTokenFor,
      { name, scopes: ['read'], userId: u.members.owner.userId },
      { access: await u.access() },
    );
  const inOther = (name: string) =>
    run(
      other.ctx(),
      createTokenFor,
      { name, scopes: ['read'], userId: other.userId },
      { access: other.access },
    );
  /**
   * Counts the transactions opened on the database while `fn` runs: each `begin` a pg client
   * sent (a batch's, and a head-log transaction's, which sends its own on a connection of its
   * own: src/db/head-locks.ts).
   */
  const countTransactions = async <T>(fn: () => Promise<T>) => {
    const watch = watchQueries();
    try {
      const value = await fn();
      return { value, transactions: watch.texts().filter((t) => /^begin\b/i.test(t)).length };
    } finally {
      watch.stop();
    }
  };

  it('commands of two organizations sent together share one transaction; the one that fails answers its own error, the others commit, both chains verify', async () => {
    setWriteLanes(u.database, 1);
    const access = await u.access();
    const linesBefore = [logLines(u.org.id), logLines(other.orgId)];
    const seqBefore = await u.head();
    const { value: settled, transactions } = await countTransactions(() =>
      Promise.allSettled([
        run(
          u.context(),
          createTokenFor,
          { name: 'lane a1', scopes: ['read'], userId: u.members.owner.userId },
          { access },
        ),
        inOther('lane b1'),
        runBatch(other.ctx(), 'tokens.create', other.access, async (step) => {
          await step(createTokenFor, {
            name: 'lane b doomed',
            scopes: ['read'],
            userId: other.userId,
          });
          throw new AppError('CONFLICT', 'lane b doomed refuses to finish.');
        }),
        run(
          u.context(),
          createTokenFor,
          { name: 'lane a2', scopes: ['read'], userId: u.members.owner.userId },
          { access },
        ),
      ]),
    );
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    if (dialect === 'postgres') {
      // One transaction for the four commands, run twice: first without savepoints, rolled back
      // when the third failed, then again with them. And one for the head-log lines of both
      // organizations (one queue per organization would have taken two and two).
      expect(transactions).toBe(3);
    }
    expect(await tokenNames(u.org.id)).toEqual(expect.arrayContaining(['lane a1', 'lane a2']));
    const inB = await tokenNames(other.orgId);
    expect(inB).toContain('lane b1');
    expect(inB).not.toContain('lane b doomed');
    expect((await u.events(seqBefore)).map((e) => e.seq)).toEqual([seqBefore + 1, seqBefore + 2]);
    // One head-log line for each organization.
    expect([logLines(u.org.id), logLines(other.orgId)]).toEqual(linesBefore.map((n) => n + 1));
    await verifyBoth();
  });

  it.skipIf(dialect !== 'postgres')(
    "on PostgreSQL a batch's events go in together before its head rows; an organization's are in before its next command runs",
    async () => {
      setWriteLanes(u.database, 1);
      const access = await u.access();
      const watch = watchQueries();
      // The rows of each event insert (an event row takes six parameters).
      const inserts = () =>
        watch.sent
          .filter((q) => q.text.startsWith('insert into "ledger_events"'))
          .map((q) => (q.values?.length ?? 0) / 6);
      const seqs = [await u.head(), await headOf(other.orgId)];
      try {
        const { transactions } = await countTransactions(() =>
          Promise.all([
            run(
              u.context(),
              createTokenFor,
              { name: 'deferred a', scopes: ['read'], userId: u.members.owner.userId },
              { access },
            ),
            inOther('deferred b'),
          ]),
        );
        // One transaction and one head-log transaction; both events in one statement.
        expect(transactions).toBe(2);
        expect(inserts()).toEqual([2]);
        watch.sent.length = 0;
        // All three reach the lane in this tick (the caller's access resolved beforehand): the
        // first opens the batch, the other two join it.
        const inA = (name: string) =>
          run(
            u.context(),
            createTokenFor,
            { name, scopes: ['read'], userId: u.members.owner.userId },
            { access },
          );
        await Promise.all([inA('again a1'), inOther('again b'), inA('again a2')]);
        // The first command's event went in before the third command (same organization) ran.
        expect(inserts()).toEqual([1, 2]);
      } finally {
        watch.stop();
      }
      expect([await u.head(), await headOf(other.orgId)]).toEqual([seqs[0]! + 3, seqs[1]! + 2]);
      expect((await u.events(seqs[0])).map((e) => (e.state as { name: string }).name)).toEqual([
        'deferred a',
        'again a1',
        'again a2',
      ]);
      await verifyBoth();
    },
  );

  it.skipIf(dialect !== 'postgres')(
    'the server takes its number of lanes from its configuration',
    async () => {
      await createServices({ ...u.services.config, writeLanes: 3 }, u.database);
      expect(writeLaneCount(u.database)).toBe(3);
      await createServices({ ...u.services.config, writeLanes: 1 }, u.database);
      expect(writeLaneCount(u.database)).toBe(1);
    },
  );

  /** A third organization, the viewer its owner; `run` writes a token in it as them. */
  const thirdOrg = async () => {
    const orgId = newId();
    const viewer = u.members.viewer;
    await runCommand(
      u.context('host'),
      { action: 'orgs.create', input: z.unknown(), raw: undefined },
      async (tx) => {
        const base = { version: 1, created_at: tx.now, updated_at: tx.now };
        const o = { id: orgId, slug: `third-${orgId.slice(-8)}`, name: 'A third org', ...base };
        await tx.db.insertInto('orgs').values(o).execute();
        tx.record(o.id, 'orgs', o.id, o);
        const m = {
          id: newId(),
          org_id: orgId,
          user_id: viewer.userId,
          email: viewer.email,
          role: 'owner',
          ...base,
        };
        await tx.db.insertInto('memberships').values(m).execute();
        tx.record(orgId, 'memberships', m.id, m);
      },
    );
    const access = await resolveOrg(u.database.db, viewer.actor, orgId);
    return {
      orgId,
      run: (name: string) =>
        run(
          u.context(viewer),
          createTokenFor,
          { name, scopes: ['read'], userId: viewer.userId },
          { access },
        ),
    };
  };

  it.skipIf(dialect !== 'postgres')(
    "on PostgreSQL a batch's statements that do not wait for each other go out together on its connection: begin with the first head lock, the queued commands' head locks, and the end (events, head rows, commit, the head-log transaction's lock)",
    async () => {
      setWriteLanes(u.database, 1);
      const third = await thirdOrg();
      const access = await u.access();
      const seqs = [await u.head(), await headOf(other.orgId), await headOf(third.orgId)];
      const watch = watchQueries();
      try {
        // All four reach the lane in this tick: the first opens the batch, the others join it.
        await Promise.all([
          run(
            u.context(),
            createTokenFor,
            { name: 'together a', scopes: ['read'], userId: u.members.owner.userId },
            { access },
          ),
          inOther('together b'),
          third.run('together c'),
          third.run('together c2'),
        ]);
      } finally {
        watch.stop();
      }
      const sent = watch.sent;
      const at = (re: RegExp, from = 0) => {
        const i = sent.findIndex((q, k) => k >= from && re.test(q.text));
        expect(i, String(re)).toBeGreaterThanOrEqual(0);
        return i;
      };
      const batch = sent[at(/^begin$/)]!.client;
      const mine = sent.filter((q) => q.client === batch);
      const texts = mine.map((q) => q.text);
      const lockRe = /^select "h"\."seq".* for update/;
      // begin, and the first command's head lock sent behind it.
      expect(texts[0]).toBe('begin');
      expect(texts[1]).toMatch(lockRe);
      expect(mine[1]!.behind).toBe(true);
      // The two other organizations' heads tried at once (skip locked), the second behind the first.
      const tries = mine.filter((q) => / skip locked$/.test(q.text));
      expect(tries).toHaveLength(2);
      expect(mine.indexOf(tries[1]!)).toBe(mine.indexOf(tries[0]!) + 1);
      expect(tries[1]!.behind).toBe(true);
      // The end in one write: events, head rows, commit, the head-log transaction's lock.
      // (The third organization's first event went in before its second command ran.)
      const end = texts.indexOf('commit') - 2;
      expect(texts.slice(end, end + 4).map((t) => t.split(' ')[0])).toEqual([
        'insert',
        'update',
        'commit',
        'begin;',
      ]);
      expect(texts[end + 3]).toMatch(/^begin; select org_id from ledger_heads .* for update$/);
      expect(mine.slice(end + 1, end + 4).every((q) => q.behind)).toBe(true);
      // Then the head-log transaction's commit, after the lines were appended, on its own.
      expect(texts.slice(end + 4)).toEqual(['commit']);
      expect(mine.at(-1)!.behind).toBe(false);
      expect([await u.head(), await headOf(other.orgId), await headOf(third.orgId)]).toEqual([
        seqs[0]! + 1,
        seqs[1]! + 1,
        seqs[2]! + 2,
      ]);
      for (const orgId of [u.org.id, other.orgId, third.orgId]) {
        const report = await verifyOrg(u.database.db, u.services.keys, orgId);
        expect(report.problems).toEqual([]);
      }
    },
  );

  it('a command that meets a deadlock is run again with its batch, in a fresh transaction: nobody answers an error, nothing is written twice', async () => {
    setWriteLanes(u.database, 1);
    const access = await u.access();
    // One deadlock for the first command of the batch, one for a command that joined it.
    const flaky = (ctx: Context, a: OrgAccess, userId: string, name: string) => {
      let tries = 0;
      const p = runBatch(ctx, 'tokens.create', a, async (step) => {
        tries++;
        await step(createTokenFor, { name, scopes: ['read'], userId });
        if (tries === 1) throw deadlock();
      });
      return p.then(() => tries);
    };
    const settled = await Promise.allSettled([
      flaky(u.context(), access, u.members.owner.userId, 'retry first'),
      inOther('retry b'),
      flaky(other.ctx(), other.access, other.userId, 'retry joined'),
      inOrg('retry a'),
    ]);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[0] as PromiseFulfilledResult<number>).value).toBeGreaterThan(1);
    expect((settled[2] as PromiseFulfilledResult<number>).value).toBeGreaterThan(1);
    const inA = await tokenNames(u.org.id);
    const inB = await tokenNames(other.orgId);
    for (const [names, name] of [
      [inA, 'retry first'],
      [inA, 'retry a'],
      [inB, 'retry b'],
      [inB, 'retry joined'],
    ] as const)
      expect(names.filter((n) => n === name)).toHaveLength(1);
    await verifyBoth();
  });

  it('a command that meets a deadlock every time answers it after the last try; the others of its batch commit', async () => {
    setWriteLanes(u.database, 1);
    let tries = 0;
    const settled = await Promise.allSettled([
      inOrg('beside hopeless'),
      runBatch(other.ctx(), 'tokens.create', other.access, async (step) => {
        tries++;
        await step(createTokenFor, { name: 'hopeless', scopes: ['read'], userId: other.userId });
        throw deadlock();
      }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected']);
    expect(tries).toBe(MAX_RETRIES + 1);
    expect(await tokenNames(u.org.id)).toContain('beside hopeless');
    expect(await tokenNames(other.orgId)).not.toContain('hopeless');
    await verifyBoth();
  });

  it.skipIf(dialect !== 'postgres' || !process.env.AIMS_TEST_POSTGRES_URL)(
    'two lanes that lock two organizations in opposite orders deadlock on the server: the victim is run again, both commit, both chains verify',
    async () => {
      setWriteLanes(u.database, 2);
      const access = await u.access();
      let aLocked!: () => void;
      let bLocked!: () => void;
      const aReady = new Promise<void>((r) => (aLocked = r));
      const bReady = new Promise<void>((r) => (bLocked = r));
      const seqs = [await u.head(), await headOf(other.orgId)];
      // Each locks its own organization's head first (before its body), then appends an event
      // to the other's chain, whose head the other lane holds: a cycle the server breaks.
      const crossing = (
        ctx: Context,
        a: OrgAccess,
        mine: () => void,
        theirs: Promise<void>,
        to: string,
      ) =>
        runCommand(
          ctx,
          { action: 'tokens.create', access: a, input: z.unknown(), raw: undefined },
          async (tx) => {
            mine();
            await theirs;
            const id = newId();
            tx.record(a.orgId, 'orgs', id, null);
            tx.record(to, 'orgs', id, null);
          },
        );
      const { value: settled, transactions } = await countTransactions(() =>
        Promise.allSettled([
          crossing(u.context(), access, aLocked, bReady, other.orgId),
          crossing(other.ctx(), other.access, bLocked, aReady, u.org.id),
        ]),
      );
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      // Two transactions and two head-log transactions, and at least one run again.
      expect(transactions).toBeGreaterThan(4);
      expect([await u.head(), await headOf(other.orgId)]).toEqual(seqs.map((s) => s + 2));
      await verifyBoth();
    },
    20_000,
  );

  it.skipIf(dialect !== 'postgres' || !process.env.AIMS_TEST_POSTGRES_URL)(
    'two processes whose batches take two organizations in opposite orders never deadlock: a command whose head the other holds waits for the next batch',
    async () => {
      // A second process: its own pool, queues and key store, on the same schema and data folder.
      const source = u.database.source as Extract<DatabaseSource, { kind: 'postgres' }>;
      const database = openPostgres(
        new pg.Pool({
          connectionString: source.connectionString,
          ...(source.options ? { options: source.options } : {}),
          max: 5,
        }),
        source,
      );
      const config = { ...loadConfig({ AIMS_DATA_DIR: u.database.dir }), logLevel: 'silent' };
      const second = await createServices(config, database);
      const watch = watchQueries();
      try {
        setWriteLanes(u.database, 1);
        setWriteLanes(database, 1);
        const access = await u.access();
        const onFirst = {
          a: (n: string) => inOrg(n),
          b: (n: string) => inOther(n),
        };
        const onSecond = {
          a: (n: string) =>
            run(
              { ...u.context(), database, keys: second.keys },
              createTokenFor,
              { name: n, scopes: ['read'], userId: u.members.owner.userId },
              { access },
            ),
          b: (n: string) =>
            run(
              { ...other.ctx(), database, keys: second.keys },
              createTokenFor,
              { name: n, scopes: ['read'], userId: other.userId },
              { access: other.access },
            ),
        };
        const seqs = [await u.head(), await headOf(other.orgId)];
        for (let round = 0; round < 3; round++) {
          // Each process opens a batch with one organization, and the other's command joins it.
          const settled = await Promise.allSettled([
            onFirst.a(`first a ${round}`),
            onSecond.b(`second b ${round}`),
            onFirst.b(`first b ${round}`),
            onSecond.a(`second a ${round}`),
          ]);
          expect(settled.map((r) => r.status)).toEqual(Array(4).fill('fulfilled'));
        }
        expect(watch.errorCodes.filter((c) => c === '40P01')).toEqual([]);
        expect([await u.head(), await headOf(other.orgId)]).toEqual(seqs.map((n) => n + 6));
        await verifyBoth();
      } finally {
        watch.stop();
        await database.close();
      }
    },
    20_000,
  );

  const headOf = async (orgId: string) =>
    (
      await u.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    )?.seq ?? 0;
});
