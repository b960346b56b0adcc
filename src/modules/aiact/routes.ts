import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import { defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import type { Kysely } from 'kysely';
import { AI_ACT } from '../../catalog/ai-act.js';
import type { DB } from '../../db/schema.js';
import { answersSchema, TIERS } from './classify.js';
import { answerQuestionnaire, confirmTier } from './commands.js';
import {
  findClassification,
  lastConfirmation,
  systemExists,
  type ClassificationRow,
} from './repository.js';

const params = orgParam.extend({ aiSystemId: uuid });

const lastConfirmed = z
  .object({
    tier: z.enum(TIERS),
    byMemberId: z
      .string()
      .nullable()
      .describe('The member who confirmed it (null for the host operator).'),
    at: z.string(),
  })
  .nullable()
  .describe(
    "The last confirmed classification: the system's EU AI Act tier on record, who confirmed it and when. Stays when the answers change, until the next confirmation; null when nobody has confirmed one.",
  );

const classificationView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    answers: answersSchema,
    proposedTier: z.enum(TIERS),
    reasons: z.array(z.object({ ref: z.string(), text: z.string() })),
    obligations: z.array(
      z.object({ ref: z.string(), title: z.string(), who: z.string(), note: z.string() }),
    ),
    status: z
      .enum(['proposed', 'confirmed'])
      .describe('confirmed: these answers and their proposal were confirmed; proposed: not (yet).'),
    answeredByMemberId: z.string().nullable(),
    confirmedByMemberId: z
      .string()
      .nullable()
      .describe('Who confirmed these answers; null while proposed (see lastConfirmed).'),
    confirmedAt: z.string().nullable(),
    lastConfirmed,
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AiActClassification' });

const unansweredView = z
  .object({
    aiSystemId: z.string(),
    status: z.literal('unanswered'),
    version: z
      .literal(0)
      .describe('Send it as If-Match to answer only if nobody has answered meanwhile.'),
    lastConfirmed: z.null(),
  })
  .meta({ id: 'AiActUnanswered' });

const questionSchema = z.object({ id: z.string(), ref: z.string(), question: z.string() });
const singleQuestion = z.object({
  ref: z.string(),
  question: z.string(),
  note: z.string().optional(),
});

async function view(db: Kysely<DB>, orgId: string, r: ClassificationRow) {
  return {
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
    lastConfirmed: await lastConfirmation(db, orgId, r),
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export const aiActRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/ai-act/questionnaire',
    operationId: 'ai_act.questionnaire',
    summary:
      'The EU AI Act questionnaire: the wording of every question, the roles, Annex III areas and article titles',
    tag: 'ai-act',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({
        version: z.string(),
        provenance: z.string(),
        articles: z.record(z.string(), z.string()),
        parts: z
          .array(
            z.object({
              id: z.string(),
              title: z.string(),
              ref: z.string(),
              note: z.string().optional(),
              fields: z.array(z.string()),
            }),
          )
          .describe(
            'The questionnaire in order: each part names the answers (fields of the answers body) it asks for.',
          ),
        roles: z
          .array(z.object({ id: z.string(), label: z.string(), ref: z.string(), note: z.string() }))
          .describe('The choices for the role answer.'),
        questions: z
          .object({
            role: singleQuestion,
            annexI: singleQuestion,
            annexIII: singleQuestion,
            profiling: singleQuestion,
            generalPurposeModel: singleQuestion,
            systemicRisk: singleQuestion,
          })
          .describe('The wording of the answers that are not lists of yes/no questions.'),
        prohibited: z.array(questionSchema),
        annexIII: z.array(z.object({ n: z.number(), title: z.string() })),
        exceptions: z.array(questionSchema),
        transparency: z.array(questionSchema),
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
    summary:
      "The AI system's EU AI Act classification: answers, proposed tier, reasons, obligations and the last confirmation",
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.read',
    params,
    response: {
      status: 200,
      schema: z
        .discriminatedUnion('status', [classificationView, unansweredView])
        .meta({ id: 'AiActClassificationState' }),
      description:
        'The classification, or status "unanswered" (version 0) when nobody has answered the questionnaire for this system yet. 404 only when there is no such system.',
    },
    async handler({ services, access, params: p }) {
      const db = services.database.db;
      const c = await findClassification(db, access.orgId, p.aiSystemId);
      if (c) return { body: await view(db, access.orgId, c), etag: c.version };
      if (!(await systemExists(db, access.orgId, p.aiSystemId))) throw notFound('AI system');
      return {
        body: { aiSystemId: p.aiSystemId, status: 'unanswered', version: 0, lastConfirmed: null },
        etag: 0,
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act',
    operationId: 'ai_systems.classify',
    summary:
      'Answer the questionnaire: stores the answers and the proposed tier; the same answers again change nothing',
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.classify',
    params,
    body: answersSchema,
    example: {
      role: 'provider',
      prohibited: {
        a: false,
        b: false,
        c: false,
        d: false,
        e: false,
        f: false,
        g: false,
        h: false,
      },
      annexI: false,
      annexIII: [4],
      exceptions: { a: false, b: false, c: false, d: false },
      profiling: true,
      transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
      generalPurposeModel: false,
      systemicRisk: false,
    },
    ifMatch: true,
    response: {
      status: 200,
      schema: classificationView,
      description:
        'Stored and not confirmed; or, when the answers are those already stored, unchanged (a confirmation stays).',
    },
    async handler({ ctx, access, params: p, rawBody, ifMatch }) {
      const r = await execute(ctx, answerQuestionnaire, rawBody, {
        access,
        ids: { aiSystemId: p.aiSystemId },
        ifMatch,
      });
      return { body: await view(ctx.database.db, access.orgId, r), etag: r.version };
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
      const r = await execute(ctx, confirmTier, undefined, {
        access,
        ids: { aiSystemId: p.aiSystemId },
        ifMatch,
      });
      return { body: await view(ctx.database.db, access.orgId, r), etag: r.version };
    },
  }),
];
