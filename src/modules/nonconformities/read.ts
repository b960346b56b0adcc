import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { isNamedTable, NameWants, namesWanted, resolveNames } from '../../kernel/names.js';
import { decodeJson } from '../../db/json.js';
import { SOURCE_TABLES } from './references.js';
import { sourceRecords } from './queries-sources.js';
import { actionsOf, stepsOf } from './queries.js';
import type { ActionRow, NonconformityRow, StepRow } from './schemas.js';
import { toNonconformityView, type NonconformityView } from './views.js';

/** Nonconformities with their actions and steps, as this caller sees them on `today`. */
export async function nonconformityViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: NonconformityRow[],
  today: string,
): Promise<NonconformityView[]> {
  const ids = rows.map((r) => r.id);
  const actions = await actionsOf(db, access.orgId, ids);
  const steps = await stepsOf(db, access.orgId, ids);
  const wants = new Map(
    rows.map((nc) => [nc.id, refsOf(nc, actions.get(nc.id) ?? [], steps.get(nc.id) ?? [])]),
  );
  const all = new NameWants();
  for (const w of wants.values()) for (const [source, set] of w.wanted) all.add(source, [...set]);
  const names = await resolveNames(db, access, all);
  const sources = await sourceRecords(db, access, rows);
  return rows.map((nc) =>
    toNonconformityView(
      nc,
      actions.get(nc.id) ?? [],
      steps.get(nc.id) ?? [],
      access,
      today,
      namesWanted(names, wants.get(nc.id)!),
      (nc.source_id && sources.get(nc.source_id)) || null,
    ),
  );
}

/**
 * What a nonconformity refers to, for its names: its source record (a concern by its summary,
 * only to who may read concerns; never its reporter), the similar nonconformities, its members.
 */
function refsOf(nc: NonconformityRow, actions: ActionRow[], steps: StepRow[]): NameWants {
  const w = new NameWants();
  const table = SOURCE_TABLES[nc.source_type];
  if (table && isNamedTable(table)) w.add(table, nc.source_id);
  const similar = nc.similar === null ? null : decodeJson(nc.similar);
  if (similar) w.add('nonconformities', similar.nonconformityIds);
  w.add('catalog', nc.requirement_id);
  w.add('memberships', [nc.raised_by_member_id, nc.owner_member_id, nc.verified_by_member_id]);
  for (const a of actions)
    w.add('memberships', [a.owner_member_id, a.completed_by_member_id, a.author_member_id]);
  for (const s of steps) w.add('memberships', s.member_id);
  return w;
}
