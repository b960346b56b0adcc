/**
 * Group commit (src/kernel/group-commit.ts): commands that arrive while another's transaction is
 * open share it, each in a savepoint of its own (on PostgreSQL only once one of them failed),
 * and the batch's newest head is signed and appended to the head log once, before any of them
 * answers.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { run, runBatch } from '../src/kernel/commands.js';
import type { OrgAccess } from '../src/kernel/context.js';
import { AppError } from '../src/kernel/errors.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { createServices } from '../src/server.js';
import { verifyLedger } from '../src/kernel/verify.js';
import { DIALECTS } from './harness.js';
import { watchQueries } from './pg-queries.js';
import { openUnit, type Unit } from './unit.js';

describe.each(DIALECTS)('group commit on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(async () => u?.close());

  const logLines = () =>
    fs.readFileSync(u.services.keys.heads.file(u.org.id), 'utf8').trim().split('\n');
  const lastLogged = () => JSON.parse(logLines().at(-1)!) as { seq: number; hash: string };
  const headRow = () =>
    u.database.db
      .selectFrom('ledger_heads')
      .select(['seq', 'hash'])
      .where('org_id', '=', u.org.id)
      .executeTakeFirstOrThrow();
  const tokenNames = async () =>
    (
      await u.database.db
        .selectFrom('api_tokens')
        .select('name')
        .where('org_id', '=', u.org.id)
        .execute()
    ).map((r) => r.name);
  const create = (name: string) =>
    u.run(createTokenFor, { name, scopes: ['read'], userId: u.members.owner.userId });
  /** A command that writes a token (row and pending event) and then fails. */
  const doomed = async (name: string) =>
    runBatch(u.context(), 'tokens.create', await u.access(), async (step) => {
      await step(createTokenFor, { name, scopes: ['read'], userId: u.members.owner.userId });
      throw new AppError('CONFLICT', `${name} refuses to finish.`);
    });

  it('a command sent the moment the one before it answered runs (the queue is drained again, never left waiting)', async () => {
    const seqBefore = await u.head();
    // Each awaited in turn: the next one is queued while the drain that answered the last one
    // is letting go of the queue. Left there, it would wait for nobody.
    const access = await u.access();
    for (let i = 0; i < 20; i++)
      await run(
        u.context(),
        createTokenFor,
        { name: `in-turn-${i}`, scopes: ['read'], userId: u.members.owner.userId },
        { access },
      );
    expect(await u.head()).toBe(seqBefore + 20);
    const names = await tokenNames();
    for (let i = 0; i < 20; i++) expect(names).toContain(`in-turn-${i}`);
  });

  it('a batch that cannot open its transaction answers the error to its commands, one by one, rather than try forever', async () => {
    const seqBefore = await u.head();
    const database = u.database;
    const { pin } = database;
    const { transaction } = database.db;
    const down = new Error('the database is unreachable');
    let opened = 0;
    // Each batch fails at its start: PostgreSQL takes a pinned connection, SQLite opens a transaction.
    if (pin)
      database.pin = () => {
        opened++;
        return Promise.reject(down);
      };
    else
      database.db.transaction = () => {
        opened++;
        throw down;
      };
    try {
      const access = await u.access();
      const settled = await Promise.allSettled(
        [0, 1, 2].map((i) =>
          run(
            u.context(),
            createTokenFor,
            { name: `unreachable-${i}`, scopes: ['read'], userId: u.members.owner.userId },
            { access },
          ),
        ),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const s of settled) expect((s as PromiseRejectedResult).reason).toBe(down);
      expect(opened).toBe(3);
    } finally {
      database.pin = pin;
      database.db.transaction = transaction;
    }
    expect(await u.head()).toBe(seqBefore);
    // And the queue works again once the database does.
    await create('reachable-again');
    expect(await u.head()).toBe(seqBefore + 1);
  });

  it('commands arriving together commit once: one that fails changes nothing and answers its own error, the others commit, one head is logged', async () => {
    const seqBefore = await u.head();
    const linesBefore = logLines().length;
    // All sent at once: the first opens the transaction, the others queue and join it.
    const access = await u.access();
    // The caller's access resolved beforehand, so that all five reach the runner in one tick.
    const now = (name: string, a: OrgAccess) =>
      run(
        u.context(),
        createTokenFor,
        { name, scopes: ['read'], userId: u.members.owner.userId },
        { access: a },
      );
    const failing = runBatch(u.context(), 'tokens.create', access, async (step) => {
      await step(createTokenFor, {
        name: 'batch doomed',
        scopes: ['read'],
        userId: u.members.owner.userId,
      });
      throw new AppError('CONFLICT', 'batch doomed refuses to finish.');
    });
    const settled = await Promise.allSettled([
      now('batch a', access),
      now('batch b', access),
      failing,
      now('batch c', access),
      now('batch d', access),
    ]);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'CONFLICT',
      message: 'batch doomed refuses to finish.',
    });
    const names = await tokenNames();
    expect(names).toEqual(expect.arrayContaining(['batch a', 'batch b', 'batch c', 'batch d']));
    expect(names).not.toContain('batch doomed');
    // Four events, consecutive, none of the failed command's.
    const events = await u.events(seqBefore);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4].map((i) => seqBefore + i));
    expect(events.map((e) => (e.state as { name: string }).name)).toEqual([
      'batch a',
      'batch b',
      'batch c',
      'batch d',
    ]);
    // ONE head-log line for the batch, and it is the head the database holds.
    expect(logLines().length).toBe(linesBefore + 1);
    const head = await headRow();
    expect(lastLogged()).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(head.seq).toBe(seqBefore + 4);
    expect(await u.verify()).toEqual([]);
  });

  it('a batch signs its head row once, in its transaction: the signature covers every command of the batch, and an event of it changed afterwards is found', async () => {
    const seqBefore = await u.head();
    const keys = u.services.keys;
    const { signHead, signHeadInPool } = keys;
    const signedSeqs: number[] = [];
    // Head rows are signed in the thread pool, checkpoints in line: both are counted.
    keys.signHead = (orgId, seq, hash, at) => {
      signedSeqs.push(seq);
      return signHead.call(keys, orgId, seq, hash, at);
    };
    keys.signHeadInPool = (orgId, seq, hash, at) => {
      signedSeqs.push(seq);
      return signHeadInPool.call(keys, orgId, seq, hash, at);
    };
    const access = await u.access();
    const names = ['one-sig a', 'one-sig b', 'one-sig c', 'one-sig d', 'one-sig e'];
    try {
      await Promise.all(
        names.map((name) =>
          run(
            u.context(),
            createTokenFor,
            { name, scopes: ['read'], userId: u.members.owner.userId },
            { access },
          ),
        ),
      );
    } finally {
      keys.signHead = signHead;
      keys.signHeadInPool = signHeadInPool;
    }
    const head = await u.database.db
      .selectFrom('ledger_heads')
      .select(['seq', 'hash', 'signed_at', 'signature'])
      .where('org_id', '=', u.org.id)
      .executeTakeFirstOrThrow();
    expect(head.seq).toBe(seqBefore + names.length);
    // One signature for the head row of the five commands (and one per checkpoint crossed).
    const checkpoints = (
      await u.database.db
        .selectFrom('ledger_checkpoints')
        .select('seq')
        .where('org_id', '=', u.org.id)
        .where('seq', '>', seqBefore)
        .execute()
    ).map((c) => c.seq);
    expect(signedSeqs).toEqual([...checkpoints, head.seq]);
    const events = await u.database.db
      .selectFrom('ledger_events')
      .select(['seq', 'hash', 'body'])
      .where('org_id', '=', u.org.id)
      .where('seq', '>', seqBefore)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.seq)).toEqual(names.map((_, i) => seqBefore + i + 1));
    expect(events.at(-1)!.hash).toBe(head.hash);
    expect(
      keys.verifyHead({
        org_id: u.org.id,
        seq: head.seq,
        hash: head.hash,
        signed_at: head.signed_at!,
        signature: head.signature!,
      }),
    ).toBe(true);
    expect(lastLogged()).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(await u.verify()).toEqual([]);
    // An event in the middle of the batch rewritten: verification names it.
    const middle = events[2]!;
    const setBody = (body: string) =>
      u.database.db
        .updateTable('ledger_events')
        .set({ body })
        .where('org_id', '=', u.org.id)
        .where('seq', '=', middle.seq)
        .execute();
    await setBody(middle.body.replace('one-sig c', 'one-sig X'));
    try {
      expect(await u.verify()).not.toEqual([]);
    } finally {
      await setBody(middle.body);
    }
    expect(await u.verify()).toEqual([]);
  });

  it('the first command of a batch failing rolls back only itself: the ones queued behind it commit', async () => {
    const seqBefore = await u.head();
    const settled = await Promise.allSettled([
      doomed('first doomed'),
      create('after e'),
      create('after f'),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const names = await tokenNames();
    expect(names).toEqual(expect.arrayContaining(['after e', 'after f']));
    expect(names).not.toContain('first doomed');
    expect((await u.events(seqBefore)).map((e) => e.seq)).toEqual([seqBefore + 1, seqBefore + 2]);
    expect(lastLogged().seq).toBe(seqBefore + 2);
    expect(await u.verify()).toEqual([]);
  });

  it.runIf(dialect === 'postgres')(
    'on PostgreSQL a batch takes no savepoint until one of its commands fails; it then runs again with them, and each command commits once',
    async () => {
      const watch = watchQueries();
      const sent = () => watch.texts();
      try {
        const access = await u.access();
        const now = (name: string) =>
          run(
            u.context(),
            createTokenFor,
            { name, scopes: ['read'], userId: u.members.owner.userId },
            { access },
          );
        const savepoints = () => sent().filter((t) => /savepoint/i.test(t)).length;
        const lines = logLines().length;
        await Promise.all([now('plain a'), now('plain b'), now('plain c'), now('plain d')]);
        // One batch (one head-log line), and not one savepoint.
        expect(logLines().length).toBe(lines + 1);
        expect(savepoints()).toBe(0);

        const seqBefore = await u.head();
        watch.sent.length = 0;
        // All four reach the queue in this tick (the caller's access resolved beforehand): the
        // first opens the batch, the others join it.
        const settled = await Promise.allSettled([
          now('again a'),
          now('again b'),
          runBatch(u.context(), 'tokens.create', access, async (step) => {
            await step(createTokenFor, {
              name: 'again doomed',
              scopes: ['read'],
              userId: u.members.owner.userId,
            });
            throw new AppError('CONFLICT', 'again doomed refuses to finish.');
          }),
          now('again c'),
        ]);
        expect(settled.map((r) => r.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
        // The first try rolled back at the failure; the second gave each command after the
        // first its savepoint, and rolled back to the failing one's.
        expect(sent().filter((t) => t === 'rollback').length).toBe(1);
        expect(sent().filter((t) => t === 'savepoint aims_command').length).toBe(3);
        expect(sent().filter((t) => t === 'rollback to savepoint aims_command').length).toBe(1);
        const events = await u.events(seqBefore);
        expect(events.map((e) => (e.state as { name: string }).name)).toEqual([
          'again a',
          'again b',
          'again c',
        ]);
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3].map((i) => seqBefore + i));
        expect(await tokenNames()).not.toContain('again doomed');
        expect(await u.verify()).toEqual([]);
      } finally {
        watch.stop();
      }
    },
  );

  it('16 concurrent writers: every write present once, consecutive seqs, every head logged, verification passes', async () => {
    const seqBefore = await u.head();
    const writers = 16;
    const each = 8;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) await create(`writer ${w} #${i}`);
      }),
    );
    const names = await tokenNames();
    for (let w = 0; w < writers; w++)
      for (let i = 0; i < each; i++) expect(names).toContain(`writer ${w} #${i}`);
    const events = await u.events(seqBefore);
    expect(events.map((e) => e.seq)).toEqual(
      Array.from({ length: writers * each }, (_, i) => seqBefore + i + 1),
    );
    const head = await headRow();
    expect(lastLogged()).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(await u.verify()).toEqual([]);
  });

  it('a batch whose head cannot reach the log: no command of it is acknowledged, the restart signs the committed head, verification passes', async () => {
    const { heads } = u.services.keys;
    // The group commit appends with the line signed in line (one organization) or in the pool.
    const { append, appendInPool } = heads;
    heads.append = () => {
      throw new Error('the data folder is gone');
    };
    heads.appendInPool = () => Promise.reject(new Error('the data folder is gone'));
    let settled: PromiseSettledResult<unknown>[];
    try {
      settled = await Promise.allSettled([create('lost g'), create('lost h'), create('lost i')]);
    } finally {
      heads.append = append;
      heads.appendInPool = appendInPool;
    }
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // Committed, but not acknowledged: what a crash between the commit and the log leaves.
    expect(await tokenNames()).toEqual(expect.arrayContaining(['lost g', 'lost h', 'lost i']));
    const head = await headRow();
    expect(lastLogged().seq).toBeLessThan(head.seq);
    const restarted = await createServices(
      { ...loadConfig({ AIMS_DATA_DIR: u.database.dir }), logLevel: 'silent' },
      u.database,
    );
    expect(restarted.keys.alarms.of(u.org.id)).toBeUndefined();
    expect(lastLogged()).toMatchObject({ seq: head.seq, hash: head.hash });
    const report = await verifyLedger(restarted.database, restarted.keys, u.org.id);
    expect(report.problems).toEqual([]);
  });
});
