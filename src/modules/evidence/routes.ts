import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { sortParam } from '../../kernel/list-query.js';
import type { OrgAccess } from '../../kernel/context.js';
import { runParsed } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { loadRecord, today } from '../../kernel/records.js';
import { actorNames, actorNamesSchema } from '../../kernel/names.js';
import {
  createLinkEvidence,
  linkEvidence,
  recordDownload,
  unlinkEvidence,
  updateEvidence,
} from './commands.js';
import { custodyPage, EVIDENCE_SORTS, evidencePage, linksOf } from './queries.js';
import {
  custodyView,
  date,
  evidenceId,
  evidenceView,
  TARGETS,
  toCustodyView,
  evidenceNames,
  toEvidenceView,
  type EvidenceView,
} from './schemas.js';
import { uploadRoute } from './upload.js';

const base = '/api/v1/orgs/:org/evidence';
const eParams = orgParam.extend({ evidenceId });

/** One piece of evidence with its links, as it stands on `day`; 404 when there is none. */
export async function evidenceViewOf(
  db: Kysely<DB>,
  access: OrgAccess,
  id: string,
  day: string,
): Promise<EvidenceView> {
  const e = await loadRecord(db, 'evidence', access.orgId, id, 'evidence');
  const links = await linksOf(db, access.orgId, [e.id]);
  const names = await evidenceNames(db, access, [e], links);
  return toEvidenceView(e, links, day, access, names);
}

/** A page of evidence with its links, as it stands on `day` (the list route, the dashboard). */
export async function evidenceList(
  db: Kysely<DB>,
  access: OrgAccess,
  query: Parameters<typeof evidencePage>[2] & Parameters<typeof evidencePage>[3],
  day: string,
  dialect?: Dialect,
) {
  const p = await evidencePage(db, access.orgId, query, query, dialect);
  const links = await linksOf(
    db,
    access.orgId,
    p.items.map((e) => e.id),
  );
  const names = await evidenceNames(db, access, p.items, links);
  return { ...p, items: p.items.map((e) => toEvidenceView(e, links, day, access, names)) };
}

/** What a write on one piece of evidence answers: the evidence as it now stands. */
const viewAfter = (
  id: string,
  { services, access }: Call<Record<string, string>, unknown, unknown>,
) => evidenceViewOf(services.database.db, access, id, today(services.now()));

export const evidenceRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'evidence.list',
    summary: 'Evidence, newest first or sorted; search, or filter by what it supports or by expiry',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    // Ledgered records and the caller; expiry by today's date.
    cache: 'head+minute',
    params: orgParam,
    query: pageQuery.extend({
      targetType: z.enum(TARGETS).optional().describe('With targetId: only evidence linked to it.'),
      targetId: z.string().max(100).optional(),
      expiringBefore: date
        .optional()
        .describe('Only evidence whose validity ends before this date.'),
      q: z
        .string()
        .trim()
        .max(200)
        .optional()
        .describe('Case-insensitive search in the title and the file name.'),
      sort: sortParam(EVIDENCE_SORTS),
    }),
    response: { status: 200, schema: page(evidenceView), description: 'A page of evidence.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      return { body: await evidenceList(db, access, query, today(services.now()), dialect) };
    },
  }),
  uploadRoute,
  commandRoute({
    command: createLinkEvidence,
    method: 'POST',
    url: base,
    summary: 'Record a link or a reference to a record in aims as evidence',
    tag: 'evidence',
    example: {
      kind: 'link',
      title: 'Model card on the internal wiki',
      url: 'https://wiki.example.com/models/triage',
      validUntil: '2027-12-31',
    },
    response: { status: 201, schema: evidenceView, description: 'Recorded.' },
    errors: [422],
    view: (e, call) => viewAfter(e.id, call),
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId`,
    operationId: 'evidence.get',
    summary: 'One piece of evidence with its links',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    params: eParams,
    response: { status: 200, schema: evidenceView, description: 'The evidence.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const v = await evidenceViewOf(db, access, params.evidenceId, today(services.now()));
      return { body: v, etag: v.version };
    },
  }),
  commandRoute({
    command: updateEvidence,
    method: 'PATCH',
    url: `${base}/:evidenceId`,
    summary: 'Change the title, description, owner or validity of evidence',
    tag: 'evidence',
    example: { validUntil: '2027-06-30' },
    ifMatch: true,
    response: { status: 200, schema: evidenceView, description: 'Updated.' },
    errors: [422],
    view: (e, call) => viewAfter(e.id, call),
  }),
  commandRoute({
    command: linkEvidence,
    method: 'POST',
    url: `${base}/:evidenceId/links`,
    operationId: 'evidence.link',
    summary: 'Link evidence to a control, requirement, risk, AI system or incident',
    tag: 'evidence',
    example: { targetType: 'control', targetId: 'A.6.2.4' },
    response: {
      status: 201,
      schema: evidenceView,
      description: 'Linked; the evidence with its links.',
    },
    errors: [409, 422],
    view: ({ evidence }, call) => viewAfter(evidence.id, call),
  }),
  commandRoute({
    command: unlinkEvidence,
    method: 'DELETE',
    url: `${base}/:evidenceId/links/:linkId`,
    operationId: 'evidence.unlink',
    summary: 'Remove a link (the evidence and its file stay)',
    tag: 'evidence',
    response: { status: 204, schema: null, description: 'Unlinked.' },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId/download`,
    operationId: 'evidence.download',
    summary:
      'Download a file: its bytes are checked against the recorded SHA-256 first, and the download is recorded',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.download',
    params: eParams,
    // A download is recorded (chain of custody): an act of now, not a read of the past.
    asOf: false,
    response: {
      status: 200,
      schema: null,
      description: 'The file.',
      files: ['application/octet-stream'],
    },
    errors: [409],
    async handler({ ctx, services, access, params, reply }) {
      const e = await loadRecord(
        services.database.db,
        'evidence',
        access.orgId,
        params.evidenceId,
        'evidence',
      );
      if (e.kind !== 'file' || !e.blob_sha256)
        throw new AppError('INVALID_STATE', 'Only file evidence can be downloaded.');
      if (!(await services.blobs.verify(e.blob_sha256))) {
        throw new AppError(
          'BLOB_CORRUPT',
          'The stored file no longer matches its recorded SHA-256; it is not served.',
        );
      }
      await runParsed(ctx, recordDownload, { evidenceId: e.id }, { access });
      reply.header('x-content-sha256', e.blob_sha256);
      return {
        file: {
          contentType: e.media_type ?? 'application/octet-stream',
          filename: String(e.filename).replace(/["\r\n]/g, '_'),
          data: services.blobs.read(e.blob_sha256),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:evidenceId/custody`,
    operationId: 'evidence.custody',
    summary: 'The chain of custody of a piece of evidence, oldest first',
    tag: 'evidence',
    auth: 'org',
    action: 'evidence.read',
    params: eParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(custodyView).extend({ names: actorNamesSchema }),
      description: 'A page of custody events, with the names of who acted.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      await loadRecord(db, 'evidence', access.orgId, params.evidenceId, 'evidence');
      const p = await custodyPage(db, access.orgId, params.evidenceId, query);
      const items = p.items.map(toCustodyView);
      const names = await actorNames(
        db,
        access,
        items.map((c) => c.actor),
      );
      return { body: { ...p, items, names } };
    },
  }),
];
