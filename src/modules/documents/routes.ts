import { z } from 'zod';
import { can } from '../../kernel/authorize.js';
import { commandRoute, defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import {
  approveDocumentVersion,
  createDocument,
  draftDocumentVersion,
  updateDocument,
} from './commands.js';
import { publishRegister } from './publish-register.js';
import { sortParam } from '../../kernel/list-query.js';
import { DOCUMENT_SORTS, documentsPage, documentVersionsPage, findDocument } from './queries.js';
import { DOCUMENT_KINDS, documentVersionView, documentView } from './schemas.js';
import {
  documentVersionViews,
  documentViewOf,
  documentViews,
  pairView,
  versionViewOf,
} from './views.js';

const base = '/api/v1/orgs/:org/documents';
const docParams = orgParam.extend({ documentId: uuid });
const tag = 'documents';

export const documentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'documents.list',
    summary: 'Documented information; search, filter and sort',
    tag,
    auth: 'org',
    action: 'documents.read',
    params: orgParam,
    query: pageQuery.extend({
      q: z.string().trim().max(200).optional().describe('Case-insensitive search in the title.'),
      kind: z.enum(DOCUMENT_KINDS).optional().describe('Only documents of this kind.'),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          'me: only documents with a draft version that waits for the caller’s approval (their role may approve documents and they did not write that version), as their inbox asks.',
        ),
      sort: sortParam(DOCUMENT_SORTS),
    }),
    response: { status: 200, schema: page(documentView), description: 'A page of documents.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const { q, kind, sort } = query;
      // Nobody without the right to approve, nor a caller who is no member, sees a version waiting.
      const none =
        query.awaiting === 'me' && (!can(access, 'documents.approve') || !access.memberId);
      const approvableBy = query.awaiting === 'me' ? (access.memberId ?? undefined) : undefined;
      const p = none
        ? { items: [], nextCursor: null }
        : await documentsPage(db, access.orgId, query, { q, kind, sort, approvableBy }, dialect);
      return { body: { ...p, items: await documentViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: createDocument,
    method: 'POST',
    url: base,
    summary: 'Create a document with a first draft version',
    tag,
    example: {
      title: 'AI impact assessment procedure',
      kind: 'procedure',
      classification: 'internal',
      retentionMonths: 60,
      content: '# Procedure',
    },
    response: {
      status: 201,
      schema: z.object({ document: documentView, version: documentVersionView }),
      description: 'Created.',
    },
    errors: [422],
    view: pairView,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:documentId`,
    operationId: 'documents.get',
    summary: 'One document',
    tag,
    auth: 'org',
    action: 'documents.read',
    params: docParams,
    response: { status: 200, schema: documentView, description: 'The document.' },
    async handler({ services, access, params }) {
      const r = await findDocument(services.database.db, access.orgId, params.documentId);
      if (!r) throw notFound('document');
      return { body: await documentViewOf(r, { services, access }), etag: r.version };
    },
  }),
  commandRoute({
    command: updateDocument,
    method: 'PATCH',
    url: `${base}/:documentId`,
    summary: 'Change a document’s title, owner, classification or retention',
    tag,
    example: { classification: 'confidential' },
    ifMatch: true,
    response: { status: 200, schema: documentView, description: 'Updated.' },
    errors: [422],
    view: documentViewOf,
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:documentId/versions`,
    operationId: 'documents.versions',
    summary: 'Versions of a document, newest first',
    tag,
    auth: 'org',
    action: 'documents.read',
    params: docParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(documentVersionView),
      description: 'A page of versions.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      if (!(await findDocument(db, access.orgId, params.documentId))) throw notFound('document');
      const p = await documentVersionsPage(db, access.orgId, params.documentId, query);
      return { body: { ...p, items: await documentVersionViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: draftDocumentVersion,
    method: 'POST',
    url: `${base}/:documentId/versions`,
    operationId: 'documents.draft',
    summary: 'Add a draft version',
    tag,
    example: { content: '# Procedure\n\nRevised.', changeNote: 'Yearly review' },
    response: { status: 201, schema: documentVersionView, description: 'The draft.' },
    errors: [409],
    view: versionViewOf,
  }),
  commandRoute({
    command: approveDocumentVersion,
    method: 'POST',
    url: `${base}/:documentId/versions/:versionId/approve`,
    summary: 'Approve a draft version (not by its author); it becomes current',
    tag,
    ifMatch: true,
    response: { status: 200, schema: documentVersionView, description: 'Approved.' },
    errors: [409, 422],
    view: versionViewOf,
  }),
  commandRoute({
    command: publishRegister,
    method: 'POST',
    url: '/api/v1/orgs/:org/registers/:register/publish',
    summary: 'Publish a register: snapshot it as an approved document version',
    tag,
    example: { changeNote: 'Quarterly inventory' },
    response: {
      status: 201,
      schema: z.object({ document: documentView, version: documentVersionView }),
      description: 'Published.',
    },
    view: pairView,
  }),
];
