import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { competencesOf, membersAfter, validTrainings } from './queries.js';
import type { CompetenceGap } from './schemas.js';

/** Members are read in chunks of this many while looking for gaps. */
const MEMBER_CHUNK = 200;

/**
 * Members after `cursor` (by id) missing a competence their role requires on `day` (no valid
 * training record), until more than `limit` are found or the members run out: the competence
 * gaps route pages through them; the dashboard counts them all.
 */
export async function competenceGaps(
  db: Kysely<DB>,
  orgId: string,
  day: string,
  cursor: string | undefined,
  limit: number,
): Promise<CompetenceGap[]> {
  // Members are read in chunks; the valid records of each chunk in one query.
  const gaps: CompetenceGap[] = [];
  const comps = await competencesOf(db, orgId);
  if (comps.length === 0) return gaps;
  while (gaps.length <= limit) {
    const members = await membersAfter(db, orgId, cursor, MEMBER_CHUNK);
    if (members.length === 0) break;
    const ids = members.map((m) => m.id);
    const valid = await validTrainings(db, orgId, ids, day);
    const have = new Set(valid.map((v) => `${v.member_id}|${v.competence_id}`));
    for (const m of members) {
      const missing = comps
        .filter((c) => c.aims_role === m.role && !have.has(`${m.id}|${c.id}`))
        .map((c) => ({ competenceId: c.id, name: c.name }));
      if (missing.length) gaps.push({ memberId: m.id, email: m.email, role: m.role, missing });
    }
    cursor = members[members.length - 1]!.id;
    if (members.length < MEMBER_CHUNK) break;
  }
  return gaps;
}
