import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  orgParam,
  uuid,
  type Call,
  type RouteSpec,
} from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { can } from '../../kernel/authorize.js';
import { NameWants, resolveNames } from '../../kernel/names.js';
import { page, pageQuery } from '../../kernel/paging.js';
import { today } from '../../kernel/records.js';
import { decideChange, proposeChange, withdrawChange } from './change-commands.js';
import { createObjective, recordMeasurement, updateObjective } from './objective-commands.js';
import {
  CHANGE_SORTS,
  changeDecisions,
  changesPage,
  findChange,
  findObjective,
  latestMeasurements,
  measurementsPage,
  OBJECTIVE_SORTS,
  objectivesPage,
} from './queries.js';
import {
  CHANGE_STATES,
  changeRefs,
  FREQUENCIES,
  changeView,
  measurementView,
  objectiveRefs,
  objectiveView,
  toChangeView,
  toMeasurementView,
  toObjectiveView,
  type ChangeRow,
  type ObjectiveRow,
} from './schemas.js';

type AnyCall = Call<Record<string, string>, unknown, unknown>;

/** Objectives with their latest measurement, as they stand on `day`. */
async function objectiveViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: ObjectiveRow[],
  day: string,
) {
  const latest = await latestMeasurements(
    db,
    access.orgId,
    rows.map((r) => r.id),
  );
  const wants = new NameWants();
  for (const o of rows) {
    const [owner, systems] = objectiveRefs(o);
    wants.add('memberships', owner).add('ai_systems', systems);
  }
  const names = await resolveNames(db, access, wants);
  return rows.map((o) => toObjectiveView(o, latest.get(o.id), day, access, names));
}

const objectiveAfter = async (o: ObjectiveRow, { services, access }: AnyCall) =>
  (await objectiveViews(services.database.db, access, [o], today(services.now())))[0];

/** Changes with every decision on them, as this caller sees them. */
async function changeViews(db: Kysely<DB>, access: OrgAccess, rows: ChangeRow[]) {
  const steps = await changeDecisions(
    db,
    access.orgId,
    rows.map((r) => r.id),
  );
  const wants = new NameWants();
  for (const c of rows) wants.add('memberships', changeRefs(c, steps.get(c.id) ?? []));
  const names = await resolveNames(db, access, wants);
  return rows.map((c) => toChangeView(c, steps.get(c.id) ?? [], access, names));
}

const changeAfter = async (c: ChangeRow, { services, access }: AnyCall) =>
  (await changeViews(services.database.db, access, [c]))[0];

const objectives = '/api/v1/orgs/:org/objectives';
const oParams = orgParam.extend({ objectiveId: uuid });
const changes = '/api/v1/orgs/:org/changes';
const cParams = orgParam.extend({ changeId: uuid });

const objectiveRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: objectives,
    operationId: 'objectives.list',
    summary: 'AI objectives with their latest measurement and state; search and sort',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the title and the metric.'),
      frequency: z
        .enum(Object.keys(FREQUENCIES) as [keyof typeof FREQUENCIES])
        .optional()
        .describe('Only objectives measured this often.'),
      sort: sortParam(OBJECTIVE_SORTS),
    }),
    response: { status: 200, schema: page(objectiveView), description: 'A page of objectives.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const { q, frequency, sort } = query;
      const p = await objectivesPage(db, access.orgId, query, { q, frequency, sort }, dialect);
      const items = await objectiveViews(db, access, p.items, today(services.now()));
      return { body: { ...p, items } };
    },
  }),
  commandRoute({
    command: createObjective,
    method: 'POST',
    url: objectives,
    summary: 'Set an AI objective',
    tag: 'objectives',
    example: {
      title: 'Keep missed urgent cases rare',
      metric: 'False negative rate on urgent cases',
      direction: 'at_most',
      target: 2,
      unit: '%',
      frequency: 'monthly',
    },
    response: { status: 201, schema: objectiveView, description: 'Created.' },
    errors: [422],
    view: objectiveAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${objectives}/:objectiveId`,
    operationId: 'objectives.get',
    summary: 'One objective',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: oParams,
    response: { status: 200, schema: objectiveView, description: 'The objective.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const o = await findObjective(db, access.orgId, params.objectiveId);
      if (!o) throw notFound('objective');
      const [view] = await objectiveViews(db, access, [o], today(services.now()));
      return { body: view, etag: o.version };
    },
  }),
  commandRoute({
    command: updateObjective,
    method: 'PATCH',
    url: `${objectives}/:objectiveId`,
    summary: 'Change an objective',
    tag: 'objectives',
    example: { target: 1.5 },
    ifMatch: true,
    response: { status: 200, schema: objectiveView, description: 'Updated.' },
    errors: [422],
    view: objectiveAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${objectives}/:objectiveId/measurements`,
    operationId: 'objectives.measurements',
    summary: 'Measurements of an objective, oldest first',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: oParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(measurementView),
      description: 'A page of measurements.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      if (!(await findObjective(db, access.orgId, params.objectiveId))) throw notFound('objective');
      const p = await measurementsPage(db, access.orgId, params.objectiveId, query);
      return { body: { ...p, items: p.items.map(toMeasurementView) } };
    },
  }),
  commandRoute({
    command: recordMeasurement,
    method: 'POST',
    url: `${objectives}/:objectiveId/measurements`,
    operationId: 'objectives.measure',
    summary: 'Record a measurement',
    tag: 'objectives',
    example: { measuredOn: '2026-10-31', value: 1.8, note: 'October validation run' },
    response: { status: 201, schema: measurementView, description: 'Recorded.' },
    errors: [422],
    view: toMeasurementView,
  }),
];

const changeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: changes,
    operationId: 'changes.list',
    summary: 'Planned changes to the AIMS (6.3), newest first; search, filter and sort',
    tag: 'changes',
    auth: 'org',
    action: 'changes.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the title and the purpose.'),
      status: z.enum(CHANGE_STATES).optional().describe('Only changes in this state.'),
      awaiting: z
        .enum(['me'])
        .optional()
        .describe(
          'me: only proposed changes that wait for the caller’s decision (their role may decide changes and they did not propose them), as their inbox asks.',
        ),
      sort: sortParam(CHANGE_SORTS),
    }),
    response: { status: 200, schema: page(changeView), description: 'A page of changes.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const { q, status, sort, awaiting } = query;
      // Nobody without the right to decide, nor a caller who is no member, sees a change waiting.
      const none = awaiting === 'me' && (!can(access, 'changes.decide') || !access.memberId);
      const p = none
        ? { items: [], nextCursor: null }
        : await changesPage(db, dialect, access.orgId, query, {
            q,
            status,
            sort,
            decidableBy: awaiting === 'me' ? (access.memberId ?? undefined) : undefined,
          });
      return { body: { ...p, items: await changeViews(db, access, p.items) } };
    },
  }),
  commandRoute({
    command: proposeChange,
    method: 'POST',
    url: changes,
    summary: 'Propose a change to the AIMS',
    tag: 'changes',
    example: {
      title: 'Add a second review board',
      purpose: 'Approvals queue for weeks.',
      resources: 'Two managers, 2 h a week.',
    },
    response: { status: 201, schema: changeView, description: 'Proposed.' },
    view: changeAfter,
  }),
  defineRoute({
    method: 'GET',
    url: `${changes}/:changeId`,
    operationId: 'changes.get',
    summary: 'One planned change, with every decision on it',
    tag: 'changes',
    auth: 'org',
    action: 'changes.read',
    params: cParams,
    response: { status: 200, schema: changeView, description: 'The change.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const c = await findChange(db, access.orgId, params.changeId);
      if (!c) throw notFound('change');
      return { body: (await changeViews(db, access, [c]))[0], etag: c.version };
    },
  }),
  commandRoute({
    command: decideChange,
    method: 'POST',
    url: `${changes}/:changeId/decision`,
    summary:
      'Approve (not by the proposer) or reject (with a reason) a proposed change, or record an approved one as implemented',
    tag: 'changes',
    example: { decision: 'approved', note: 'Start after the spring audit.' },
    ifMatch: true,
    response: { status: 200, schema: changeView, description: 'Decided.' },
    errors: [409, 422],
    view: changeAfter,
  }),
  commandRoute({
    command: withdrawChange,
    method: 'POST',
    url: `${changes}/:changeId/withdrawal`,
    summary: 'Withdraw a proposed change (only by the member who proposed it)',
    tag: 'changes',
    example: { note: 'Covered by the new release checklist.' },
    ifMatch: true,
    response: { status: 200, schema: changeView, description: 'Withdrawn.' },
    errors: [409],
    view: changeAfter,
  }),
];

export const planningRoutes: RouteSpec[] = [...objectiveRoutes, ...changeRoutes];
