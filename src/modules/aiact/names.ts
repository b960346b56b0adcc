import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, pickNames, resolveNames, type Names } from '../../kernel/names.js';
import type { Confirmation } from './schemas.js';

/**
 * The names a classification shows: its AI system, and the members who answered, confirmed and
 * last confirmed it (those the caller may read), so that a page needs no list of members.
 */
export async function classificationNames(
  db: Kysely<DB>,
  access: OrgAccess,
  aiSystemId: string,
  members: (string | null | undefined)[],
): Promise<Names> {
  const all = await resolveNames(
    db,
    access,
    new NameWants().add('ai_systems', aiSystemId).add('memberships', members),
  );
  return pickNames(all, aiSystemId, members);
}

/** The members a classification and its last confirmation name. */
export const membersNamed = (
  r: { answered_by_member_id: string | null; confirmed_by_member_id: string | null },
  last: Confirmation | null,
) => [r.answered_by_member_id, r.confirmed_by_member_id, last?.byMemberId];
