import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import {
  defineRoute,
  decodeCursor,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { changesOf } from '../../kernel/changes.js';
import { checkVersion, defineCommand, execute, type Tx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { insertRecord, loadRow, updateRecord, today } from '../../kernel/records.js';
import { listPage } from './list-page.js';

/** AI objectives (6.2): a metric with a target, an owner and a plan, and its measurements over time. */
const id = uuidSchema;
export const FREQUENCIES = { weekly: 7, monthly: 31, quarterly: 92, yearly: 366 } as const;
const decimal = z.number().finite().describe('A number.');

const objectiveFields = {
  title: z.string().trim().min(1).max(300).describe('What the organization wants to achieve.'),
  description: z.string().max(20_000).nullable().optional(),
  metric: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('What is measured, e.g. "false negative rate on the validation set".'),
  direction: z
    .enum(['at_least', 'at_most'])
    .describe('Whether the value must reach at least or stay at most the target.'),
  target: decimal.describe('The target value.'),
  unit: z.string().max(40).nullable().optional().describe('Unit of the value, e.g. %.'),
  frequency: z
    .enum(Object.keys(FREQUENCIES) as [keyof typeof FREQUENCIES])
    .describe('How often it is measured.'),
  ownerMemberId: id.nullable().optional(),
  plan: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('What will be done, resources, who, when, how results are evaluated.'),
  aiSystemIds: z.array(id).max(200).default([]),
};

async function checkMember(
  tx: Tx,
  orgId: string,
  memberId: string | null | undefined,
  pointer: string,
) {
  if (!memberId) return;
  const m = await tx.db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!m)
    throw new AppError('UNKNOWN_REFERENCE', 'No such member.', [
      { pointer, message: 'No such member of this organization.' },
    ]);
}
async function checkSystems(tx: Tx, orgId: string, ids: string[] | undefined) {
  for (const [i, sid] of (ids ?? []).entries()) {
    const s = await (tx.db as any)
      .selectFrom('ai_systems')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', sid)
      .executeTakeFirst();
    if (!s)
      throw new AppError('UNKNOWN_REFERENCE', 'No such AI system.', [
        { pointer: `/body/aiSystemIds/${i}`, message: 'No such AI system.' },
      ]);
  }
}

const objectiveRow = (i: Partial<z.infer<z.ZodObject<typeof objectiveFields>>>) => {
  const r: Record<string, unknown> = {};
  if (i.title !== undefined) r.title = i.title;
  if (i.description !== undefined) r.description = i.description;
  if (i.metric !== undefined) r.metric = i.metric;
  if (i.direction !== undefined) r.direction = i.direction;
  if (i.target !== undefined) r.target = String(i.target);
  if (i.unit !== undefined) r.unit = i.unit;
  if (i.frequency !== undefined) r.frequency = i.frequency;
  if (i.ownerMemberId !== undefined) r.owner_member_id = i.ownerMemberId;
  if (i.plan !== undefined) r.plan = i.plan;
  if (i.aiSystemIds !== undefined) r.ai_system_ids = JSON.stringify(i.aiSystemIds);
  return r;
};

export const createObjective = defineCommand({
  action: 'objectives.create',
  input: z.object(objectiveFields).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    await checkMember(tx, orgId, input.ownerMemberId, '/body/ownerMemberId');
    await checkSystems(tx, orgId, input.aiSystemIds);
    return insertRecord(tx, orgId, 'objectives', {
      title: input.title,
      description: input.description ?? null,
      metric: input.metric,
      direction: input.direction,
      target: String(input.target),
      unit: input.unit ?? null,
      frequency: input.frequency,
      owner_member_id: input.ownerMemberId ?? null,
      plan: input.plan ?? null,
      ai_system_ids: encodeJson(input.aiSystemIds),
    });
  },
});

export const updateObjective = defineCommand({
  action: 'objectives.update',
  input: changesOf(objectiveFields),
  async run(tx, input: Record<string, any>, scope) {
    const orgId = scope.access!.orgId;
    const o = await loadRow(tx, 'objectives', orgId, scope.ids!.objectiveId!, 'objective');
    checkVersion(o.version, scope.ifMatch);
    await checkMember(tx, orgId, input.ownerMemberId, '/body/ownerMemberId');
    await checkSystems(tx, orgId, input.aiSystemIds);
    return updateRecord(tx, orgId, 'objectives', o, objectiveRow(input));
  },
});

export const recordMeasurement = defineCommand({
  action: 'objectives.measure',
  input: z
    .object({
      measuredOn: z.iso.date().describe('When it was measured (YYYY-MM-DD).'),
      value: decimal,
      note: z.string().max(5000).nullable().optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const o = await loadRow(tx, 'objectives', orgId, scope.ids!.objectiveId!, 'objective');
    if (input.measuredOn > tx.now.slice(0, 10))
      throw new AppError('INCONSISTENT_INPUT', 'A measurement cannot be in the future.', [
        { pointer: '/body/measuredOn', message: 'In the future.' },
      ]);
    return insertRecord(tx, orgId, 'objective_measurements', {
      objective_id: o.id,
      measured_on: input.measuredOn,
      value: String(input.value),
      note: input.note ?? null,
    });
  },
});

type Row = Record<string, any>;

const objectiveView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    metric: z.string(),
    direction: z.string(),
    target: z.number(),
    unit: z.string().nullable(),
    frequency: z.string(),
    ownerMemberId: z.string().nullable(),
    plan: z.string().nullable(),
    aiSystemIds: z.array(z.string()),
    latest: z.object({ measuredOn: z.string(), value: z.number() }).nullable(),
    state: z
      .enum(['on_track', 'off_track', 'no_data'])
      .describe('Whether the latest measurement meets the target.'),
    measurementOverdue: z.boolean().describe('No measurement within the frequency.'),
    version: z.number().int(),
  })
  .meta({ id: 'Objective' });

