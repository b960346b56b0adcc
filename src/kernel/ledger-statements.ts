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
 * event is not. SQLite's `begin immediate` already serializes every writer.
 */
const headWithEvent = (lock: boolean) =>
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
    return lock ? q.forUpdate('h') : q;
  });
export const lockHeadWithEvent = headWithEvent(true);
export const readHeadWithEvent = headWithEvent(false);
