import { z } from 'zod';
import {
  commandRoute,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  type RouteSpec,
} from '../../api/route.js';
import { run } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { searchParam, sortParam } from '../../kernel/list-query.js';
import { today } from '../../kernel/records.js';
import { withUploadedFile } from '../evidence/index.js';
import { pushGateEvidence, recordGateCheck, updateGateCriteria } from './commands.js';
import { DEFAULT_GATES, evidenceKind, STAGES, stageSchema } from './criteria.js';
import { evaluateGates, systemOf } from './gate.js';
import { criteriaViewOf, criteriaViews, overrideViews } from './views.js';
import {
  checksPage,
  criteriaById,
  criteriaInForce,
  criteriaVersionsPage,
  VERSION_SORTS,
  gateEvidenceById,
  gateEvidencePage,
  OVERRIDE_SORTS,
  overridesPage,
} from './queries.js';
import {
  checkResultView,
  checkView,
  criteriaId,
  criteriaView,
  gateEvidenceView,
  gateView,
  overrideView,
  systemRef,
  toCheckResultView,
  toCheckView,
  toGateEvidenceView,
  toGateView,
} from './schemas.js';

const tag = 'gates';
const criteriaBase = '/api/v1/orgs/:org/gate-criteria';
const systemBase = '/api/v1/orgs/:org/ai-systems/:aiSystemId';
const systemParams = orgParam.extend({ aiSystemId: systemRef });

const criteriaRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: criteriaBase,
    operationId: 'gates.criteria',
    summary:
      'The gate criteria in force (the proposed defaults, enforcing nothing, until the organization adopts a version)',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: orgParam,
    response: { status: 200, schema: criteriaView, description: 'The criteria.' },
    async handler({ services, access }) {
      const db = services.database.db;
      return { body: await criteriaViewOf(db, access, await criteriaInForce(db, access.orgId)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${criteriaBase}/versions`,
    operationId: 'gates.criteria_versions',
    summary:
      'Every version of the gate criteria, newest first: the one in force and those it replaced; search and sort',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe('Case-insensitive search in the change note, or a version number.'),
      sort: sortParam(VERSION_SORTS).describe(
        'number: oldest first; -number or none: newest first.',
      ),
    }),
    response: { status: 200, schema: page(criteriaView), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await criteriaVersionsPage(db, access.orgId, query, query);
      return { body: { ...p, items: await criteriaViews(db, access, p.items) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${criteriaBase}/versions/:gateCriteriaId`,
    operationId: 'gates.criteria_version',
    summary: 'One version of the gate criteria, such as the one a check or override was made under',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: orgParam.extend({ gateCriteriaId: criteriaId }),
    response: { status: 200, schema: criteriaView, description: 'The version.' },
    async handler({ services, access, params }) {
      const db = services.database.db;
      const row = await criteriaById(db, access.orgId, params.gateCriteriaId);
      if (!row) throw notFound('gate criteria version');
      return { body: await criteriaViewOf(db, access, row), etag: row.version };
    },
  }),
  commandRoute({
    command: updateGateCriteria,
    method: 'POST',
    url: `${criteriaBase}/versions`,
    summary:
      'Adopt new gate criteria: a new version in force from now on (earlier ones stay readable)',
    tag,
    example: { enforced: true, gates: DEFAULT_GATES, changeNote: 'Adopted the proposed gates.' },
    response: { status: 201, schema: criteriaView, description: 'The version now in force.' },
    errors: [422],
    view: (r, { access, services }) => criteriaViewOf(services.database.db, access, r),
  }),
];

const systemRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: `${systemBase}/gates`,
    operationId: 'gates.evaluate',
    summary:
      'The gates of an AI system: for each stage but its current one (or the one asked), every criterion met or unmet, and why',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: systemParams,
    query: z.object({
      toStage: stageSchema.optional().describe('Only the gate into this stage.'),
      modelVersion: z.string().trim().min(1).max(100).optional().describe('The model version.'),
    }),
    response: {
      status: 200,
      schema: z.object({ items: z.array(gateView) }),
      description: 'The gates, in life cycle order.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      const system = await systemOf(db, access.orgId, params.aiSystemId);
      const stages = query.toStage
        ? [query.toStage]
        : STAGES.filter((s) => s !== system.lifecycle_stage);
      const gates = await evaluateGates(
        db,
        system,
        stages,
        query.modelVersion,
        today(services.now()),
      );
      return { body: { items: gates.map((g) => toGateView(g, access)) } };
    },
  }),
  commandRoute({
    command: recordGateCheck,
    method: 'POST',
    url: `${systemBase}/gate-checks`,
    summary:
      'Check a gate, as a pipeline does before a release: the answer says whether it passes, with each criterion; the check is recorded',
    tag,
    example: {
      toStage: 'deployment',
      modelVersion: '2.4.0',
      reference: 'https://ci.example.com/triage/pipelines/1842',
    },
    response: {
      status: 201,
      schema: checkResultView,
      description: 'The gate as evaluated and the recorded check (passed or not).',
    },
    errors: [422],
    view: (r, { access }) => toCheckResultView(r, access),
  }),
  defineRoute({
    method: 'GET',
    url: `${systemBase}/gate-checks`,
    operationId: 'gates.checks',
    summary: 'The gate checks of an AI system, newest first',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: systemParams,
    query: pageQuery,
    response: { status: 200, schema: page(checkView), description: 'A page of checks.' },
    async handler({ services, access, params, query }) {
      const db = services.database.db;
      const system = await systemOf(db, access.orgId, params.aiSystemId);
      const p = await checksPage(db, access.orgId, system.id, query);
      return { body: { ...p, items: p.items.map(toCheckView) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/gate-evidence',
    operationId: 'gates.push_evidence',
    summary:
      'Push evidence for a gate (multipart: fields aiSystem, kind, modelVersion, title, description, validFrom, validUntil, then one file): stored content-addressed with custody, linked to the AI system',
    tag,
    auth: 'org',
    action: 'gates.push_evidence',
    params: orgParam,
    consumes: ['multipart/form-data'],
    response: { status: 201, schema: gateEvidenceView, description: 'Stored and linked.' },
    errors: [413, 422],
    async handler({ ctx, services, access, req }) {
      return withUploadedFile({ services, req }, async (fields, file) => {
        const { tagged } = await run(ctx, pushGateEvidence, { ...fields, file }, { access });
        const row = await gateEvidenceById(services.database.db, access.orgId, tagged.id);
        return { body: toGateEvidenceView(row) };
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/gate-evidence',
    operationId: 'gates.evidence',
    summary: 'Evidence pushed for gates, newest first; of one AI system, or of one kind',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: orgParam,
    query: pageQuery.extend({
      aiSystemId: uuidSchema.optional().describe('Only the evidence of this AI system.'),
      kind: evidenceKind.optional().describe('Only evidence of this kind.'),
    }),
    response: { status: 200, schema: page(gateEvidenceView), description: 'A page of evidence.' },
    async handler({ services, access, query }) {
      const p = await gateEvidencePage(services.database.db, access.orgId, query, query);
      return { body: { ...p, items: p.items.map(toGateEvidenceView) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/gate-overrides',
    operationId: 'gates.overrides',
    cache: 'head',
    summary:
      'Transitions that overrode a failed gate, each with its justification, newest first; search, filter and sort',
    tag,
    auth: 'org',
    action: 'gates.read',
    params: orgParam,
    query: pageQuery.extend({
      q: searchParam.describe(
        "Case-insensitive search in the justification and the AI system's name.",
      ),
      aiSystemId: uuidSchema.optional().describe('Only the overrides of this AI system.'),
      toStage: stageSchema.optional().describe('Only moves into this stage.'),
      sort: sortParam(OVERRIDE_SORTS),
    }),
    response: { status: 200, schema: page(overrideView), description: 'A page of overrides.' },
    async handler({ services, access, query }) {
      const { db, dialect } = services.database;
      const p = await overridesPage(db, dialect, access.orgId, query, query);
      return { body: { ...p, items: await overrideViews(db, access, p.items) } };
    },
  }),
];

export const gatesRoutes: RouteSpec[] = [...criteriaRoutes, ...systemRoutes];
