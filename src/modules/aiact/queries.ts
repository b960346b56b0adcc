import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ClassificationRow, Confirmation } from './schemas.js';

export async function findClassification(
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
): Promise<ClassificationRow | undefined> {
  return db
    .selectFrom('ai_act_classifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ai_system_id', '=', aiSystemId)
    .executeTakeFirst();
}

export async function systemExists(
  db: Kysely<DB>,
  orgId: string,
  aiSystemId: string,
): Promise<boolean> {
  return !!(await db
    .selectFrom('ai_systems')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', aiSystemId)
    .executeTakeFirst());
}

/**
 * The classification's last confirmation. A confirmed row carries it; once the answers change,
 * the row holds the new proposal and the confirmation is read back from the ledger: the newest
 * event of this classification whose state was confirmed (the ledger keeps every state, hashed).
 * Ledger bodies are canonical JSON (RFC 8785) and the state's JSON columns are strings whose
 * quotes are escaped, so `"status":"confirmed"` can only be the state's status; the events come
 * from the (org_id, entity, entity_id, seq) index, newest first.
 */
export async function lastConfirmation(
  db: Kysely<DB>,
  orgId: string,
  row: ClassificationRow,
): Promise<Confirmation | null> {
  if (row.status === 'confirmed')
    return {
      tier: row.proposed_tier,
      byMemberId: row.confirmed_by_member_id ?? null,
      at: row.confirmed_at ?? row.updated_at,
    };
  const event = await db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('entity', '=', 'ai_act_classifications')
    .where('entity_id', '=', row.id)
    .where('body', 'like', '%"status":"confirmed"%')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const state = event
    ? (JSON.parse(event.body) as { state: Record<string, unknown> | null }).state
    : null;
  if (
    state?.status !== 'confirmed' ||
    typeof state.proposed_tier !== 'string' ||
    typeof state.confirmed_at !== 'string'
  )
    return null;
  return {
    tier: state.proposed_tier,
    byMemberId:
      typeof state.confirmed_by_member_id === 'string' ? state.confirmed_by_member_id : null,
    at: state.confirmed_at,
  };
}
