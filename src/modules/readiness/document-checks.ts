import { DOCUMENT_PURPOSES } from '../../catalog/index.js';
import { documentsFor } from './queries-documents.js';
import { R, type CheckFn } from './reasons.js';

/**
 * Documented information the standard requires as a document of the organization's own (the risk
 * assessment process of 6.1.2, the communication plan of 7.4, …): met by a document of that
 * purpose with an approved current version; a draft alone is partial, and a document of another
 * purpose, however it is titled, does not count.
 */
export const DOCUMENT_CHECKS: { document_approved: CheckFn<'document_approved'> } = {
  async document_approved(db, orgId, c) {
    const what = DOCUMENT_PURPOSES[c.purpose];
    const docs = await documentsFor(db, orgId, c.purpose);
    const approved = docs.filter((d) => d.current_version_id !== null);
    if (approved.length)
      return R(
        c,
        'met',
        `"${approved[0]!.title}" is the approved ${what.title.toLowerCase()} (${what.clause}).`,
        approved.map((d) => ({ type: 'documents', id: d.id })),
      );
    if (docs.length)
      return R(
        c,
        'partial',
        `"${docs[0]!.title}" is drafted as the ${what.title.toLowerCase()} but no version is approved.`,
        docs.map((d) => ({ type: 'documents', id: d.id })),
      );
    return R(
      c,
      'missing',
      `No document has the purpose "${c.purpose}" (${what.title}, ${what.clause}).`,
    );
  },
};
