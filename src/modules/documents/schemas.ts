import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { DOCUMENT_PURPOSE_KEYS } from '../../catalog/index.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, pickNames } from '../../kernel/names.js';
import { abilities, abilitiesSchema, defineWorkflow } from '../../kernel/workflow.js';

/**
 * Documented information (7.5): documents with versions, owner, classification and retention. A
 * version is a draft until someone other than its author approves it; it then becomes the
 * document's current version. Register snapshots are approved as they are made. A version's
 * content never changes (its SHA-256 is recorded with it): a change is a new version, so the
 * workflow has no edit action and the abilities no `edit`.
 */
export const DOCUMENT_WORKFLOW = defineWorkflow({
  what: 'document version',
  editable: [],
  steps: { approve: { action: 'documents.approve', from: ['draft'], fourEyes: true } },
});

export const DOCUMENT_KINDS = [
  'procedure',
  'plan',
  'record',
  'report',
  'register_snapshot',
  'other',
] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

export const documentId = uuidSchema;
export const versionId = uuidSchema;

export const docFields = {
  title: z.string().trim().min(1).max(300).describe('Document title.'),
  kind: z.enum(DOCUMENT_KINDS).describe('What sort of document.'),
  ownerMemberId: uuidSchema.nullable().optional().describe('The member who owns it.'),
  classification: z.enum(CLASSIFICATIONS).describe('Who may see it.'),
  retentionMonths: z.number().int().min(1).max(1200).describe('How long versions are kept.'),
  purpose: z
    .enum(DOCUMENT_PURPOSE_KEYS)
    .nullable()
    .optional()
    .describe(
      'The documented information of ISO/IEC 42001 this document fulfils, such as risk_assessment_process (6.1.2); readiness looks for an approved current version of each.',
    ),
};

export type DocumentRow = Row<'documents'>;
export type DocumentVersionRow = Row<'document_versions'>;

export const documentView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    ownerMemberId: z.string().nullable(),
    classification: z.string(),
    retentionMonths: z.number().int(),
    sourceRegister: z.string().nullable(),
    currentVersionId: z.string().nullable(),
    purpose: z.string().nullable(),
    abilities: z
      .object({
        edit: z
          .boolean()
          .describe(
            'Whether the caller may change its settings and the clause it fulfils now; never for a register snapshot, which changes only by publishing its register again.',
          ),
        draft: z
          .boolean()
          .describe('Whether the caller may write a new version now (the same rules).'),
      })
      .describe('What the caller may do with the document now, as the server decides.'),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.infer<typeof documentView>;

export const documentVersionView = z
  .object({
    id: z.string(),
    documentId: z.string(),
    number: z.number().int(),
    status: z.enum(['draft', 'approved']),
    content: z.string(),
    contentType: z.string(),
    contentSha256: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    abilities: abilitiesSchema(DOCUMENT_WORKFLOW),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DocumentVersion' });
export type DocumentVersionView = z.infer<typeof documentVersionView>;

type NameMap = ReadonlyMap<string, string>;

/** A document as the API shows it to this caller, with the names read for it (its owner's). */
export const toDocumentView = (
  r: DocumentRow,
  access: OrgAccess,
  names?: NameMap,
): DocumentView => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  ownerMemberId: r.owner_member_id,
  classification: r.classification,
  retentionMonths: Number(r.retention_months),
  sourceRegister: r.source_register,
  currentVersionId: r.current_version_id,
  purpose: r.purpose,
  abilities: {
    edit: !r.source_register && can(access, 'documents.update'),
    draft: !r.source_register && can(access, 'documents.update'),
  },
  names: names ? pickNames(names, r.owner_member_id) : {},
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A version as the API shows it to this caller, with its author's and approver's names. */
export const toDocumentVersionView = (
  r: DocumentVersionRow,
  access: OrgAccess,
  names?: NameMap,
): DocumentVersionView => ({
  id: r.id,
  documentId: r.document_id,
  number: Number(r.number),
  status: r.status as DocumentVersionView['status'],
  content: r.content,
  contentType: r.content_type,
  contentSha256: r.content_sha256,
  changeNote: r.change_note,
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  approvedAt: r.approved_at,
  abilities: abilities(DOCUMENT_WORKFLOW, r, access),
  names: names ? pickNames(names, r.author_member_id, r.approver_member_id) : {},
  version: r.version,
  createdAt: r.created_at,
});
