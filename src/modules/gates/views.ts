import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, resolveNames } from '../../kernel/names.js';
import { toCriteriaView, toOverrideView, type CriteriaRow } from './schemas.js';

/** Versions of the criteria as the API shows them, with the names of their authors. */
export async function criteriaViews(db: Kysely<DB>, access: OrgAccess, rows: CriteriaRow[]) {
  const wants = new NameWants().add(
    'memberships',
    rows.map((r) => r.author_member_id),
  );
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toCriteriaView(r, access, names));
}

/** One version of the criteria (or the proposed defaults), with its author's name. */
export const criteriaViewOf = async (
  db: Kysely<DB>,
  access: OrgAccess,
  r: CriteriaRow | undefined,
) => (r ? (await criteriaViews(db, access, [r]))[0]! : toCriteriaView(undefined, access));

/** Overrides as the API shows them, with the names of their AI systems and of who overrode. */
export async function overrideViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: Row<'gate_overrides'>[],
) {
  const wants = new NameWants()
    .add(
      'ai_systems',
      rows.map((r) => r.ai_system_id),
    )
    .add(
      'memberships',
      rows.map((r) => r.member_id),
    );
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toOverrideView(r, names));
}
