import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';

/** The assignment of a member to an AI system, if there is one. */
export function assignmentOf(db: Kysely<DB>, orgId: string, memberId: string, aiSystemId: string) {
  return db
    .selectFrom('system_assignments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('ai_system_id', '=', aiSystemId)
    .executeTakeFirst();
}

/** Assignments, oldest first, optionally of one member or one AI system. */
export function assignmentsPage(
  db: Kysely<DB>,
  orgId: string,
  q: PageQuery & { memberId?: string | undefined; aiSystemId?: string | undefined },
) {
  let query = db.selectFrom('system_assignments').selectAll().where('org_id', '=', orgId);
  if (q.memberId) query = query.where('member_id', '=', q.memberId);
  if (q.aiSystemId) query = query.where('ai_system_id', '=', q.aiSystemId);
  return keysetPage(query, q, { column: 'id', key: (r) => r.id });
}

/** The AI systems a member is assigned to by assignment records. */
export async function assignedSystemIds(db: Kysely<DB>, orgId: string, memberId: string) {
  const rows = await db
    .selectFrom('system_assignments')
    .select('ai_system_id')
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .orderBy('ai_system_id')
    .execute();
  return rows.map((r) => r.ai_system_id);
}

/** The AI systems a member is Responsible or Accountable for in the RACI register. */
export async function responsibleSystemIds(db: Kysely<DB>, orgId: string, memberId: string) {
  const rows = await db
    .selectFrom('responsibilities')
    .select('subject_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('subject_type', '=', 'ai_system')
    .where('raci', 'in', ['responsible', 'accountable'])
    .orderBy('subject_id')
    .execute();
  return rows.map((r) => r.subject_id);
}

/** A member's role in the organization, or undefined when there is no such member. */
export async function roleOfMember(db: Kysely<DB>, orgId: string, memberId: string) {
  const m = await db
    .selectFrom('memberships')
    .select('role')
    .where('org_id', '=', orgId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  return m?.role;
}
