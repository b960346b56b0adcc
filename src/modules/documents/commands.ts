import { z } from 'zod';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { sha256Hex } from '../../kernel/ids.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
  type RecordValues,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertStep } from '../../kernel/workflow.js';
import { findDocumentVersion, lastDocumentVersionNumber } from './queries.js';
import { DOCUMENT_WORKFLOW, docFields, documentId, versionId } from './schemas.js';

/** A new version of a document, a draft by the caller. */
export const versionValues = (
  tx: OrgTx,
  document: string,
  number: number,
  content: string,
  contentType: string,
  note: string | null,
): RecordValues<'document_versions'> => ({
  document_id: document,
  number,
  status: 'draft',
  content,
  content_type: contentType,
  content_sha256: sha256Hex(content),
  change_note: note,
  author_member_id: tx.org.memberId,
  approver_member_id: null,
  approved_at: null,
});

/** A document and its first version, a draft by the caller, who owns it unless said otherwise. */
export const createDocument = orgCommand({
  action: 'documents.create',
  input: z
    .object({
      ...docFields,
      content: z.string().max(500_000).default('').describe('First version, in Markdown.'),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, { ownerMemberId: ['memberships', input.ownerMemberId] });
    const doc = await insertRecord(tx, orgId, 'documents', {
      title: input.title,
      kind: input.kind,
      owner_member_id: input.ownerMemberId ?? tx.org.memberId,
      classification: input.classification,
      retention_months: input.retentionMonths,
      source_register: null,
      current_version_id: null,
      purpose: input.purpose ?? null,
    });
    const version = await insertRecord(
      tx,
      orgId,
      'document_versions',
      versionValues(tx, doc.id, 1, input.content, 'text/markdown', 'First version'),
    );
    return { doc, version };
  },
});

/** Changes a document's title, owner, classification, retention or purpose. */
export const updateDocument = orgCommand({
  action: 'documents.update',
  input: z
    .object({
      title: docFields.title.optional(),
      ownerMemberId: docFields.ownerMemberId,
      classification: docFields.classification.optional(),
      retentionMonths: docFields.retentionMonths.optional(),
      purpose: docFields.purpose,
      documentId,
    })
    .strict(),
  pathIds: ['documentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const d = await loadRecord(tx.db, 'documents', orgId, input.documentId, 'document');
    tx.expectVersion(d.version);
    await assertInOrg(tx, { ownerMemberId: ['memberships', input.ownerMemberId] });
    const changes: RecordChanges<'documents'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.classification !== undefined) changes.classification = input.classification;
    if (input.retentionMonths !== undefined) changes.retention_months = input.retentionMonths;
    if (input.purpose !== undefined) changes.purpose = input.purpose;
    return updateRecord(tx, orgId, 'documents', d, changes);
  },
});

/** A new draft version; a register snapshot changes only by publishing its register again. */
export const draftDocumentVersion = orgCommand({
  action: 'documents.update',
  input: z
    .object({
      content: z.string().max(500_000),
      changeNote: z.string().max(2000).nullable().optional(),
      documentId,
    })
    .strict(),
  pathIds: ['documentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const d = await loadRecord(tx.db, 'documents', orgId, input.documentId, 'document');
    if (d.source_register)
      throw new AppError(
        'INVALID_STATE',
        'A register snapshot changes only by publishing the register again.',
      );
    const number = (await lastDocumentVersionNumber(tx.db, orgId, d.id)) + 1;
    return insertRecord(
      tx,
      orgId,
      'document_versions',
      versionValues(tx, d.id, number, input.content, 'text/markdown', input.changeNote ?? null),
    );
  },
});

/** Someone other than the author approves a draft; it becomes the document's current version. */
export const approveDocumentVersion = orgCommand({
  action: 'documents.approve',
  input: z.object({ documentId, versionId }).strict(),
  pathIds: ['documentId', 'versionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await findDocumentVersion(tx.db, orgId, input.documentId, input.versionId);
    if (!v) throw notFound('document version');
    tx.expectVersion(v.version);
    assertStep(DOCUMENT_WORKFLOW, 'approve', v, tx.org.memberId);
    const d = await loadRecord(tx.db, 'documents', orgId, v.document_id, 'document');
    await updateRecord(tx, orgId, 'documents', d, { current_version_id: v.id });
    return updateRecord(tx, orgId, 'document_versions', v, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
  },
});
