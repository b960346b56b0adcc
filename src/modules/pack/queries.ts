import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The reads of the audit pack: the organization and its ledger, a bounded page at a time. */
type Db = Kysely<DB>;

export function orgForPack(db: Db, orgId: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'slug', 'name'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}

export function chainHead(db: Db, orgId: string) {
  return db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export async function eventBody(db: Db, orgId: string, seq: number): Promise<string | null> {
  const row = await db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.body ?? null;
}

/** The entities (tables) that events 1..upTo change. */
export async function entitiesUpTo(db: Db, orgId: string, upTo: number): Promise<string[]> {
  const rows = await db
    .selectFrom('ledger_events')
    .select('entity')
    .distinct()
    .where('org_id', '=', orgId)
    .where('seq', '<=', upTo)
    .execute();
  return rows.map((r) => r.entity).sort();
}

/**
 * The last event up to `upTo` of each record of an entity, a page of ids at a time (keyset on
 * the id): one pass over the (org_id, entity, entity_id, seq) index.
 */
export async function lastEventsPage(
  db: Db,
  orgId: string,
  entity: string,
  upTo: number,
  afterId: string | null,
  limit: number,
): Promise<{ entity_id: string; seq: number }[]> {
  let q = db
    .selectFrom('ledger_events')
    .select((eb) => ['entity_id', eb.fn.max('seq').as('seq')])
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('seq', '<=', upTo);
  if (afterId !== null) q = q.where('entity_id', '>', afterId);
  const rows = await q.groupBy('entity_id').orderBy('entity_id').limit(limit).execute();
  return rows.map((r) => ({ entity_id: r.entity_id, seq: Number(r.seq) }));
}

export async function bodiesAt(db: Db, orgId: string, seqs: number[]) {
  if (seqs.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('ledger_events')
    .select(['seq', 'body'])
    .where('org_id', '=', orgId)
    .where('seq', 'in', seqs)
    .execute();
  return new Map(rows.map((r) => [Number(r.seq), r.body]));
}

/** Events after `after` up to `upTo`, in order, at most `limit`. */
export function eventsPage(db: Db, orgId: string, after: number, upTo: number, limit: number) {
  return db
    .selectFrom('ledger_events')
    .select(['seq', 'entity', 'entity_id', 'body', 'hash'])
    .where('org_id', '=', orgId)
    .where('seq', '>', after)
    .where('seq', '<=', Math.min(upTo, after + limit))
    .orderBy('seq')
    .execute();
}

export function checkpointsUpTo(db: Db, orgId: string, upTo: number) {
  return db
    .selectFrom('ledger_checkpoints')
    .select(['org_id', 'seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', orgId)
    .where('seq', '<=', upTo)
    .orderBy('seq')
    .execute();
}

/** The organization's AI systems whose id or name is one of `wanted` (for a pack's scope). */
export function aiSystemsNamed(db: Db, orgId: string, wanted: string[]) {
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', 'in', wanted), eb('name', 'in', wanted)]))
    .orderBy('name')
    .execute();
}
