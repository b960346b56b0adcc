/**
 * Reads of the planning clauses' checks (4 to 7): each an aggregate or a bounded query.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Json } from '../../db/json.js';

/** The roles the organization names as top management (null until it says). */
export async function topManagementRoles(db: Kysely<DB>, orgId: string) {
  const r = await db
    .selectFrom('orgs')
    .select('top_management_roles')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return r?.top_management_roles ?? null;
}

/** The approved scope version in force (the highest approved number), with its approver's role. */
export function approvedScope(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('scope_versions as s')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.id', '=', 's.approver_member_id').onRef('m.org_id', '=', 's.org_id'),
    )
    .select(['s.id', 's.number', 's.ai_roles', 's.approver_member_id', 'm.role as approver_role'])
    .where('s.org_id', '=', orgId)
    .where('s.status', '=', 'approved')
    .orderBy('s.number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The published AI policy's current version, with its approver's role. */
export function publishedPolicyApproval(db: Kysely<DB>, orgId: string, kind: string) {
  return db
    .selectFrom('policies as p')
    .innerJoin('policy_versions as v', (j) =>
      j.onRef('v.id', '=', 'p.current_version_id').onRef('v.org_id', '=', 'p.org_id'),
    )
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.id', '=', 'v.approver_member_id').onRef('m.org_id', '=', 'v.org_id'),
    )
    .select(['p.id', 'v.number', 'v.approver_member_id', 'm.role as approver_role'])
    .where('p.org_id', '=', orgId)
    .where('p.kind', '=', kind)
    .orderBy('p.next_review_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const n = (v: number | string | null | undefined) => Number(v ?? 0);

/** Context issues: how many, and which have no review date or one that has passed. */
export async function contextIssueReviews(
  db: Kysely<DB>,
  orgId: string,
  today: string,
  limit: number,
) {
  const total = await db
    .selectFrom('context_issues')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const stale = await db
    .selectFrom('context_issues')
    .select('id')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('review_date', 'is', null), eb('review_date', '<', today)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  const staleCount = await db
    .selectFrom('context_issues')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('review_date', 'is', null), eb('review_date', '<', today)]))
    .executeTakeFirst();
  return { total: n(total?.n), stale: n(staleCount?.n), ids: stale.map((r) => r.id) };
}

/** Interested parties: how many, and which lack their requirements or how the AIMS addresses them. */
export async function partiesWithoutRequirements(db: Kysely<DB>, orgId: string, limit: number) {
  const total = await db
    .selectFrom('interested_parties')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const lacking = db
    .selectFrom('interested_parties')
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('requirements', 'is', null),
        eb(sql`trim(requirements)`, '=', ''),
        eb('addressed_by', 'is', null),
        eb(sql`trim(addressed_by)`, '=', ''),
      ]),
    );
  const count = await lacking
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const ids = await lacking.select(['id', 'name']).orderBy('name').limit(limit).execute();
  return { total: n(total?.n), lacking: n(count?.n), rows: ids };
}

/** Objectives: how many, and which lack an owner or a plan (what, resources, when, evaluation). */
export async function objectivesWithoutPlan(db: Kysely<DB>, orgId: string, limit: number) {
  const total = await db
    .selectFrom('objectives')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const lacking = db
    .selectFrom('objectives')
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('owner_member_id', 'is', null),
        eb('plan', 'is', null),
        eb(sql`trim(plan)`, '=', ''),
      ]),
    );
  const count = await lacking
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const rows = await lacking.select(['id', 'title']).orderBy('title').limit(limit).execute();
  return { total: n(total?.n), lacking: n(count?.n), rows };
}

/** Changes to the AIMS by status, and the approved ones missing a part of their plan. */
export async function changePlanning(db: Kysely<DB>, orgId: string, limit: number) {
  const byStatus = await db
    .selectFrom('aims_changes')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('status')
    .execute();
  const counts = new Map(byStatus.map((r) => [r.status, n(r.n)]));
  const proposed = await db
    .selectFrom('aims_changes')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '=', 'proposed')
    .orderBy('id')
    .limit(limit)
    .execute();
  const unplanned = await db
    .selectFrom('aims_changes')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', 'in', ['approved', 'implemented'])
    .where((eb) =>
      eb.or([
        eb('consequences', 'is', null),
        eb('resources', 'is', null),
        eb('responsibilities', 'is', null),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return {
    counts,
    proposed: proposed.map((r) => r.id),
    unplanned: unplanned.map((r) => r.id),
  };
}

/** The purposes (among `purposes`) that have a document with an approved current version. */
export async function approvedPurposes(db: Kysely<DB>, orgId: string, purposes: readonly string[]) {
  const rows = await db
    .selectFrom('documents')
    .select('purpose')
    .distinct()
    .where('org_id', '=', orgId)
    .where('purpose', 'in', purposes)
    .where('current_version_id', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.purpose));
}

/**
 * The documents that fulfil one of `purposes`, with what their control needs: an owner, a
 * retention period, a current approved version and who wrote and approved it. Bounded: a handful
 * of documents per purpose.
 */
export function purposeDocuments(
  db: Kysely<DB>,
  orgId: string,
  purposes: readonly string[],
  limit: number,
) {
  return db
    .selectFrom('documents as d')
    .leftJoin('document_versions as v', (j) =>
      j.onRef('v.id', '=', 'd.current_version_id').onRef('v.org_id', '=', 'd.org_id'),
    )
    .select([
      'd.id',
      'd.title',
      'd.purpose',
      'd.owner_member_id',
      'd.classification',
      'd.retention_months',
      'd.current_version_id',
      'v.author_member_id',
      'v.approver_member_id',
    ])
    .where('d.org_id', '=', orgId)
    .where('d.purpose', 'in', purposes)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** Documents of one purpose created since `since`: how many, and the latest few. */
export async function recentDocuments(
  db: Kysely<DB>,
  orgId: string,
  purpose: string,
  since: string,
  limit: number,
) {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'title', 'created_at'])
    .where('org_id', '=', orgId)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const older = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return { recent: rows, total: n(older?.n) };
}

export type RolesJson = Json<string[]>;