async function objectiveViews(db: any, orgId: string, rows: Row[], t: string) {
  const latest = new Map<string, Row>();
  if (rows.length) {
    const ms = await db
      .selectFrom('objective_measurements')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(
        'objective_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('measured_on')
      .orderBy('id')
      .execute();
    for (const m of ms) latest.set(m.objective_id, m);
  }
  return rows.map((o) => {
    const m = latest.get(o.id);
    const target = Number(o.target);
    const value = m ? Number(m.value) : null;
    const ok =
      value === null ? null : o.direction === 'at_least' ? value >= target : value <= target;
    const days = FREQUENCIES[o.frequency as keyof typeof FREQUENCIES] ?? 31;
    const overdue = !m || (Date.parse(t) - Date.parse(m.measured_on)) / 86400_000 > days;
    return {
      id: o.id,
      title: o.title,
      description: o.description,
      metric: o.metric,
      direction: o.direction,
      target,
      unit: o.unit,
      frequency: o.frequency,
      ownerMemberId: o.owner_member_id,
      plan: o.plan,
      aiSystemIds: JSON.parse(o.ai_system_ids ?? '[]'),
      latest: m ? { measuredOn: m.measured_on, value: value! } : null,
      state:
        ok === null ? ('no_data' as const) : ok ? ('on_track' as const) : ('off_track' as const),
      measurementOverdue: overdue,
      version: o.version,
    };
  });
}

const oParams = orgParam.extend({ objectiveId: uuid });

export const objectiveRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/objectives',
    operationId: 'objectives.list',
    summary: 'AI objectives with their latest measurement and whether they are on track',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(objectiveView), description: 'A page of objectives.' },
    async handler({ services, access, query }) {
      const db = services.database.db as any;
      const p = await listPage(db, 'objectives', access.orgId, query);
      return {
        body: {
          ...p,
          items: await objectiveViews(db, access.orgId, p.items, today(services.now())),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/objectives',
    operationId: 'objectives.create',
    summary: 'Set an AI objective',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.create',
    params: orgParam,
    body: createObjective.input,
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
    async handler({ ctx, services, access, rawBody }) {
      const o = await execute(ctx, createObjective, rawBody, { access });
      return {
        body: (
          await objectiveViews(services.database.db, access.orgId, [o], today(services.now()))
        )[0],
        etag: o.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/objectives/:objectiveId',
    operationId: 'objectives.get',
    summary: 'One objective',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: oParams,
    response: { status: 200, schema: objectiveView, description: 'The objective.' },
    async handler({ services, access, params }) {
      const db = services.database.db as any;
      const o = await db
        .selectFrom('objectives')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.objectiveId)
        .executeTakeFirst();
      if (!o) throw notFound('objective');
      return {
        body: (await objectiveViews(db, access.orgId, [o], today(services.now())))[0],
        etag: o.version,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:org/objectives/:objectiveId',
    operationId: 'objectives.update',
    summary: 'Change an objective',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.update',
    params: oParams,
    body: updateObjective.input,
    example: { target: 1.5 },
    ifMatch: true,
    response: { status: 200, schema: objectiveView, description: 'Updated.' },
    errors: [422],
    async handler({ ctx, services, access, params, rawBody, ifMatch }) {
      const o = await execute(ctx, updateObjective, rawBody, {
        access,
        ids: { objectiveId: params.objectiveId },
        ifMatch,
      });
      return {
        body: (
          await objectiveViews(services.database.db, access.orgId, [o], today(services.now()))
        )[0],
        etag: o.version,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/objectives/:objectiveId/measurements',
    operationId: 'objectives.measurements',
    summary: 'Measurements of an objective, oldest first',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.read',
    params: oParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: page(
        z.object({
          id: z.string(),
          measuredOn: z.string(),
          value: z.number(),
          note: z.string().nullable(),
        }),
      ),
      description: 'A page of measurements.',
    },
    async handler({ services, access, params, query }) {
      const db = services.database.db as any;
      const o = await db
        .selectFrom('objectives')
        .select('id')
        .where('org_id', '=', access.orgId)
        .where('id', '=', params.objectiveId)
        .executeTakeFirst();
      if (!o) throw notFound('objective');
      let q = db
        .selectFrom('objective_measurements')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('objective_id', '=', params.objectiveId);
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
      return {
        body: {
          ...p,
          items: p.items.map((m: Row) => ({
            id: m.id,
            measuredOn: m.measured_on,
            value: Number(m.value),
            note: m.note,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/objectives/:objectiveId/measurements',
    operationId: 'objectives.measure',
    summary: 'Record a measurement',
    tag: 'objectives',
    auth: 'org',
    action: 'objectives.measure',
    params: oParams,
    body: recordMeasurement.input,
    example: { measuredOn: '2026-10-31', value: 1.8, note: 'October validation run' },
    response: {
      status: 201,
      schema: z.object({
        id: z.string(),
        measuredOn: z.string(),
        value: z.number(),
        note: z.string().nullable(),
      }),
      description: 'Recorded.',
    },
    errors: [422],
    async handler({ ctx, access, params, rawBody }) {
      const m = await execute(ctx, recordMeasurement, rawBody, {
        access,
        ids: { objectiveId: params.objectiveId },
      });
      return {
        body: {
          id: m.id,
          measuredOn: m.measured_on as string,
          value: Number(m.value),
          note: (m.note as string | null) ?? null,
        },
      };
    },
  }),
];
