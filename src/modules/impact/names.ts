import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB, Row } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, pickNames, resolveNames, type Names } from '../../kernel/names.js';
import { toItemView } from './schemas.js';

/**
 * The names of what a page of assessments refers to (their AI systems, model versions, author
 * and approver), read at once, one query per kind: a function giving each its own.
 */
export async function assessmentNames(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: Row<'impact_assessments'>[],
): Promise<(a: Row<'impact_assessments'>) => Names> {
  const refs = (a: Row<'impact_assessments'>) => [
    a.ai_system_id,
    a.ai_model_id,
    a.author_member_id,
    a.approver_member_id,
  ];
  const all = await resolveNames(
    db,
    access,
    new NameWants()
      .add(
        'ai_systems',
        rows.map((a) => a.ai_system_id),
      )
      .add(
        'ai_models',
        rows.map((a) => a.ai_model_id),
      )
      .add(
        'memberships',
        rows.flatMap((a) => [a.author_member_id, a.approver_member_id]),
      ),
  );
  return (a) => pickNames(all, refs(a));
}

/** Impacts as views, naming the risks and controls they refer to (those the caller may read). */
export async function itemViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: Row<'impact_items'>[],
): Promise<ReturnType<typeof toItemView>[]> {
  const ids = (r: Row<'impact_items'>) => [...decodeJson(r.risk_ids), ...decodeJson(r.control_ids)];
  const all = await resolveNames(
    db,
    access,
    new NameWants()
      .add(
        'risks',
        rows.flatMap((r) => decodeJson(r.risk_ids)),
      )
      .add(
        'catalog',
        rows.flatMap((r) => decodeJson(r.control_ids)),
      ),
  );
  return rows.map((r) => toItemView(r, pickNames(all, ids(r))));
}
