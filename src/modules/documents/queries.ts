import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { matching, sortedPage } from '../../kernel/list-query.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { DocumentRow, DocumentVersionRow } from './schemas.js';

/** The fields a document list sorts by, and their columns. */
export const DOCUMENT_SORTS = [
  'title',
  'kind',
  'classification',
  'createdAt',
  'updatedAt',
] as const;
type SortField = (typeof DOCUMENT_SORTS)[number];
const SORT_COLUMNS: Record<SortField, string> = {
  title: 'title',
  kind: 'kind',
  classification: 'classification',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * A page of documents in id order unless sorted; `q` keeps those whose title holds the text
 * (case-insensitively), `kind` those of one kind, `approvableBy` those with a draft version that
 * another member wrote.
 */
export function documentsPage(
  db: Kysely<DB>,
  orgId: string,
  page: PageQuery,
  filter: {
    q?: string | undefined;
    kind?: string | undefined;
    sort?: string | undefined;
    /**
     * Only documents with a draft version that this member did not write: what waits for their
     * approval (DOCUMENT_WORKFLOW's four-eyes step; the inbox's document_approval asks the same).
     */
    approvableBy?: string | undefined;
  } = {},
  dialect?: Dialect,
) {
  let q = db.selectFrom('documents').selectAll().where('org_id', '=', orgId);
  if (filter.q) q = q.where(matching(filter.q, ['title']));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.approvableBy !== undefined) {
    const me = filter.approvableBy;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('document_versions as v')
          .select('v.id')
          .where('v.org_id', '=', orgId)
          .whereRef('v.document_id', '=', 'documents.id')
          .where('v.status', '=', 'draft')
          .where((w) =>
            w.or([w('v.author_member_id', 'is', null), w('v.author_member_id', '!=', me)]),
          ),
      ),
    );
  }
  if (filter.sort) {
    if (!dialect) throw new Error('Sorting documents needs the database dialect.');
    const column = SORT_COLUMNS[filter.sort.replace(/^-/, '') as SortField];
    return sortedPage(q, dialect, { arg: filter.sort, column }, page);
  }
  return keysetPage(q, page, { column: 'id', key: (r) => r.id });
}

export function findDocument(
  db: Kysely<DB>,
  orgId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** The document that holds the snapshots of a register, once the register was published. */
export function registerDocument(
  db: Kysely<DB>,
  orgId: string,
  register: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_register', '=', register)
    .executeTakeFirst();
}

/** A version of this document (undefined for a version of another document). */
export function findDocumentVersion(
  db: Kysely<DB>,
  orgId: string,
  documentId: string,
  versionId: string,
): Promise<DocumentVersionRow | undefined> {
  return db
    .selectFrom('document_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('document_id', '=', documentId)
    .where('id', '=', versionId)
    .executeTakeFirst();
}

/** The versions of a document, newest first. */
export function documentVersionsPage(
  db: Kysely<DB>,
  orgId: string,
  documentId: string,
  page: PageQuery,
) {
  return keysetPage(
    db
      .selectFrom('document_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('document_id', '=', documentId),
    page,
    { column: 'number', direction: 'desc', numeric: true, key: (r) => r.number },
  );
}

/** The highest version number of a document so far (0 before the first). */
export async function lastDocumentVersionNumber(
  db: Kysely<DB>,
  orgId: string,
  documentId: string,
): Promise<number> {
  const last = await db
    .selectFrom('document_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}
