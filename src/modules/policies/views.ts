import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, resolveNames } from '../../kernel/names.js';
import { acknowledgedVersionIds } from './queries.js';
import {
  policyRefs,
  toPolicyVersionView,
  toPolicyView,
  type PolicyRow,
  type PolicyVersionRow,
} from './schemas.js';

/** Policies as this caller sees them, with the names of their owners and related policies. */
export async function policyViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: PolicyRow[],
  today: string,
) {
  const wants = new NameWants();
  for (const r of rows) {
    const [owner, related] = policyRefs(r);
    wants.add('memberships', owner).add('policies', related);
  }
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toPolicyView(r, today, access, names));
}

export const policyViewOf = async (
  db: Kysely<DB>,
  access: OrgAccess,
  r: PolicyRow,
  today: string,
) => (await policyViews(db, access, [r], today))[0]!;

/** Versions as this caller sees them: their abilities, acknowledging included, and names. */
export async function versionViews(db: Kysely<DB>, access: OrgAccess, rows: PolicyVersionRow[]) {
  const acked = await acknowledgedVersionIds(
    db,
    access.orgId,
    access.memberId,
    rows.map((r) => r.id),
  );
  const wants = new NameWants();
  for (const r of rows) wants.add('memberships', [r.author_member_id, r.approver_member_id]);
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toPolicyVersionView(r, access, acked.has(r.id), names));
}
