import { z } from 'zod';
import { checkVersion, defineCommand, execute } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { insertRecord, loadRow, memberIdOf, updateRecord } from '../shared.js';
import { AI_ACT, answersSchema, proposeTier } from './classify.js';

const params = orgParam.extend({ aiSystemId: uuid });

const classificationView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    answers: answersSchema,
    proposedTier: z.string(),
    reasons: z.array(z.object({ ref: z.string(), text: z.string() })),
    obligations: z.array(z.object({ ref: z.string(), title: z.string(), who: z.string(), note: z.string() })),
    status: z.enum(['proposed', 'confirmed']),
    answeredByMemberId: z.string().nullable(),
    confirmedByMemberId: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AiActClassification' });

type Row = Record<string, any>;
const out = (r: Row) => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  answers: JSON.parse(r.answers),
  proposedTier: r.proposed_tier,
  reasons: JSON.parse(r.reasons),
  obligations: JSON.parse(r.obligations),
  status: r.status,
  answeredByMemberId: r.answered_by_member_id,
  confirmedByMemberId: r.confirmed_by_member_id,
  confirmedAt: r.confirmed_at,
  version: r.version,
  updatedAt: r.updated_at,
});

async function current(db: any, orgId: string, aiSystemId: string) {
  return db.selectFrom('ai_act_classifications').selectAll().where('org_id', '=', orgId).where('ai_system_id', '=', aiSystemId).executeTakeFirst();
}

/** Stores the answers and the proposal they give; a changed answer un-confirms the classification. */
export const answerQuestionnaire = defineCommand({
  action: 'ai_systems.classify',
  input: answersSchema,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    await loadRow(tx, 'ai_systems', orgId, scope.ids!.aiSystemId!, 'AI system');
    const p = proposeTier(input);
    const values = {
      answers: JSON.stringify(input),
      role: input.role,
      proposed_tier: p.tier,
      reasons: JSON.stringify(p.reasons),
      obligations: JSON.stringify(p.obligations),
      status: 'proposed',
      answered_by_member_id: await memberIdOf(tx, scope.access!),
      confirmed_by_member_id: null,
      confirmed_at: null,
    };
    const existing = await current(tx.db, orgId, scope.ids!.aiSystemId!);
    if (existing) {
      checkVersion(existing.version, scope.ifMatch);
      return updateRecord(tx, orgId, 'ai_act_classifications', existing, values);
    }
    // If-Match on a classification that does not exist yet names a version that cannot match.
    if (scope.ifMatch !== undefined) checkVersion(0, scope.ifMatch);
    return insertRecord(tx, orgId, 'ai_act_classifications', { ai_system_id: scope.ids!.aiSystemId!, ...values });
  },
});

/** A manager or owner confirms the proposal: it becomes the system's EU AI Act tier, with its reasons. */
export const confirmTier = defineCommand({
  action: 'ai_systems.confirm_tier',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const system = await loadRow(tx, 'ai_systems', orgId, scope.ids!.aiSystemId!, 'AI system');
    const c = await current(tx.db, orgId, system.id);
    if (!c) {
      if (scope.ifMatch !== undefined) checkVersion(0, scope.ifMatch);
      throw new AppError(409, 'INVALID_STATE', 'Answer the questionnaire first.');
    }
    checkVersion(c.version, scope.ifMatch);
    if (c.status === 'confirmed') throw new AppError(409, 'INVALID_STATE', 'This classification is already confirmed.');
    const reason = (JSON.parse(c.reasons) as { ref: string; text: string }[]).map((r) => `${r.ref}: ${r.text}`).join('\n');
    await updateRecord(tx, orgId, 'ai_systems', system, { eu_ai_act_tier: c.proposed_tier, eu_ai_act_reason: reason });
    return updateRecord(tx, orgId, 'ai_act_classifications', c, { status: 'confirmed', confirmed_by_member_id: await memberIdOf(tx, scope.access!), confirmed_at: tx.now });
  },
});

export const aiActRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/ai-act/questionnaire',
    operationId: 'ai_act.questionnaire',
    summary: 'The EU AI Act questionnaire: questions, Annex III areas and article titles',
    tag: 'ai-act',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({
        version: z.string(),
        provenance: z.string(),
        articles: z.record(z.string(), z.string()),
        prohibited: z.array(z.object({ id: z.string(), ref: z.string(), question: z.string() })),
        annexIII: z.array(z.object({ n: z.number(), title: z.string() })),
        exceptions: z.array(z.object({ id: z.string(), ref: z.string(), question: z.string() })),
        transparency: z.array(z.object({ id: z.string(), ref: z.string(), question: z.string() })),
      }),
      description: 'The questionnaire.',
    },
    async handler() {
      return { body: AI_ACT };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act',
    operationId: 'ai_systems.ai_act',
    summary: "The AI system's EU AI Act classification: answers, proposed tier, reasons and obligations",
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.read',
    params,
    response: { status: 200, schema: classificationView, description: 'The classification.' },
    async handler({ services, access, params: p }) {
      const db = services.database.db as any;
      const sys = await db.selectFrom('ai_systems').select('id').where('org_id', '=', access.orgId).where('id', '=', p.aiSystemId).executeTakeFirst();
      if (!sys) throw notFound('AI system');
      const c = await current(db, access.orgId, p.aiSystemId);
      if (!c) throw new AppError(404, 'NOT_FOUND', 'This AI system has not been classified yet.');
      return { body: out(c), etag: c.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act',
    operationId: 'ai_systems.classify',
    summary: 'Answer the questionnaire: stores the answers and the proposed tier',
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.classify',
    params,
    body: answersSchema,
    example: {
      role: 'provider',
      prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
      annexI: false,
      annexIII: [4],
      exceptions: { a: false, b: false, c: false, d: false },
      profiling: true,
      transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
      generalPurposeModel: false,
      systemicRisk: false,
    },
    ifMatch: true,
    response: { status: 200, schema: classificationView, description: 'Stored; not yet confirmed.' },
    async handler({ ctx, access, params: p, rawBody, ifMatch }) {
      const r = await execute(ctx, answerQuestionnaire, rawBody, { access, ids: { aiSystemId: p.aiSystemId }, ifMatch });
      return { body: out(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act/confirm',
    operationId: 'ai_systems.confirm_tier',
    summary: "Confirm the proposed tier: it becomes the system's EU AI Act tier",
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.confirm_tier',
    params,
    ifMatch: true,
    response: { status: 200, schema: classificationView, description: 'Confirmed.' },
    errors: [409],
    async handler({ ctx, access, params: p, ifMatch }) {
      const r = await execute(ctx, confirmTier, undefined, { access, ids: { aiSystemId: p.aiSystemId }, ifMatch });
      return { body: out(r), etag: r.version };
    },
  }),
];
