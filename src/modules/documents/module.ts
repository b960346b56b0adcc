import { uuidSchema } from '../../kernel/ids.js';
import { z } from 'zod';
import { checkVersion, defineCommand, execute } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { sha256Hex } from '../../kernel/ids.js';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { registerByKey, REGISTERS } from '../registers/definitions.js';
import { listRecords } from '../registers/queries.js';
import { toCsv } from '../../interop/csv.js';
import { exportColumns } from '../registers/export.js';
import {
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';

/** Documented information (7.5): documents with versions, owner, classification and retention. */
const id = uuidSchema;
export const DOCUMENT_KINDS = [
  'procedure',
  'plan',
  'record',
  'report',
  'register_snapshot',
  'other',
] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

const docFields = {
  title: z.string().trim().min(1).max(300).describe('Document title.'),
  kind: z.enum(DOCUMENT_KINDS).describe('What sort of document.'),
  ownerMemberId: id.nullable().optional().describe('The member who owns it.'),
  classification: z.enum(CLASSIFICATIONS).describe('Who may see it.'),
  retentionMonths: z.number().int().min(1).max(1200).describe('How long versions are kept.'),
};

const docView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    ownerMemberId: z.string().nullable(),
    classification: z.string(),
    retentionMonths: z.number().int(),
    sourceRegister: z.string().nullable(),
    currentVersionId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Document' });
const versionView = z
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
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DocumentVersion' });

type Row = Record<string, any>;
const docOut = (r: Row) => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  ownerMemberId: r.owner_member_id,
  classification: r.classification,
  retentionMonths: Number(r.retention_months),
  sourceRegister: r.source_register,
  currentVersionId: r.current_version_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const versionOut = (r: Row) => ({
  id: r.id,
  documentId: r.document_id,
  number: Number(r.number),
  status: r.status,
  content: r.content,
  contentType: r.content_type,
  contentSha256: r.content_sha256,
  changeNote: r.change_note,
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  approvedAt: r.approved_at,
  version: r.version,
  createdAt: r.created_at,
});

async function nextNumber(tx: { db: any }, orgId: string, documentId: string) {
  const last = await tx.db
    .selectFrom('document_versions')
    .select((eb: any) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(last?.n ?? 0) + 1;
}

const versionRow = (
  documentId: string,
  number: number,
  content: string,
  contentType: string,
  note: string | null,
  author: string | null,
) => ({
  document_id: documentId,
  number,
  status: 'draft',
  content,
  content_type: contentType,
  content_sha256: sha256Hex(content),
  change_note: note,
  author_member_id: author,
  approver_member_id: null,
  approved_at: null,
});

export const createDocument = defineCommand({
  action: 'documents.create',
  input: z
    .object({
      ...docFields,
      content: z.string().max(500_000).default('').describe('First version, in Markdown.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const me = await memberIdOf(tx, scope.access!);
    const doc = await insertRecord(tx, orgId, 'documents', {
      title: input.title,
      kind: input.kind,
      owner_member_id: input.ownerMemberId ?? me,
      classification: input.classification,
      retention_months: input.retentionMonths,
      source_register: null,
      current_version_id: null,
    });
    const version = await insertRecord(
      tx,
      orgId,
      'document_versions',
      versionRow(doc.id, 1, input.content, 'text/markdown', 'First version', me),
    );
    return { doc, version };
  },
});

export const updateDocument = defineCommand({
  action: 'documents.update',
  input: z
    .object({
      title: docFields.title.optional(),
      ownerMemberId: docFields.ownerMemberId,
      classification: docFields.classification.optional(),
      retentionMonths: docFields.retentionMonths.optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const d = await loadRow(tx, 'documents', orgId, scope.ids!.documentId!, 'document');
    checkVersion(d.version, scope.ifMatch);
    const changes: Record<string, unknown> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.classification !== undefined) changes.classification = input.classification;
    if (input.retentionMonths !== undefined) changes.retention_months = input.retentionMonths;
    return updateRecord(tx, orgId, 'documents', d, changes);
  },
});

export const draftDocumentVersion = defineCommand({
  action: 'documents.update',
  input: z
    .object({
      content: z.string().max(500_000),
      changeNote: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const d = await loadRow(tx, 'documents', orgId, scope.ids!.documentId!, 'document');
    if (d.source_register)
      throw new AppError(
        'INVALID_STATE',
        'A register snapshot changes only by publishing the register again.',
      );
    return insertRecord(
      tx,
      orgId,
      'document_versions',
      versionRow(
        d.id,
        await nextNumber(tx, orgId, d.id),
        input.content,
        'text/markdown',
        input.changeNote ?? null,
        await memberIdOf(tx, scope.access!),
      ),
    );
  },
});

export const approveDocumentVersion = defineCommand({
  action: 'documents.approve',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const v = await loadRow(
      tx,
      'document_versions',
      orgId,
      scope.ids!.versionId!,
      'document version',
    );
    if (v.document_id !== scope.ids!.documentId) throw notFound('document version');
    checkVersion(v.version, scope.ifMatch);
    if (v.status !== 'draft')
      throw new AppError('INVALID_STATE', `Version ${v.number} is already approved.`);
    const me = await memberIdOf(tx, scope.access!);
    assertNotAuthor(v.author_member_id, me, 'document version');
    const d = await loadRow(tx, 'documents', orgId, v.document_id, 'document');
    await updateRecord(tx, orgId, 'documents', d, { current_version_id: v.id });
    return updateRecord(tx, orgId, 'document_versions', v, {
      status: 'approved',
      approver_member_id: me,
      approved_at: tx.now,
    });
  },
});

/**
 * Publishing a register freezes its current content (CSV, with its SHA-256) as an approved
 * version of the register's document, made the first time. The content comes from the records,
 * so the publisher's approval is the only one needed.
 */
export const publishRegister = defineCommand({
  action: 'documents.publish_register',
  input: z
    .object({
      changeNote: z.string().max(2000).nullable().optional().describe('Why it is published now.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const access = scope.access!;
    const spec = registerByKey.get(scope.ids!.register!)!;
    const me = await memberIdOf(tx, access);
    const page = await listRecords(tx.db, tx.ctx.database.dialect, spec, access.orgId, {
      limit: 100_000,
      sort: spec.defaultSort,
    });
    const csv = toCsv(exportColumns(spec), page.items);
    let doc = await (tx.db as any)
      .selectFrom('documents')
      .selectAll()
      .where('org_id', '=', access.orgId)
      .where('source_register', '=', spec.key)
      .executeTakeFirst();
    if (!doc) {
      doc = await insertRecord(tx, access.orgId, 'documents', {
        title: `${spec.title} (register)`,
        kind: 'register_snapshot',
        owner_member_id: me,
        classification: 'internal',
        retention_months: 36,
        source_register: spec.key,
        current_version_id: null,
      });
    }
    const v = await insertRecord(tx, access.orgId, 'document_versions', {
      ...versionRow(
        doc.id,
        await nextNumber(tx, access.orgId, doc.id),
        csv,
        'text/csv',
        input.changeNote ?? `${page.items.length} records`,
        null,
      ),
      status: 'approved',
      approver_member_id: me,
      approved_at: tx.now,
    });
    await updateRecord(tx, access.orgId, 'documents', doc, { current_version_id: v.id });
    return { doc, version: v };
  },
});

const base = '/api/v1/orgs/:org/documents';
const docParams = orgParam.extend({ documentId: uuid });
const versionParams = docParams.extend({ versionId: uuid });

export const documentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'documents.list',
    summary: 'Documented information',
    tag: 'documents',
    auth: 'org',
    action: 'documents.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(docView), description: 'A page of documents.' },
    async handler({ services, access, query }) {
      let q = (services.database.db as any)
        .selectFrom('documents')
        .selectAll()
        .where('org_id', '=', access.orgId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('id', '>', after);
      const p = toPage(
        await q
          .orderBy('id')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => r.id,
      );
      return { body: { ...p, items: p.items.map(docOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'documents.create',
    summary: 'Create a document with a first draft version',
    tag: 'documents',
    auth: 'org',
    action: 'documents.create',
    params: orgParam,
    body: createDocument.input,
    example: {
      title: 'AI impact assessment procedure',
      kind: 'procedure',
      classification: 'internal',
      retentionMonths: 60,
      content: '# Procedure',
    },
    response: {
      status: 201,
      schema: z.object({ document: docView, version: versionView }),
      description: 'Created.',
    },
    async handler({ ctx, access, rawBody }) {
      const r = await execute(ctx, createDocument, rawBody, { access });
      return {
        body: { document: docOut(r.doc), version: versionOut(r.version) },
        etag: r.doc.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:documentId`,
    operationId: 'documents.get',
    summary: 'One document',
    tag: 'documents',
    auth: 'org',
    action: 'documents.read',
    params: docParams,
    response: { status: 200, schema: docView, description: 'The document.' },
    async handler({ services, access, params }) {
      const r = await (services.database.db as any)
        .selectFrom('documents')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.documentId)
        .executeTakeFirst();
      if (!r) throw notFound('document');
      return { body: docOut(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${base}/:documentId`,
    operationId: 'documents.update',
    summary: 'Change a document’s title, owner, classification or retention',
    tag: 'documents',
    auth: 'org',
    action: 'documents.update',
    params: docParams,
    body: updateDocument.input,
    example: { classification: 'confidential' },
    ifMatch: true,
    response: { status: 200, schema: docView, description: 'Updated.' },
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const r = await execute(ctx, updateDocument, rawBody, {
        access,
        ids: { documentId: params.documentId },
        ifMatch,
      });
      return { body: docOut(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:documentId/versions`,
    operationId: 'documents.versions',
    summary: 'Versions of a document, newest first',
    tag: 'documents',
    auth: 'org',
    action: 'documents.read',
    params: docParams,
    query: pageQuery,
    response: { status: 200, schema: page(versionView), description: 'A page of versions.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      const d = await db
        .selectFrom('documents')
        .select('id')
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.documentId)
        .executeTakeFirst();
      if (!d) throw notFound('document');
      let q = db
        .selectFrom('document_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('document_id', '=', params.documentId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('number', '<', Number(after));
      const p = toPage(
        await q
          .orderBy('number', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => String(r.number),
      );
      return { body: { ...p, items: p.items.map(versionOut) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:documentId/versions`,
    operationId: 'documents.draft',
    summary: 'Add a draft version',
    tag: 'documents',
    auth: 'org',
    action: 'documents.update',
    params: docParams,
    body: draftDocumentVersion.input,
    example: { content: '# Procedure\n\nRevised.', changeNote: 'Yearly review' },
    response: { status: 201, schema: versionView, description: 'The draft.' },
    errors: [409],
    async handler({ ctx, access, params, rawBody }) {
      const v = await execute(ctx, draftDocumentVersion, rawBody, {
        access,
        ids: { documentId: params.documentId },
      });
      return { body: versionOut(v), etag: v.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:documentId/versions/:versionId/approve`,
    operationId: 'documents.approve',
    summary: 'Approve a draft version (not by its author); it becomes current',
    tag: 'documents',
    auth: 'org',
    action: 'documents.approve',
    params: versionParams,
    ifMatch: true,
    response: { status: 200, schema: versionView, description: 'Approved.' },
    errors: [409, 422],
    async handler({ ctx, access, params, ifMatch }) {
      const v = await execute(ctx, approveDocumentVersion, undefined, {
        access,
        ids: { documentId: params.documentId, versionId: params.versionId },
        ifMatch,
      });
      return { body: versionOut(v), etag: v.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/registers/:register/publish',
    operationId: 'documents.publish_register',
    summary: 'Publish a register: snapshot it as an approved document version',
    tag: 'documents',
    auth: 'org',
    action: 'documents.publish_register',
    params: orgParam.extend({
      register: z
        .enum(REGISTERS.map((r) => r.key) as [string, ...string[]])
        .describe('Register key, e.g. ai_systems.'),
    }),
    body: publishRegister.input,
    example: { changeNote: 'Quarterly inventory' },
    response: {
      status: 201,
      schema: z.object({ document: docView, version: versionView }),
      description: 'Published.',
    },
    async handler({ ctx, access, params, rawBody }) {
      const r = await execute(ctx, publishRegister, rawBody ?? {}, {
        access,
        ids: { register: params.register },
      });
      return {
        body: {
          document: docOut({ ...r.doc, current_version_id: r.version.id }),
          version: versionOut(r.version),
        },
      };
    },
  }),
];
