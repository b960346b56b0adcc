import { CompiledQuery, type Kysely } from 'kysely';
import { nameStatement } from '../db/named-statements.js';
import type { DB } from '../db/schema.js';
import { statement, statementFamily } from '../db/statements.js';

/**
 * The ledger's statements on the write path, compiled once per database (src/db/statements.ts):
 * the events' insert, the head row's update and insert, the checkpoint, the chain read before an
 * append. Same SQL as the query builder makes.
 */

const EVENT_COLUMNS = ['org_id', 'seq', 'entity', 'entity_id', 'body', 'hash'] as const;
export interface EventRow {
  org_id: string;
  seq: number;
  entity: string;
  entity_id: string;
  body: string;
  hash: string;
}

/** Inserts up to this many events with one kept statement per count; more go by the builder. */
export const KEPT_EVENT_ROWS = 16;

const insertEventsOf = statementFamily(
  (n: number) => String(n),
  (n) => Array.from({ length: n }, (_, i) => EVENT_COLUMNS.map((c) => `${i}.${c}`)).flat(),
  (db, n, p) =>
    db.insertInto('ledger_events').values(
      Array.from({ length: n }, (_, i) => ({
        org_id: p[`${i}.org_id`]!,
        seq: p[`${i}.seq`] as unknown as number,
        entity: p[`${i}.entity`]!,
        entity_id: p[`${i}.entity_id`]!,
        body: p[`${i}.body`]!,
        hash: p[`${i}.hash`]!,
      })),
    ),
);

/** Inserts 1 to KEPT_EVENT_ROWS events. */
export function insertEvents(db: Parameters<typeof insertEventsOf>[0], rows: readonly EventRow[]) {
  const values: Record<string, unknown> = {};
  rows.forEach((r, i) => {
    for (const c of EVENT_COLUMNS) values[`${i}.${c}`] = r[c];
  });
  return insertEventsOf(db, rows.length, values);
}

export const updateHead = statement(['orgId', 'seq', 'hash', 'signedAt', 'signature'], (db, p) =>
  db
    .updateTable('ledger_heads')
    .set({
      seq: p.seq as unknown as number,
      hash: p.hash,
      signed_at: p.signedAt,
      signature: p.signature,
    })
    .where('org_id', '=', p.orgId),
);

/** A head row to write: the chain's new head and its signature. */
export interface HeadWrite {
  orgId: string;
  seq: number;
  hash: string;
  signedAt: string;
  signature: string;
}

/** Up to this many head rows are updated by one statement (PostgreSQL). */
export const KEPT_HEAD_ROWS = 16;

const updateHeadsTexts = new Map<number, string>();

/** The text that updates `n` head rows at once: one text per count, kept prepared. */
function updateHeadsText(n: number) {
  let text = updateHeadsTexts.get(n);
  if (!text) {
    const rows = Array.from({ length: n }, (_, i) => {
      const p = i * 5;
      return `($${p + 1}, $${p + 2}::bigint, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    text =
      'update "ledger_heads" set "seq" = "v"."seq", "hash" = "v"."hash", "signed_at" = "v"."signed_at", "signature" = "v"."signature" ' +
      `from (values ${rows.join(', ')}) as "v"("org_id", "seq", "hash", "signed_at", "signature") ` +
      'where "ledger_heads"."org_id" = "v"."org_id"';
    nameStatement(text);
    updateHeadsTexts.set(n, text);
  }
  return text;
}

/**
 * PostgreSQL: updates the head rows of several organizations with one statement (`update … from
 * (values …)`), up to KEPT_HEAD_ROWS at a time; one row goes by `updateHead`. The rows are
 * already locked by the transaction.
 */
export async function updateHeads(db: Kysely<DB>, rows: readonly HeadWrite[]) {
  if (rows.length === 1) {
    await updateHead(db, rows[0]!);
    return;
  }
  for (let i = 0; i < rows.length; i += KEPT_HEAD_ROWS) {
    const chunk = rows.slice(i, i + KEPT_HEAD_ROWS);
    const values = chunk.flatMap((r) => [r.orgId, r.seq, r.hash, r.signedAt, r.signature]);
    await db.executeQuery(CompiledQuery.raw(updateHeadsText(chunk.length), values));
  }
}

export const insertHead = statement(['orgId', 'seq', 'hash', 'signedAt', 'signature'], (db, p) =>
  db.insertInto('ledger_heads').values({
    org_id: p.orgId,
    seq: p.seq as unknown as number,
    hash: p.hash,
    signed_at: p.signedAt,
    signature: p.signature,
  }),
);

export const insertCheckpoint = statement(
  ['orgId', 'seq', 'hash', 'signedAt', 'signature'],
  (db, p) =>
    db.insertInto('ledger_checkpoints').values({
      org_id: p.orgId,
      seq: p.seq as unknown as number,
      hash: p.hash,
      signed_at: p.signedAt,
      signature: p.signature,
    }),
);

/** The events of a chain from seq `from` to `to`, in order. */
export const readEvents = statement(['orgId', 'from', 'to'], (db, p) =>
  db
    .selectFrom('ledger_events')
    .select(['seq', 'entity', 'entity_id', 'body', 'hash'])
    .where('org_id', '=', p.orgId)
    .where('seq', '>=', p.from as unknown as number)
    .where('seq', '<=', p.to as unknown as number)
    .orderBy('seq'),
);

/**
 * The organization's head row with the event at seq `at` beside it (null columns when there is
 * no such event), in one statement: on PostgreSQL the head row is locked (`for update of`), the
 * event is not; `try` skips a row another transaction holds locked (no row then). SQLite's
 * `begin immediate` already serializes every writer.
 */
const headWithEvent = (lock: 'read' | 'lock' | 'try') =>
  statement(['orgId', 'at'], (db, p) => {
    const q = db
      .selectFrom('ledger_heads as h')
      .leftJoin('ledger_events as e', (j) =>
        j.onRef('e.org_id', '=', 'h.org_id').on('e.seq', '=', p.at as unknown as number),
      )
      .select([
        'h.seq',
        'h.hash',
        'h.signed_at',
        'h.signature',
        'e.seq as at_seq',
        'e.entity as at_entity',
        'e.entity_id as at_entity_id',
        'e.body as at_body',
        'e.hash as at_hash',
      ])
      .where('h.org_id', '=', p.orgId);
    if (lock === 'read') return q;
    return lock === 'lock' ? q.forUpdate('h') : q.forUpdate('h').skipLocked();
  });
export const lockHeadWithEvent = headWithEvent('lock');
export const tryLockHeadWithEvent = headWithEvent('try');
export const readHeadWithEvent = headWithEvent('read');
