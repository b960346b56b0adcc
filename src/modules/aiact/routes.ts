import { z } from 'zod';
import type { Kysely } from 'kysely';
import { commandRoute, defineRoute, orgParam, uuid, type RouteSpec } from '../../api/route.js';
import { AI_ACT } from '../../catalog/ai-act.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { DEFAULT_ANSWERS } from './classify.js';
import { answerQuestionnaire, confirmTier } from './commands.js';
import { classificationNames, membersNamed } from './names.js';
import { findClassification, lastConfirmation, systemExists } from './queries.js';
import { sectorsViewOf } from '../sectors/index.js';
import { sectorDefaultsView, sectorSuggestions } from './sector-defaults.js';
import {
  classificationView,
  questionnaireView,
  toClassificationView,
  unansweredView,
  type ClassificationRow,
} from './schemas.js';

const params = orgParam.extend({ aiSystemId: uuid });

async function viewOf(db: Kysely<DB>, access: OrgAccess, r: ClassificationRow) {
  const last = await lastConfirmation(db, access.orgId, r);
  const names = await classificationNames(db, access, r.ai_system_id, membersNamed(r, last));
  return toClassificationView(r, last, access, names);
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
    response: { status: 200, schema: questionnaireView, description: 'The questionnaire.' },
    async handler() {
      return { body: { ...AI_ACT, defaults: DEFAULT_ANSWERS } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-act/defaults',
    operationId: 'ai_act.defaults',
    summary:
      "The questionnaire's starting answers for this organization and what its sectors suggest (Annex III points, the kind of deploying body): suggestions to confirm, never answers",
    tag: 'ai-act',
    auth: 'org',
    action: 'ai_systems.read',
    params: orgParam,
    response: {
      status: 200,
      schema: sectorDefaultsView,
      description: 'The generic defaults and the suggestions of the chosen sectors.',
    },
    async handler({ services, access }) {
      const { sectors } = await sectorsViewOf(services.database.db, access.orgId);
      return { body: sectorSuggestions(sectors) };
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
      if (c) return { body: await viewOf(db, access, c), etag: c.version };
      if (!(await systemExists(db, access.orgId, p.aiSystemId))) throw notFound('AI system');
      return {
        body: {
          aiSystemId: p.aiSystemId,
          status: 'unanswered',
          version: 0,
          lastConfirmed: null,
          names: await classificationNames(db, access, p.aiSystemId, []),
        },
        etag: 0,
      };
    },
  }),
  commandRoute({
    command: answerQuestionnaire,
    method: 'PUT',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act',
    summary:
      'Answer the questionnaire: stores the answers and the proposed tier; the same answers again change nothing',
    tag: 'ai-act',
    example: {
      union: true,
      scope: {
        military: false,
        research: false,
        premarket: false,
        personal: false,
        opensource: false,
      },
      role: 'provider',
      outsideUnion: false,
      deployerKind: 'private',
      providerEvents: { name: false, modification: false, purpose: false },
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
      rbi: {
        used: false,
        objective: false,
        law: false,
        assessment: false,
        authorisation: false,
        notification: false,
      },
      annexI: false,
      annexISection: 'A',
      annexIII: [4],
      annexIIIPoints: { credit: false, insurance: false },
      exceptions: { a: false, b: false, c: false, d: false },
      profiling: true,
      transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
      generalPurposeModel: false,
      systemicRisk: false,
      openSourceModel: false,
    },
    ifMatch: true,
    response: {
      status: 200,
      schema: classificationView,
      description:
        'Stored and not confirmed; or, when the answers are those already stored, unchanged (a confirmation stays).',
    },
    view: (r, { access, services }) => viewOf(services.database.db, access, r),
  }),
  commandRoute({
    command: confirmTier,
    method: 'POST',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/ai-act/confirm',
    summary: "Confirm the proposed tier: it becomes the system's EU AI Act tier",
    tag: 'ai-act',
    ifMatch: true,
    response: { status: 200, schema: classificationView, description: 'Confirmed.' },
    errors: [409],
    view: (r, { access, services }) => viewOf(services.database.db, access, r),
  }),
];
