import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { EvidenceLinkRow, TargetType } from './schemas.js';

export interface EvidenceFilter {
  /** With targetId: only evidence linked to it. */
  targetType?: TargetType | undefined;
  targetId?: string | undefined;
  /** Only evidence whose validity ends before this day. */
  expiringBefore?: string | undefined;
  /** Case-insensitive search in the title and the file name. */
  q?: string | undefined;
  /** A field as EVIDENCE_SORTS names it, `-field` for descending; newest first without it. */
  sort?: EvidenceSort | undefined;
}

/** The fields an evidence list sorts by, and their columns. */
export const EVIDENCE_SORTS = ['title', 'kind', 'validUntil', 'createdAt', 'updatedAt'] as const;
export type EvidenceSort = (typeof EVIDENCE_SORTS)[number] | `-${(typeof EVIDENCE_SORTS)[number]}`;
const SORT_COLUMNS: Record<(typeof EVIDENCE_SORTS)[number], string> = {
  title: 'title',
  kind: 'kind',
  validUntil: 'valid_until',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * Evidence, newest first unless sorted, filtered by what it supports, by expiry or by a search.
 * Sorting needs the database's dialect (the sort key is compared as SQL compares it).
 */
export function evidencePage(
  db: Kysely<DB>,
  orgId: string,
  page: PageQuery,
  f: EvidenceFilter,
  dialect?: Dialect,
) {
  let q = db.selectFrom('evidence').selectAll().where('org_id', '=', orgId);
  if (f.q) q = q.where(matching(f.q, ['title', 'filename']));
  if (f.targetType && f.targetId) {
    const linked = db
      .selectFrom('evidence_links')
      .select('evidence_id')
      .where('org_id', '=', orgId)
      .where('target_type', '=', f.targetType)
      .where('target_id', '=', f.targetId);
    q = q.where('id', 'in', linked);
  }
  if (f.expiringBefore) q = q.where('valid_until', '<', f.expiringBefore);
  if (f.sort) {
    if (!dialect) throw new Error('Sorting evidence needs the database dialect.');
    const column = SORT_COLUMNS[f.sort.replace(/^-/, '') as (typeof EVIDENCE_SORTS)[number]];
    return sortedPage(q, dialect, { arg: f.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/**
 * The links of these pieces of evidence, oldest first. Sorted here, not by the database: with
 * `order by id`, SQLite walks the whole organization's links in id order instead of looking up
 * the page's evidence (21 ms of CPU per evidence page at 50,000 links, docs/PERFORMANCE.md).
 */
export async function linksOf(
  db: Kysely<DB>,
  orgId: string,
  evidenceIds: string[],
): Promise<EvidenceLinkRow[]> {
  if (evidenceIds.length === 0) return [];
  const rows = await db
    .selectFrom('evidence_links')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('evidence_id', 'in', evidenceIds)
    .execute();
  return rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Whether the evidence is already linked to the target. */
export async function isLinked(
  db: Kysely<DB>,
  orgId: string,
  evidenceId: string,
  targetType: TargetType,
  targetId: string,
): Promise<boolean> {
  const l = await db
    .selectFrom('evidence_links')
    .select('id')
    .where('org_id', '=', orgId)
    .where('evidence_id', '=', evidenceId)
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return !!l;
}

/**
 * Whether the organization's Statement of Applicability has a control of its own with this id.
 * It reads the SoA's table: the soa module has no public face to ask yet.
 */
export async function ownControlExists(
  db: Kysely<DB>,
  orgId: string,
  controlId: string,
): Promise<boolean> {
  const c = await db
    .selectFrom('soa_entries')
    .select('id')
    .where('org_id', '=', orgId)
    .where('control_id', '=', controlId)
    .executeTakeFirst();
  return !!c;
}

/** The chain of custody of a piece of evidence, oldest first. */
export function custodyPage(db: Kysely<DB>, orgId: string, evidenceId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('custody_events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('evidence_id', '=', evidenceId),
    page,
    { column: 'id', key: (r) => r.id },
  );
}

/**
 * Evidence linked directly to a requirement of another framework (target `framework_requirement`,
 * id `<framework>:<ref>`), with what decides whether it counts: its validity.
 */
export function frameworkRequirementEvidence(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('evidence_links as l')
    .innerJoin('evidence as e', (j) =>
      j.onRef('e.id', '=', 'l.evidence_id').onRef('e.org_id', '=', 'l.org_id'),
    )
    .select(['l.target_id', 'e.id', 'e.title', 'e.valid_from', 'e.valid_until'])
    .where('l.org_id', '=', orgId)
    .where('l.target_type', '=', 'framework_requirement')
    .orderBy('l.target_id')
    .orderBy('e.id')
    .execute();
}

/** The groups and controls of the framework the organization imported under a key, if any. */
export async function importedFrameworkEntries(db: Kysely<DB>, orgId: string, key: string) {
  const row = await db
    .selectFrom('oscal_frameworks')
    .select('entries')
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? decodeJson(row.entries) : undefined;
}
