import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, pickNames, resolveNames } from '../../kernel/names.js';
import { toDpiaView, type DpiaRow, type DpiaView } from './schemas.js';

/**
 * DPIAs as views, with the names of what they refer to (their AI system, the impact assessment
 * beside them, author and approver) read at once for all of them, one query per kind.
 */
export async function dpiaViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: DpiaRow[],
): Promise<DpiaView[]> {
  const all = await resolveNames(
    db,
    access,
    new NameWants()
      .add(
        'ai_systems',
        rows.map((d) => d.ai_system_id),
      )
      .add(
        'impact_assessments',
        rows.map((d) => d.impact_assessment_id),
      )
      .add(
        'memberships',
        rows.flatMap((d) => [d.author_member_id, d.approver_member_id]),
      ),
  );
  return rows.map((d) =>
    toDpiaView(
      d,
      access,
      pickNames(all, [
        d.ai_system_id,
        d.impact_assessment_id,
        d.author_member_id,
        d.approver_member_id,
      ]),
    ),
  );
}

export const dpiaViewOf = async (db: Kysely<DB>, access: OrgAccess, d: DpiaRow) =>
  (await dpiaViews(db, access, [d]))[0]!;
