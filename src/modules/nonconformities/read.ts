import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { actionsOf, stepsOf } from './queries.js';
import type { NonconformityRow } from './schemas.js';
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
  return rows.map((nc) =>
    toNonconformityView(nc, actions.get(nc.id) ?? [], steps.get(nc.id) ?? [], access, today),
  );
}
