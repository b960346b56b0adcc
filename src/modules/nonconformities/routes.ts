import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  exampleId,
  orgParam,
  uuid,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import { FILE_TYPES } from '../../interop/tabular.js';
import { notFound } from '../../kernel/errors.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { findRecord, today } from '../../kernel/records.js';
import { addAction, updateAction } from './action-commands.js';
import {
  correctNonconformity,
  raiseNonconformity,
  recordRootCause,
  recordSimilar,
  updateNonconformity,
} from './commands.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { findNonconformity, NONCONFORMITY_SORTS, nonconformitiesPage } from './queries.js';
import { nonconformityViews } from './read.js';
import { nonconformitiesFile } from './export.js';
import {
  NC_STATES,
  requirementIdSchema,
  SEVERITIES,
  SOURCE_TYPES,
  type NonconformityRow,
} from './schemas.js';
import { closeNonconformity, reopenNonconformity, verifyEffectiveness } from './step-commands.js';
import { actionView, nonconformityView, toActionView } from './views.js';
import { improvementRoutes } from './improvement-routes.js';

type AnyCall = Call<Record<string, string>, unknown, unknown>;
const base = '/api/v1/orgs/:org/nonconformities';
const one = `${base}/:nonconformityId`;
const tag = 'nonconformities';
const params = orgParam.extend({ nonconformityId: uuid });

/** The nonconformity a command wrote, as this caller sees it now (actions and steps included). */
async function after(nc: NonconformityRow, { services, access }: AnyCall) {
  const db = services.database.db;
  const fresh = (await findNonconformity(db, access.orgId, nc.id)) ?? nc;
  return (await nonconformityViews(db, access, [fresh], today(services.now())))[0];
}

const filters = z.object({
  status: z.enum(NC_STATES).optional().describe('Only nonconformities in this state.'),
  severity: z.enum(SEVERITIES).optional().describe('Only major or only minor ones.'),
  sourceType: z.enum(SOURCE_TYPES).optional().describe('Only those found this way.'),
  sourceId: uuid
    .optional()
    .describe('Only those raised from this record (a concern, an incident…).'),
  requirementId: requirementIdSchema.optional(),
  ownerMemberId: uuid.optional().describe('Only those this member answers for.'),
  q: searchParam,
});

const view = { status: 200, schema: nonconformityView, description: 'The nonconformity.' };

