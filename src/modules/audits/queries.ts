import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { AuditRow, ChecklistRow, FindingRow, ProgrammeRow } from './schemas.js';

/** The programme version in a state (one approved and at most one draft at a time). */
export function programmeIn(
  db: Kysely<DB>,
  orgId: string,
  status: 'approved' | 'draft',
): Promise<ProgrammeRow | undefined> {
  return db
    .selectFrom('audit_programmes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', status)
    .executeTakeFirst();
}

export async function lastProgrammeNumber(db: Kysely<DB>, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('audit_programmes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

export function programmesPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(
    db.selectFrom('audit_programmes').selectAll().where('org_id', '=', orgId),
    page,
    { column: 'number', direction: 'desc', numeric: true, key: (r) => r.number },
  );
}

/** The audits whose planned start falls within a period: the audits a programme plans. */
export function auditsStartingWithin(db: Kysely<DB>, orgId: string, from: string, to: string) {
  return db
    .selectFrom('audits')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('planned_start', '>=', from)
    .where('planned_start', '<=', to)
    .orderBy('planned_start')
    .orderBy('number')
    .execute();
}

export async function lastAuditNumber(db: Kysely<DB>, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('audits')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

/** The fields an audit list sorts by, and their columns. */
export const AUDIT_SORTS = ['title', 'status', 'plannedStart', 'createdAt', 'updatedAt'] as const;
const SORT_COLUMNS: Record<(typeof AUDIT_SORTS)[number], string> = {
  title: 'title',
  status: 'status',
  plannedStart: 'planned_start',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface AuditFilter {
  status?: string | undefined;
  /** Search text: in the title and the criteria. */
  q?: string | undefined;
  /** A field of AUDIT_SORTS, `-field` for descending; newest first without it. */
  sort?: string | undefined;
}

/** Audits, newest first (or sorted), optionally in one state or matching a text. */
export function auditsPage(
  db: Kysely<DB>,
  dialect: Dialect,
  orgId: string,
  page: PageQuery,
  f: AuditFilter = {},
) {
  let q = db.selectFrom('audits').selectAll().where('org_id', '=', orgId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(matching(f.q, ['title', 'criteria']));
  if (f.sort) {
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof AUDIT_SORTS)[number]];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, {
    column: 'number',
    direction: 'desc',
    numeric: true,
    key: (r) => r.number,
  });
}

export function findAudit(db: Kysely<DB>, orgId: string, id: string) {
  return db
    .selectFrom('audits')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function checklistOf(
  db: Kysely<DB>,
  orgId: string,
  auditId: string,
): Promise<ChecklistRow[]> {
  return db
    .selectFrom('audit_checklist_items')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('audit_id', '=', auditId)
    .orderBy('position')
    .execute();
}

export function findingsOf(db: Kysely<DB>, orgId: string, auditId: string): Promise<FindingRow[]> {
  return db
    .selectFrom('audit_findings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('audit_id', '=', auditId)
    .orderBy('number')
    .execute();
}

/** One finding of the organization, whichever audit it belongs to. */
export function findFinding(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<FindingRow | undefined> {
  return db
    .selectFrom('audit_findings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lastFindingNumber(db: Kysely<DB>, orgId: string, auditId: string) {
  const last = await db
    .selectFrom('audit_findings')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .where('audit_id', '=', auditId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

/** Every audit of the organization (readiness). */
export function allAudits(db: Kysely<DB>, orgId: string): Promise<AuditRow[]> {
  return db.selectFrom('audits').selectAll().where('org_id', '=', orgId).execute();
}

/** The findings of several audits (readiness). */
export function findingsOfAudits(db: Kysely<DB>, orgId: string, auditIds: string[]) {
  if (!auditIds.length) return Promise.resolve([] as FindingRow[]);
  return db
    .selectFrom('audit_findings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('audit_id', 'in', auditIds)
    .execute();
}

/** Titles of evidence records, for the report. */
export async function evidenceTitles(db: Kysely<DB>, orgId: string, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db
    .selectFrom('evidence')
    .select(['id', 'title'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** The approved programme whose period covers a day, if any. */
export function programmeCovering(db: Kysely<DB>, orgId: string, day: string) {
  return db
    .selectFrom('audit_programmes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .where('period_start', '<=', day)
    .where('period_end', '>=', day)
    .executeTakeFirst();
}

/** Every audit with the count of its findings by grade, for a management review's inputs (9.3.2 d 3). */
export async function auditSummaries(db: Kysely<DB>, orgId: string) {
  const audits = await db
    .selectFrom('audits')
    .select(['id', 'number', 'title', 'status', 'reported_at', 'planned_start'])
    .where('org_id', '=', orgId)
    .orderBy('number')
    .execute();
  const grades = await findingGrades(db, orgId);
  return audits.map((a) => ({ ...a, grades: grades.get(a.id) ?? {} }));
}

/** How many findings of each grade every audit has, by audit id. */
export async function findingGrades(db: Kysely<DB>, orgId: string) {
  const out = new Map<string, Record<string, number>>();
  const findings = await db
    .selectFrom('audit_findings')
    .select(['audit_id', 'grade'])
    .where('org_id', '=', orgId)
    .execute();
  for (const f of findings) {
    const g = out.get(f.audit_id) ?? {};
    g[f.grade] = (g[f.grade] ?? 0) + 1;
    out.set(f.audit_id, g);
  }
  return out;
}

/** Audits their lead auditor has to start or report (`only`: these audit ids), for My work. */
export async function auditsAwaitingLead(db: Kysely<DB>, orgId: string, only?: readonly string[]) {
  let q = db
    .selectFrom('audits')
    .select([
      'id',
      'number',
      'title',
      'status',
      'planned_start',
      'planned_end',
      'lead_auditor_member_id',
    ])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['planned', 'in_progress']);
  if (only) {
    if (!only.length) return [];
    q = q.where('id', 'in', [...only]);
  }
  return q.orderBy('planned_start').execute();
}

/** Every audit with its lead auditor's name, for the audit register export. */
export function auditsForExport(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('audits as a')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.org_id', '=', 'a.org_id').onRef('m.id', '=', 'a.lead_auditor_member_id'),
    )
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'a.id',
      'a.number',
      'a.title',
      'a.status',
      'a.scope',
      'a.criteria',
      'a.planned_start',
      'a.planned_end',
      'a.reported_at',
      'a.conclusion',
      'a.communicated_to',
      'a.communicated_on',
      'u.name as lead_name',
      'u.email as lead_email',
    ])
    .where('a.org_id', '=', orgId)
    .orderBy('a.number')
    .execute();
}
