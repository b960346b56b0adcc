import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { DocumentRow, DocumentVersionRow } from './schemas.js';

/** A page of documents in id order. */
export function documentsPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(db.selectFrom('documents').selectAll().where('org_id', '=', orgId), page, {
    column: 'id',
    key: (r) => r.id,
  });
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
