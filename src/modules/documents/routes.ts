import { z } from 'zod';
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
import { documentsPage, documentVersionsPage, findDocument } from './queries.js';
import {
  documentVersionView,
  documentView,
  toDocumentVersionView,
  toDocumentView,
} from './schemas.js';

const base = '/api/v1/orgs/:org/documents';
const docParams = orgParam.extend({ documentId: uuid });
const tag = 'documents';

export const documentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'documents.list',
    summary: 'Documented information',
    tag,
    auth: 'org',
    action: 'documents.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(documentView), description: 'A page of documents.' },
    async handler({ services, access, query }) {
      const p = await documentsPage(services.database.db, access.orgId, query);
      return { body: { ...p, items: p.items.map((r) => toDocumentView(r, access)) } };
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
    view: (r, { access }) => ({
      document: toDocumentView(r.doc, access),
      version: toDocumentVersionView(r.version, access),
    }),
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
      return { body: toDocumentView(r, access), etag: r.version };
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
    view: (r, { access }) => toDocumentView(r, access),
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
      return { body: { ...p, items: p.items.map((v) => toDocumentVersionView(v, access)) } };
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
    view: (v, { access }) => toDocumentVersionView(v, access),
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
    view: (v, { access }) => toDocumentVersionView(v, access),
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
    view: (r, { access }) => ({
      document: toDocumentView(r.doc, access),
      version: toDocumentVersionView(r.version, access),
    }),
  }),
];
