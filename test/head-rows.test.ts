/**
 * The signed head rows of a batch (src/kernel/ledger.ts `BatchHeads.write`): on PostgreSQL the
 * rows of the organizations a batch moved are updated by one statement (up to KEPT_HEAD_ROWS
 * rows each), and every row still holds its own chain's head, signed, the head log's last line.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/schema.js';
import { run } from '../src/kernel/commands.js';
import { setWriteLanes } from '../src/kernel/group-commit.js';
import { KEPT_HEAD_ROWS } from '../src/kernel/ledger-statements.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { updateOrg } from '../src/modules/orgs/index.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

type Execute = (...args: unknown[]) => unknown;

/** The SQL of every query sent through any handle of this database while `run` runs. */
async function queriesOf<T>(db: Kysely<DB>, run: () => Promise<T>) {
  const proto = Object.getPrototypeOf(db.getExecutor()) as { executeQuery: Execute };
  const original = proto.executeQuery;
  const sent: string[] = [];
  proto.executeQuery = function (this: unknown, ...args: unknown[]) {
    sent.push((args[0] as { sql: string }).sql);
    return original.apply(this, args);
  };
  try {
    return { value: await run(), sent };
  } finally {
    proto.executeQuery = original;
  }
}

describe.each(DIALECTS)('the head rows of a batch (%s)', (dialect) => {
  let t: TestApp;
  const orgs: OrgFixture[] = [];
  beforeAll(async () => {
    t = await openTestApp(dialect);
    for (let i = 0; i < KEPT_HEAD_ROWS + 2; i++) orgs.push(await createOrgFixture(t, `Rows ${i}`));
    // One lane: the commands of all these organizations share transactions.
    setWriteLanes(t.services.database, 1);
  });
  afterAll(() => t?.close());

  /** Renames the organizations at once through the runner, as the host: one batch in one lane. */
  const renameAll = (some: OrgFixture[], name: string) =>
    Promise.all(
      some.map((o) =>
        run(
          {
            database: t.services.database,
            keys: t.services.keys,
            actor: { kind: 'host', name: 'test' },
            requestId: `rename-${o.id}`,
            now: t.services.now,
          },
          updateOrg,
          { name },
          { access: { orgId: o.id, slug: o.slug, role: 'owner', memberId: null } },
        ),
      ),
    );

  /** Each organization's head row: its last event, signed, and the head log's last line. */
  async function expectSignedHeads(some: OrgFixture[]) {
    const db = t.database.db;
    for (const o of some) {
      const row = await db
        .selectFrom('ledger_heads')
        .selectAll()
        .where('org_id', '=', o.id)
        .executeTakeFirstOrThrow();
      const last = await db
        .selectFrom('ledger_events')
        .select(['seq', 'hash'])
        .where('org_id', '=', o.id)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect({ seq: row.seq, hash: row.hash }).toEqual(last);
      const signed = {
        org_id: o.id,
        seq: row.seq,
        hash: row.hash,
        signed_at: row.signed_at!,
        signature: row.signature!,
      };
      expect(t.services.keys.verifyHead(signed)).toBe(true);
      expect(t.services.keys.heads.last(o.id)?.head).toMatchObject({
        seq: row.seq,
        hash: row.hash,
        signed_at: row.signed_at,
      });
      expect((await verifyOrg(db, t.services.keys, o.id)).problems).toEqual([]);
    }
  }

  it('organizations renamed together: one statement for their head rows, each row its own signed head', async () => {
    const some = orgs.slice(0, 3);
    const { value, sent } = await queriesOf(t.database.db, () => renameAll(some, 'Together'));
    expect(value).toHaveLength(3);
    const updates = sent.filter((q) => q.startsWith('update "ledger_heads"'));
    if (dialect === 'postgres') {
      // The three commands met in one transaction (one lane), so their heads went together.
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatch(/from \(values (\(.*\), ){2}\(.*\)\) as "v"/);
    } else expect(updates).toHaveLength(3);
    await expectSignedHeads(some);
  });

  it(`more than ${KEPT_HEAD_ROWS} organizations in one batch: their rows in chunks`, async () => {
    const { value, sent } = await queriesOf(t.database.db, () => renameAll(orgs, 'Many'));
    expect(value).toHaveLength(orgs.length);
    if (dialect === 'postgres') {
      const updates = sent.filter((q) => q.startsWith('update "ledger_heads"'));
      // The eighteen commands met in one transaction: their rows in two statements.
      const rowsOf = (q: string) => (q.match(/::bigint/g) ?? []).length || 1;
      expect(updates.map(rowsOf)).toEqual([KEPT_HEAD_ROWS, 2]);
    }
    await expectSignedHeads(orgs);
  });
});
