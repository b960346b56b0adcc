import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { AcknowledgementRow, PolicyRow, PolicyVersionRow } from './schemas.js';

/** The fields a policy list sorts by, and their columns. */
export const POLICY_SORTS = ['title', 'kind', 'nextReviewDate', 'createdAt', 'updatedAt'] as const;
export type PolicySort = (typeof POLICY_SORTS)[number] | `-${(typeof POLICY_SORTS)[number]}`;
const SORT_COLUMNS: Record<(typeof POLICY_SORTS)[number], string> = {
  title: 'title',
  kind: 'kind',
  nextReviewDate: 'next_review_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * A page of policies in id order unless sorted; `overdue` keeps those whose review is (or is
 * not) overdue, `q` those whose title holds the text (case-insensitively), `approvableBy` those
 * with a version in review that another member wrote.
 */
export function policiesPage(
  db: Kysely<DB>,
  orgId: string,
  page: PageQuery,
  filter: {
    overdue?: 'true' | 'false' | undefined;
    today: string;
    q?: string | undefined;
    sort?: PolicySort | undefined;
    /**
     * Only policies with a version in review that this member did not write: what waits for
     * their approval (POLICY_WORKFLOW's four-eyes step; the inbox's policy_approval asks the same).
     */
    approvableBy?: string | undefined;
  },
  /** The database's dialect, needed to sort. */
  dialect?: Dialect,
) {
  let q = db.selectFrom('policies').selectAll().where('org_id', '=', orgId);
  if (filter.q) q = q.where(matching(filter.q, ['title']));
  if (filter.approvableBy !== undefined) {
    const me = filter.approvableBy;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('policy_versions as v')
          .select('v.id')
          .where('v.org_id', '=', orgId)
          .whereRef('v.policy_id', '=', 'policies.id')
          .where('v.status', '=', 'in_review')
          .where((w) =>
            w.or([w('v.author_member_id', 'is', null), w('v.author_member_id', '!=', me)]),
          ),
      ),
    );
  }
  if (filter.overdue === 'true')
    q = q.where('current_version_id', 'is not', null).where('next_review_date', '<', filter.today);
  if (filter.overdue === 'false')
    q = q.where((eb) =>
      eb.or([eb('current_version_id', 'is', null), eb('next_review_date', '>=', filter.today)]),
    );
  if (filter.sort) {
    if (!dialect) throw new Error('Sorting policies needs the database dialect.');
    const column = SORT_COLUMNS[filter.sort.replace(/^-/, '') as (typeof POLICY_SORTS)[number]];
    return sortedPage(q, dialect, { arg: filter.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', key: (r) => r.id });
}

export function findPolicy(
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
): Promise<PolicyRow | undefined> {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', policyId)
    .executeTakeFirst();
}

/** A version of this policy (undefined for a version of another policy). */
export function findPolicyVersion(
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
  versionId: string,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .where('id', '=', versionId)
    .executeTakeFirst();
}

/** The versions of a policy, newest first. */
export function policyVersionsPage(
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
  page: PageQuery,
) {
  return keysetPage(
    db
      .selectFrom('policy_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('policy_id', '=', policyId),
    page,
    { column: 'number', direction: 'desc', numeric: true, key: (r) => r.number },
  );
}

/** The version still on its way (draft, in review or approved), if any: at most one at a time. */
export function openPolicyVersion(
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .where('status', 'in', ['draft', 'in_review', 'approved'])
    .executeTakeFirst();
}

/** The highest version number of a policy so far (0 before the first). */
export async function lastPolicyVersionNumber(
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
): Promise<number> {
  const last = await db
    .selectFrom('policy_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

export function findAcknowledgement(
  db: Kysely<DB>,
  orgId: string,
  versionId: string,
  memberId: string,
): Promise<AcknowledgementRow | undefined> {
  return db
    .selectFrom('policy_acknowledgements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('policy_version_id', '=', versionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

/** Which of these versions the member has acknowledged. */
export async function acknowledgedVersionIds(
  db: Kysely<DB>,
  orgId: string,
  memberId: string | null,
  versionIds: string[],
): Promise<Set<string>> {
  if (memberId === null || versionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('policy_acknowledgements')
    .select('policy_version_id')
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('policy_version_id', 'in', versionIds)
    .execute();
  return new Set(rows.map((r) => r.policy_version_id));
}

/**
 * The members who have (or have not) acknowledged a version, in membership id order, each with
 * when they did.
 */
export function acknowledgementMembersPage(
  db: Kysely<DB>,
  orgId: string,
  versionId: string | null,
  state: 'acknowledged' | 'pending',
  page: PageQuery,
) {
  const q = db
    .selectFrom('memberships')
    .leftJoin('policy_acknowledgements as a', (j) =>
      j.onRef('a.member_id', '=', 'memberships.id').on('a.policy_version_id', '=', versionId ?? ''),
    )
    .select([
      'memberships.id as memberId',
      'memberships.email',
      'memberships.role',
      'a.acknowledged_at as acknowledgedAt',
    ])
    .where('memberships.org_id', '=', orgId)
    .where('a.id', state === 'acknowledged' ? 'is not' : 'is', null);
  return keysetPage(q, page, { column: 'memberships.id', key: (r) => r.memberId });
}

export async function memberCount(db: Kysely<DB>, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** How many current members have acknowledged a version. */
export async function acknowledgementCount(
  db: Kysely<DB>,
  orgId: string,
  versionId: string,
): Promise<number> {
  const r = await db
    .selectFrom('policy_acknowledgements as a')
    .innerJoin('memberships as m', 'm.id', 'a.member_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('a.org_id', '=', orgId)
    .where('a.policy_version_id', '=', versionId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** How many policies there are, how many have no published version, how many are past review. */
export async function policyCounts(db: Kysely<DB>, orgId: string, today: string) {
  const r = await db
    .selectFrom('policies')
    .where('org_id', '=', orgId)
    .select((eb) => [
      eb.fn.countAll().as('total'),
      eb.fn
        .sum(eb.case().when('current_version_id', 'is', null).then(1).else(0).end())
        .as('unpublished'),
      eb.fn
        .sum(
          eb
            .case()
            .when(
              eb.and([
                eb('current_version_id', 'is not', null),
                eb('next_review_date', '<', today),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(r.total),
    unpublished: Number(r.unpublished ?? 0),
    overdue: Number(r.overdue ?? 0),
  };
}
