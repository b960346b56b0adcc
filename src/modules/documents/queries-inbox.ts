import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DocumentVersionRow } from './schemas.js';

/** Draft versions (each waits for someone other than its author), with their document's title. */
export function draftDocumentVersions(
  db: Kysely<DB>,
  orgId: string,
  only?: readonly string[],
): Promise<(DocumentVersionRow & { document_title: string })[]> {
  let q = db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', (j) =>
      j.onRef('d.id', '=', 'v.document_id').onRef('d.org_id', '=', 'v.org_id'),
    )
    .selectAll('v')
    .select('d.title as document_title')
    .where('v.org_id', '=', orgId)
    .where('v.status', '=', 'draft');
  if (only) q = q.where('v.id', 'in', only);
  return q.orderBy('v.id').execute();
}
