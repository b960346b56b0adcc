import { z } from 'zod';
import { defineRoute, orgParam, page, pageQuery, uuid, type RouteSpec } from '../../api/route.js';
import { execute } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import {
  CHANGE_STATES,
  CHANGE_STEPS,
  decideChange,
  proposeChange,
  withdrawChange,
} from './change-commands.js';
import { listPage } from './list-page.js';

type Row = Record<string, any>;

const decisionView = z
  .object({
    id: z.string(),
    decision: z
      .enum(CHANGE_STEPS)
      .describe('The step taken: approved, rejected, implemented or withdrawn.'),
    memberId: z.string().nullable().describe('Who took it; null for the server operator.'),
    at: z.string().describe('When it was taken.'),
    note: z.string().nullable().describe('The reason given, or what was done.'),
  })
  .meta({ id: 'AimsChangeDecision' });

const changeView = z
  .object({
    id: z.string(),
    title: z.string(),
    purpose: z.string(),
    consequences: z.string().nullable(),
    resources: z.string().nullable(),
    responsibilities: z.string().nullable(),
    status: z.enum(CHANGE_STATES),
    requestedByMemberId: z.string().nullable(),
    decidedByMemberId: z
      .string()
      .nullable()
      .describe(
        'Who approved or rejected the change; null while it waits for a decision, or when withdrawn.',
      ),
    decidedAt: z.string().nullable().describe('When it was approved or rejected.'),
    decisionNote: z
      .string()
      .nullable()
      .describe('The reason given with the approval or rejection.'),
    approverMemberId: z.string().nullable().describe('Who approved it; null unless approved.'),
    approvedAt: z.string().nullable(),
    decisions: z.array(decisionView).describe('Every step after the proposal, oldest first.'),
    plannedOn: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AimsChange' });

const decisionOut = (d: Row) => ({
  id: d.id,
  decision: d.decision,
  memberId: d.member_id,
  at: d.created_at,
  note: d.note,
});

/** The answers for some changes, each with its decisions. */
async function changeViews(db: any, orgId: string, rows: Row[]) {
  const steps = new Map<string, Row[]>();
  if (rows.length) {
    const all = await db
      .selectFrom('aims_change_decisions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(
        'change_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const d of all) steps.set(d.change_id, [...(steps.get(d.change_id) ?? []), d]);
  }
  return rows.map((c) => {
    const decisions = steps.get(c.id) ?? [];
    const decided = decisions.findLast(
      (d) => d.decision === 'approved' || d.decision === 'rejected',
    );
    return {
      id: c.id,
      title: c.title,
      purpose: c.purpose,
      consequences: c.consequences,
      resources: c.resources,
      responsibilities: c.responsibilities,
      status: c.status,
      requestedByMemberId: c.requested_by_member_id,
      // Approvals from before decisions had rows of their own are still known from the change.
      decidedByMemberId: decided ? decided.member_id : (c.approver_member_id ?? null),
      decidedAt: decided ? decided.created_at : (c.approved_at ?? null),
      decisionNote: decided ? decided.note : null,
      approverMemberId: c.approver_member_id,
      approvedAt: c.approved_at,
      decisions: decisions.map(decisionOut),
      plannedOn: c.planned_on,
      version: c.version,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  });
}

const one = async (db: any, orgId: string, row: Row) => (await changeViews(db, orgId, [row]))[0]!;

const base = '/api/v1/orgs/:org/changes';
const cParams = orgParam.extend({ changeId: uuid });

export const changeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'changes.list',
    summary: 'Planned changes to the AIMS (6.3)',
    tag: 'changes',
    auth: 'org',
    action: 'changes.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(changeView), description: 'A page of changes.' },
    async handler({ services, access, query }) {
      const db = services.database.db;
      const p = await listPage(db, 'aims_changes', access.orgId, query);
      return { body: { ...p, items: await changeViews(db, access.orgId, p.items) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'changes.propose',
    summary: 'Propose a change to the AIMS',
    tag: 'changes',
    auth: 'org',
    action: 'changes.propose',
    params: orgParam,
    body: proposeChange.input,
    example: {
      title: 'Add a second review board',
      purpose: 'Approvals queue for weeks.',
      resources: 'Two managers, 2 h a week.',
    },
    response: { status: 201, schema: changeView, description: 'Proposed.' },
    async handler({ ctx, services, access, rawBody }) {
      const c = await execute(ctx, proposeChange, rawBody, { access });
      return { body: await one(services.database.db, access.orgId, c), etag: c.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:changeId`,
    operationId: 'changes.get',
    summary: 'One planned change, with every decision on it',
    tag: 'changes',
    auth: 'org',
    action: 'changes.read',
    params: cParams,
    response: { status: 200, schema: changeView, description: 'The change.' },
    async handler({ services, access, params }) {
      const db = services.database.db as any;
      const c = await db
        .selectFrom('aims_changes')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.changeId)
        .executeTakeFirst();
      if (!c) throw notFound('change');
      return { body: await one(db, access.orgId, c), etag: c.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:changeId/decision`,
    operationId: 'changes.decide',
    summary:
      'Approve (not by the proposer) or reject (with a reason) a proposed change, or record an approved one as implemented',
    tag: 'changes',
    auth: 'org',
    action: 'changes.decide',
    params: cParams,
    body: decideChange.input,
    example: { decision: 'approved', note: 'Start after the spring audit.' },
    ifMatch: true,
    response: { status: 200, schema: changeView, description: 'Decided.' },
    errors: [409, 422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const c = await execute(ctx, decideChange, rawBody, {
        access,
        ids: { changeId: params.changeId },
        ifMatch,
      });
      return { body: await one(services.database.db, access.orgId, c), etag: c.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/:changeId/withdrawal`,
    operationId: 'changes.withdraw',
    summary: 'Withdraw a proposed change (only by the member who proposed it)',
    tag: 'changes',
    auth: 'org',
    action: 'changes.withdraw',
    params: cParams,
    body: withdrawChange.input,
    example: { note: 'Covered by the new release checklist.' },
    ifMatch: true,
    response: { status: 200, schema: changeView, description: 'Withdrawn.' },
    errors: [409],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const c = await execute(ctx, withdrawChange, rawBody, {
        access,
        ids: { changeId: params.changeId },
        ifMatch,
      });
      return { body: await one(services.database.db, access.orgId, c), etag: c.version };
    },
  }),
];
