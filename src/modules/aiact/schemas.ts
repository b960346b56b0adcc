import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import { WHO } from './duties.js';
import {
  answersSchema,
  normalizeAnswers,
  TIERS,
  type AnswersInput,
  type Tier,
} from './classify.js';

/** A classification row as stored (JSON columns as text). */
export type ClassificationRow = Row<'ai_act_classifications'>;

/** The last confirmation of a system's classification: the tier a manager or owner confirmed, who, when. */
export interface Confirmation {
  tier: string;
  byMemberId: string | null;
  at: string;
}

export const aiSystemId = uuidSchema;

/** Why the classification may not be confirmed now, or null when it may (the caller's role aside). */
export function confirmRefusal(c: ClassificationRow): AppError | null {
  if (c.status === 'confirmed')
    return new AppError('INVALID_STATE', 'This classification is already confirmed.');
  return null;
}

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

export const classificationView = z
  .object({
    id: z.string(),
    aiSystemId: z.string(),
    answers: answersSchema,
    proposedTier: z
      .enum(TIERS)
      .describe('out_of_scope: an Art. 2 exclusion applies (the reasons name it); no duties.'),
    reasons: z.array(z.object({ ref: z.string(), text: z.string() })),
    obligations: z
      .array(
        z.object({
          ref: z.string().describe('The article, paragraph or point the duty rests on.'),
          title: z.string().describe('The title of that article.'),
          who: z
            .enum(WHO)
            .describe(
              'The role the duty falls on: provider, deployer, importer, distributor or authorised_representative (a product manufacturer, or an organization that Art. 25 makes the provider, has the provider’s duties).',
            ),
          note: z.string(),
        }),
      )
      .describe('The duties for the organization’s role and the tier; none when out of scope.'),
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
    abilities: z
      .object({
        confirm: z
          .boolean()
          .describe(
            'Whether the caller may confirm the proposed tier now: their role allows it and it is not confirmed yet.',
          ),
      })
      .describe('What the caller may do with it now, as the server decides (role and rules).'),
    version: z.number().int(),
    updatedAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'AiActClassification' });

export const unansweredView = z
  .object({
    aiSystemId: z.string(),
    status: z.literal('unanswered'),
    version: z
      .literal(0)
      .describe('Send it as If-Match to answer only if nobody has answered meanwhile.'),
    // Always null here; typed as the classification's own so that clients read one shape.
    lastConfirmed,
    names: namesSchema,
  })
  .meta({ id: 'AiActUnanswered' });

export type ClassificationView = z.infer<typeof classificationView>;

/** A stored classification as the API shows it to this caller, with its last confirmation. */
export const toClassificationView = (
  r: ClassificationRow,
  last: Confirmation | null,
  access: OrgAccess,
  names: Names,
): ClassificationView => ({
  id: r.id,
  aiSystemId: r.ai_system_id,
  // Answers stored before the scope gate (version 1) read with the defaults of the new answers.
  answers: normalizeAnswers(decodeJson(r.answers) as AnswersInput),
  proposedTier: r.proposed_tier as Tier,
  reasons: decodeJson(r.reasons),
  obligations: decodeJson(r.obligations),
  status: r.status as ClassificationView['status'],
  answeredByMemberId: r.answered_by_member_id,
  confirmedByMemberId: r.confirmed_by_member_id,
  confirmedAt: r.confirmed_at,
  lastConfirmed: last as ClassificationView['lastConfirmed'],
  abilities: {
    confirm: can(access, 'ai_systems.confirm_tier') && confirmRefusal(r) === null,
  },
  version: r.version,
  updatedAt: r.updated_at,
  names,
});

const questionSchema = z.object({ id: z.string(), ref: z.string(), question: z.string() });
const singleQuestion = z.object({
  ref: z.string(),
  question: z.string(),
  note: z.string().optional(),
});
const choices = z.array(
  z.object({ id: z.string(), label: z.string(), ref: z.string(), note: z.string() }),
);

/** The questionnaire as the catalog holds it, with the answers it starts from. */
export const questionnaireView = z.object({
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
        fields: z.array(answersSchema.keyof()),
      }),
    )
    .describe(
      'The questionnaire in order, scope first: each part names the answers (fields of the answers body) it asks for.',
    ),
  roles: choices.describe('The choices for the role answer.'),
  deployerKinds: choices.describe('The choices for the deployerKind answer.'),
  annexISections: choices.describe('The choices for the annexISection answer.'),
  questions: z
    .object({
      union: singleQuestion,
      role: singleQuestion,
      outsideUnion: singleQuestion,
      deployerKind: singleQuestion,
      annexI: singleQuestion,
      annexISection: singleQuestion,
      annexIII: singleQuestion,
      profiling: singleQuestion,
      generalPurposeModel: singleQuestion,
      systemicRisk: singleQuestion,
      openSourceModel: singleQuestion,
    })
    .describe('The wording of the answers that are not lists of yes/no questions.'),
  scope: z.array(questionSchema).describe('The Art. 2 exclusions.'),
  providerEvents: z.array(questionSchema).describe('The Art. 25(1) events.'),
  prohibited: z.array(questionSchema),
  rbi: z
    .array(questionSchema)
    .describe('Real-time remote biometric identification: its objectives and conditions.'),
  annexIII: z.array(z.object({ n: z.number(), title: z.string() })),
  annexIIIPoints: z
    .array(questionSchema)
    .describe('Annex III points that decide duties (the Art. 27 assessment).'),
  exceptions: z.array(questionSchema),
  transparency: z.array(questionSchema),
  defaults: answersSchema.describe(
    'The answers the questionnaire starts from (nothing found); optional answers left out take these values.',
  ),
});
