import type { Kysely } from 'kysely';
import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type Call, type RouteSpec } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import { FILE_TYPES, tableFile } from '../../interop/tabular.js';
import { AppError } from '../../kernel/errors.js';
import { IMPLEMENTATION, labelOf } from '../../labels.js';
import { documentHead } from '../orgs/index.js';
import { page, pageQuery, toPage } from '../../kernel/paging.js';
import { today } from '../../kernel/records.js';
import { addCustomControl, approveSoa, decideControl, snapshotSoa } from './commands.js';
import { soaListed, soaListQuery } from './list.js';
import { soaSources, soaVersionIn, soaVersionsPage } from './queries.js';
import {
  soaEntryCallerView,
  soaVersionView,
  toSoaEntries,
  soaEntryCallerViews,
  soaVersionViewOf,
  soaVersionViews,
  type SoaEntryRow,
  type SoaEntryView,
} from './schemas.js';

const tag = 'soa';

/** The whole statement as it stands today. */
const statement = async (db: Kysely<DB>, orgId: string, now: Date) =>
  toSoaEntries(await soaSources(db, orgId), today(now));

/** One control of the statement, as it stands after a change to it. */
const entryAfter = async (
  e: SoaEntryRow,
  { services, access }: Call<Record<string, string>, unknown, unknown>,
) =>
  (
    await soaEntryCallerViews(services.database.db, access, [
      (await statement(services.database.db, access.orgId, services.now())).find(
        (x) => x.controlId === e.control_id,
      )!,
    ])
  )[0]!;

/**
 * The statement is computed (catalog order, then the organization's own controls), so it pages
 * by position: the cursor is the last control of the page before.
 */
function pageByControl(rows: SoaEntryView[], query: { limit: number; cursor?: string }) {
  let start = 0;
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString();
    start = rows.findIndex((r) => r.controlId === after) + 1;
    if (start === 0)
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
  }
  return toPage(rows.slice(start, start + query.limit + 1), query.limit, (r) => r.controlId);
}

export const soaRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa',
    operationId: 'soa.list',
    summary:
      'The Statement of Applicability: every control with its decision, status, risks and evidence',
    tag,
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: soaListQuery,
    response: {
      status: 200,
      schema: page(soaEntryCallerView),
      description: 'A page of controls, in catalog order unless sorted.',
    },
    async handler({ services, access, query }) {
      const rows = soaListed(
        await statement(services.database.db, access.orgId, services.now()),
        query,
      );
      const p = pageByControl(rows, query);
      const items = await soaEntryCallerViews(services.database.db, access, p.items);
      return { body: { ...p, items } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa/export',
    operationId: 'soa.export',
    summary: 'The Statement of Applicability as the table an auditor expects (XLSX, PDF or CSV)',
    tag,
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: z.object({
      format: z.enum(['xlsx', 'pdf', 'csv']).default('xlsx').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The statement.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const rows = await statement(db, access.orgId, services.now());
      const approved = await soaVersionIn(db, access.orgId, 'approved');
      const records = rows.map((r) => ({
        ...r,
        applicable: r.applicable === null ? 'Undecided' : r.applicable ? 'Yes' : 'No',
        implementationStatus: labelOf(IMPLEMENTATION, r.implementationStatus),
        risks: r.riskIds.length,
        evidence: `${r.evidence.valid} valid${r.evidence.expired ? `, ${r.evidence.expired} expired` : ''}`,
      }));
      const sub = approved
        ? `Approved version ${approved.number} on ${String(approved.approved_at).slice(0, 10)} (sha256 ${approved.content_sha256.slice(0, 16)}…); current state shown`
        : 'No approved version yet; current state shown';
      const cols = [
        { key: 'controlId', header: 'Control', width: 5 },
        { key: 'title', header: 'Title', width: 14 },
        { key: 'applicable', header: 'Applicable', width: 5 },
        { key: 'justification', header: 'Justification', width: 24 },
        { key: 'implementationStatus', header: 'Implementation', width: 7 },
        { key: 'risks', header: 'Risks', width: 3 },
        { key: 'evidence', header: 'Evidence', width: 7 },
      ];
      return {
        file: await tableFile(
          query.format,
          `${access.slug}-statement-of-applicability`,
          'Statement of Applicability (ISO/IEC 42001 6.1.3)',
          sub,
          cols,
          records,
          await documentHead(db, access, services.now()),
        ),
      };
    },
  }),
  commandRoute({
    command: decideControl,
    method: 'PUT',
    url: '/api/v1/orgs/:org/soa/:controlId',
    operationId: 'soa.decide',
    summary: 'Decide a control: applicable or not, with a justification either way',
    tag,
    example: {
      applicable: false,
      justification: 'We build no AI systems in-house; development controls do not apply.',
    },
    ifMatch: true,
    response: { status: 200, schema: soaEntryCallerView, description: 'The control as decided.' },
    errors: [422],
    view: entryAfter,
  }),
  commandRoute({
    command: addCustomControl,
    method: 'POST',
    url: '/api/v1/orgs/:org/soa/controls',
    operationId: 'soa.add_control',
    summary: "Add one of the organization's own controls",
    tag,
    example: {
      controlId: 'ORG-1',
      title: 'Model release board',
      justification: 'Required by our group policy.',
    },
    response: { status: 201, schema: soaEntryCallerView, description: 'Added.' },
    errors: [409],
    view: entryAfter,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/soa-versions',
    operationId: 'soa.versions',
    summary: 'Versions of the Statement of Applicability, newest first',
    tag,
    auth: 'org',
    action: 'soa.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(soaVersionView), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await soaVersionsPage(db, access.orgId, query);
      return { body: { ...p, items: await soaVersionViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: snapshotSoa,
    method: 'POST',
    url: '/api/v1/orgs/:org/soa-versions',
    operationId: 'soa.snapshot',
    summary: 'Freeze the statement as a version for approval (every control must be decided)',
    tag,
    example: { changeNote: 'Yearly review' },
    response: { status: 201, schema: soaVersionView, description: 'The draft version.' },
    errors: [409, 422],
    view: (v, { access, services }) => soaVersionViewOf(services.database.db, access, v),
  }),
  commandRoute({
    command: approveSoa,
    method: 'POST',
    url: '/api/v1/orgs/:org/soa-versions/:soaVersionId/approve',
    summary: 'Approve a version (not by its author); the previous approved one is superseded',
    tag,
    ifMatch: true,
    response: { status: 200, schema: soaVersionView, description: 'Approved.' },
    errors: [409, 422],
    view: (v, { access, services }) => soaVersionViewOf(services.database.db, access, v),
  }),
];