export const nonconformityRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${base}/export`,
    operationId: 'nonconformities.export',
    summary: 'Nonconformities with their corrective actions as CSV, XLSX or PDF',
    tag,
    auth: 'org',
    action: 'nonconformities.read',
    params: orgParam,
    query: filters.extend({
      format: z.enum(['csv', 'xlsx', 'pdf']).default('csv').describe('File format.'),
    }),
    response: { status: 200, schema: null, description: 'The file.', files: FILE_TYPES },
    async handler({ services, access, query }) {
      const { format, ...filter } = query;
      return {
        file: await nonconformitiesFile(
          services.database.db,
          access,
          format,
          filter,
          services.now(),
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'nonconformities.list',
    summary: 'Nonconformities, newest first, with their actions and steps',
    tag,
    auth: 'org',
    action: 'nonconformities.read',
    params: orgParam,
    query: pageQuery.extend({ ...filters.shape, sort: sortParam(NONCONFORMITY_SORTS) }),
    response: { status: 200, schema: page(nonconformityView), description: 'A page.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await nonconformitiesPage(db, dialect, access.orgId, query, query);
      return {
        body: { ...p, items: await nonconformityViews(db, access, p.items, today(services.now())) },
      };
    },
  }),
  commandRoute({
    command: raiseNonconformity,
    method: 'POST',
    url: base,
    summary: 'Raise a nonconformity: what is wrong, the requirement, where it was found',
    tag,
    example: {
      title: 'Model release skipped the bias test',
      description: 'Release 2.3 of the triage model went live without the subgroup bias test.',
      requirementId: 'A.6.2.4',
      sourceType: 'direct',
      severity: 'major',
    },
    response: { status: 201, schema: nonconformityView, description: 'Raised.' },
    errors: [422],
    view: after,
  }),
  defineRoute({
    method: 'GET',
    url: one,
    operationId: 'nonconformities.get',
    summary: 'One nonconformity with its actions and every step taken',
    tag,
    auth: 'org',
    action: 'nonconformities.read',
    params,
    response: view,
    async handler({ services, access, params: p }) {
      const db = services.database.db;
      const nc = await findNonconformity(db, access.orgId, p.nonconformityId);
      if (!nc) throw notFound('nonconformity');
      const [body] = await nonconformityViews(db, access, [nc], today(services.now()));
      return { body, etag: nc.version };
    },
  }),
  commandRoute({
    command: updateNonconformity,
    method: 'PATCH',
    url: one,
    summary: 'Change what a nonconformity says (title, requirement, severity, owner)',
    tag,
    example: { severity: 'minor' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: correctNonconformity,
    method: 'PUT',
    url: `${one}/correction`,
    summary: 'Record the correction: what was done to contain it',
    tag,
    example: { correction: 'Rolled the model back to release 2.2 the same day.' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  commandRoute({
    command: recordRootCause,
    method: 'PUT',
    url: `${one}/root-cause`,
    operationId: 'nonconformities.root_cause',
    summary: 'Record the root cause and how it was found (five whys, fishbone or in words)',
    tag,
    example: {
      rootCause: {
        method: 'five_whys',
        whys: [
          'The bias test did not run.',
          'The release pipeline made it optional.',
          'A hotfix needed it skipped once and the switch stayed.',
        ],
        cause: 'Pipeline switches are not reviewed after a hotfix.',
      },
    },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  commandRoute({
    command: recordSimilar,
    method: 'PUT',
    url: `${one}/similar`,
    operationId: 'nonconformities.similar',
    summary: 'Record whether similar nonconformities exist or could occur, and where',
    tag,
    example: {
      answer: 'could_occur',
      note: 'The scoring model uses the same pipeline template.',
    },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: addAction,
    method: 'POST',
    url: `${one}/actions`,
    summary: 'Plan a corrective action (once the root cause is recorded)',
    tag,
    example: {
      title: 'Make the bias test a required pipeline step',
      ownerMemberId: exampleId('memberId'),
      dueDate: '2026-09-30',
    },
    response: { status: 201, schema: actionView, description: 'Planned.' },
    errors: [409, 422],
    view: async (a, call) => {
      const nc = await findRecord(
        call.services.database.db,
        'nonconformities',
        call.access.orgId,
        a.nonconformity_id,
      );
      return toActionView(nc!, a, call.access, today(call.services.now()));
    },
  }),
  commandRoute({
    command: updateAction,
    method: 'PATCH',
    url: `${one}/actions/:correctiveActionId`,
    summary: 'Change a corrective action: done (with what was done), cancelled, owner, due date',
    tag,
    example: { status: 'done', outcome: 'The pipeline now fails without a bias report.' },
    ifMatch: true,
    response: { status: 200, schema: actionView, description: 'Updated.' },
    errors: [409, 422],
    view: async (a, call) => {
      const nc = await findRecord(
        call.services.database.db,
        'nonconformities',
        call.access.orgId,
        a.nonconformity_id,
      );
      return toActionView(nc!, a, call.access, today(call.services.now()));
    },
  }),
  commandRoute({
    command: verifyEffectiveness,
    method: 'POST',
    url: `${one}/effectiveness-check`,
    summary:
      'Check whether the corrective actions worked (not by anyone who owned, planned or did one)',
    tag,
    example: { effective: true, note: 'Three releases since, each with a bias report.' },
    ifMatch: true,
    response: view,
    errors: [409, 422],
    view: after,
  }),
  commandRoute({
    command: closeNonconformity,
    method: 'POST',
    url: `${one}/closure`,
    summary: 'Close a nonconformity whose corrective actions were found effective',
    tag,
    example: { note: 'Release procedure updated to version 4.' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  commandRoute({
    command: reopenNonconformity,
    method: 'POST',
    url: `${one}/reopening`,
    summary: 'Reopen a verified or closed nonconformity; a new cycle starts, the history stays',
    tag,
    example: { reason: 'Release 2.6 went out without a bias report again.' },
    ifMatch: true,
    response: view,
    errors: [409],
    view: after,
  }),
  ...improvementRoutes,
];
