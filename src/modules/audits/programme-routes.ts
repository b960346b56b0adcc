import { z } from 'zod';
import { commandRoute, defineRoute, orgParam, type Call, type RouteSpec } from '../../api/route.js';
import type { OrgAccess } from '../../kernel/context.js';
import { page, pageQuery } from '../../kernel/paging.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { approveProgramme, draftProgramme, editProgramme } from './programme-commands.js';
import { auditsStartingWithin, programmeIn, programmesPage } from './queries.js';
import type { ProgrammeRow } from './schemas.js';
import { programmeViewOf } from './names.js';
import { programmeView } from './views.js';

const tag = 'audits';
const base = '/api/v1/orgs/:org/audit-programme';

async function viewOf(db: Kysely<DB>, access: OrgAccess, r: ProgrammeRow) {
  const audits = await auditsStartingWithin(db, access.orgId, r.period_start, r.period_end);
  return programmeViewOf(db, access, r, audits);
}
const after = (
  r: ProgrammeRow,
  { services, access }: Call<Record<string, string>, unknown, unknown>,
) => viewOf(services.database.db, access, r);

export const programmeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'audits.programme',
    summary: 'The approved audit programme and the open draft, if any, with the audits they plan',
    tag,
    auth: 'org',
    action: 'audits.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ current: programmeView.nullable(), draft: programmeView.nullable() }),
      description: 'The audit programme.',
    },
    async handler({ services, access }) {
      const db = services.database.db;
      const current = await programmeIn(db, access.orgId, 'approved');
      const draft = await programmeIn(db, access.orgId, 'draft');
      return {
        body: {
          current: current ? await viewOf(db, access, current) : null,
          draft: draft ? await viewOf(db, access, draft) : null,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/versions`,
    operationId: 'audits.programme_versions',
    summary: 'Every version of the audit programme, newest first',
    tag,
    auth: 'org',
    action: 'audits.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(programmeView), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await programmesPage(db, access.orgId, query);
      const items = [];
      for (const r of p.items) items.push(await viewOf(db, access, r));
      return { body: { ...p, items } };
    },
  }),
  commandRoute({
    command: draftProgramme,
    method: 'POST',
    url: `${base}/versions`,
    summary: 'Start a new draft of the audit programme',
    tag,
    example: {
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      frequency: 'Every clause and applicable control once a year; high-risk AI systems twice.',
      methods: 'Interviews, sampling of records and evidence, observation of the release gate.',
      responsibilities: 'The AIMS manager plans; trained contributors from other teams audit.',
      importance: 'Processes touching high-risk AI systems and clause 8 are audited first.',
      previousResults: 'Last year found gaps in 7.5 and A.6.2.4: both are audited again in Q1.',
    },
    response: { status: 201, schema: programmeView, description: 'The draft.' },
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: editProgramme,
    method: 'PATCH',
    url: `${base}/versions/:programmeId`,
    operationId: 'audits.edit_programme',
    summary: 'Edit the open draft of the audit programme',
    tag,
    example: { frequency: 'Twice a year.' },
    ifMatch: true,
    response: { status: 200, schema: programmeView, description: 'Updated.' },
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: approveProgramme,
    method: 'POST',
    url: `${base}/versions/:programmeId/approve`,
    summary: 'Approve a draft as the audit programme (not by its author)',
    tag,
    ifMatch: true,
    response: { status: 200, schema: programmeView, description: 'Approved.' },
    errors: [409, 422],
    view: after,
  }),
];
