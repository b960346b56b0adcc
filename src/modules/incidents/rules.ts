import { encodeJson } from '../../db/json.js';
import type { OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { deleteRecord, findRecord, insertRecord, loadRecord } from '../../kernel/records.js';
import { systemOfModel, systemsOf } from './queries.js';
import type { IncidentRow, SystemRef } from './schemas.js';

/** What the incident commands share: loading, checks on times and references, the timeline. */

export const loadIncident = (tx: OrgTx, id: string) =>
  loadRecord(tx.db, 'incidents', tx.org.orgId, id, 'incident');

/** An instant as stored: UTC, ISO 8601 with milliseconds. */
export const utc = (iso: string) => new Date(iso).toISOString();

const refuse = (pointer: string, message: string, detail = message) =>
  new AppError('INCONSISTENT_INPUT', detail, [{ pointer, message }]);

/** A time that has happened already (a detection, a report sent, a timeline entry). */
export function notFuture(tx: OrgTx, iso: string, pointer: string): string {
  const at = utc(iso);
  if (at > tx.now) throw refuse(pointer, 'Must not be in the future.');
  return at;
}

/** An incident cannot have occurred after it was detected. */
export function checkOrder(occurredAt: string | null, detectedAt: string, pointer: string) {
  if (occurredAt && occurredAt > detectedAt)
    throw refuse(
      pointer,
      'Must not be after the detection.',
      'It cannot have occurred after it was detected.',
    );
}

/** A closed incident is kept as it was closed. */
export function assertOpen(i: IncidentRow) {
  if (i.status === 'closed')
    throw new AppError('INVALID_STATE', 'The incident is closed: it is kept as it was closed.');
}

/**
 * The AI systems and model versions, each a record of this organization, each model version one
 * of its system's; the same pair twice counts once.
 */
export async function checkSystems(tx: OrgTx, systems: SystemRef[]): Promise<SystemRef[]> {
  const orgId = tx.org.orgId;
  const seen = new Map<string, SystemRef>();
  for (const [n, s] of systems.entries()) {
    if (!(await findRecord(tx.db, 'ai_systems', orgId, s.aiSystemId)))
      throw new AppError('UNKNOWN_REFERENCE', 'No such AI system.', [
        { pointer: `/body/systems/${n}/aiSystemId`, message: 'No such AI system.' },
      ]);
    if (s.aiModelId && (await systemOfModel(tx.db, orgId, s.aiModelId)) !== s.aiSystemId)
      throw new AppError('UNKNOWN_REFERENCE', 'No such model version of this AI system.', [
        { pointer: `/body/systems/${n}/aiModelId`, message: 'Not a model version of this system.' },
      ]);
    seen.set(`${s.aiSystemId}|${s.aiModelId ?? ''}`, s);
  }
  return [...seen.values()];
}

/** Makes the incident's systems exactly these: rows removed and added, each an event. */
export async function replaceSystems(tx: OrgTx, incidentId: string, systems: SystemRef[]) {
  const orgId = tx.org.orgId;
  const key = (s: { aiSystemId: string; aiModelId?: string | null }) =>
    `${s.aiSystemId}|${s.aiModelId ?? ''}`;
  const wanted = new Map(systems.map((s) => [key(s), s]));
  const current = await systemsOf(tx.db, orgId, [incidentId]);
  for (const row of current) {
    const k = key({ aiSystemId: row.ai_system_id, aiModelId: row.ai_model_id });
    if (wanted.has(k)) wanted.delete(k);
    else await deleteRecord(tx, orgId, 'incident_systems', row.id);
  }
  for (const s of wanted.values())
    await insertRecord(tx, orgId, 'incident_systems', {
      incident_id: incidentId,
      ai_system_id: s.aiSystemId,
      ai_model_id: s.aiModelId ?? null,
    });
}

/** Adds a line to the incident's timeline, by the caller, at `at` (default: now). */
export function addToTimeline(
  tx: OrgTx,
  incidentId: string,
  kind: string,
  entry: string,
  at: string = tx.now,
) {
  return insertRecord(tx, tx.org.orgId, 'incident_timeline', {
    incident_id: incidentId,
    at,
    kind,
    entry,
    member_id: tx.org.memberId,
  });
}

export const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const encodeList = (list: readonly string[]) => encodeJson([...list]);
