import { AI_ACT_TIER, AI_ACT_WHO } from '../../../../src/labels.js';
import { call, client, ifMatch, type Answer, type SameValues, type Schema } from '../../api';

/** The questionnaire as the API serves it: every question's wording, in parts, the roles, the Annex III areas and article titles. */
export type Questionnaire = Answer<'ai_act.questionnaire'>;
/** One of a list of yes/no questions. */
export type Question = Questionnaire['prohibited'][number];
/** A question answered by one value, with the article it rests on and an optional explanation. */
export type SingleQuestion = Questionnaire['questions']['role'];
export type Choice = Questionnaire['roles'][number];

/** The answers of the questionnaire, as the API names them. */
export type Answers = Schema<'AiActClassification'>['answers'];
export type AnswerField = keyof Answers;
// Every answer is one part's field, as the questionnaire says (tsc fails when they part).
const _fields: SameValues<AnswerField, Questionnaire['parts'][number]['fields'][number]> = true;
type FieldsOf<V> = { [K in AnswerField]: Answers[K] extends V ? K : never }[AnswerField];
/** The answers that are lists of yes/no questions. */
export type FlagField = FieldsOf<Record<string, boolean>>;
/** The answers that are one yes/no question. */
export type YesNoField = FieldsOf<boolean>;
/** The answers that are one choice among several. */
export type ChoiceField = FieldsOf<string>;

export type Tier = keyof typeof AI_ACT_TIER;
export type Who = keyof typeof AI_ACT_WHO;
// The words name exactly the API's tiers and roles (tsc fails when the server changes them).
type ApiClassification = Schema<'AiActClassification'>;
const _tiers: SameValues<Tier, ApiClassification['proposedTier'] | 'unclassified'> = true;
const _who: SameValues<Who, ApiClassification['obligations'][number]['who']> = true;

export type Obligation = ApiClassification['obligations'][number];

/** Whom an obligation falls on, in words (src/labels.ts, shared with the server). */
export const WHO_LABEL: Record<Who, string> = AI_ACT_WHO;

/** The last confirmed classification: the system's tier on record, who confirmed it and when. */
export type Confirmation = NonNullable<ApiClassification['lastConfirmed']>;
export type Classification = ApiClassification;
/** A system nobody has answered the questionnaire for (version 0). */
export type Unanswered = Schema<'AiActUnanswered'>;
export type ClassificationState = Answer<'ai_systems.ai_act'>;

export const isAnswered = (c: ClassificationState | null): c is Classification =>
  c !== null && c.status !== 'unanswered';

/** What the organization's sectors suggest for the questionnaire: to highlight, never to tick. */
export type SectorSuggestions = Answer<'ai_act.defaults'>;

const path = (org: string, aiSystemId: string) => ({ path: { org, aiSystemId } });

export const aiActApi = {
  questionnaire: () => call(client.GET('/api/v1/ai-act/questionnaire')),
  /** The starting answers for this organization and what its sectors suggest. */
  sectorDefaults: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/ai-act/defaults', { params: { path: { org } } })),
  /** The system's classification, or its unanswered state; a 404 means there is no such system. */
  get: (org: string, aiSystemId: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/ai-act', {
        params: path(org, aiSystemId),
      }),
    ),
  /** Stores the answers over `current` (its version guards against someone answering meanwhile). */
  answer: (
    org: string,
    aiSystemId: string,
    body: Answers,
    current: Pick<ClassificationState, 'version'>,
  ) =>
    call(
      client.PUT('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/ai-act', {
        params: path(org, aiSystemId),
        headers: ifMatch(current.version),
        body,
      }),
    ),
  confirm: (org: string, c: Pick<Classification, 'aiSystemId' | 'version'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/ai-act/confirm', {
        params: path(org, c.aiSystemId),
        headers: ifMatch(c.version),
      }),
    ),
};

/** The tiers in words (src/labels.ts, shared with the server). */
export const TIER_LABEL: Record<Tier, string> = AI_ACT_TIER;

/** What each tier means for the system, in a sentence. */
export const TIER_MEANING: Record<Tier, string> = {
  unclassified: 'No tier has been confirmed for this system.',
  out_of_scope:
    'The EU AI Act does not apply to the system as described (Art. 2); no duties follow from it.',
  prohibited: 'The system, as described, may not be offered or used in the EU.',
  high_risk:
    'The system may be offered and used, subject to the full set of requirements for high-risk systems.',
  limited_risk:
    'The system may be offered and used; people must be told when they deal with it or with what it produces.',
  minimal_risk: 'Neither prohibited nor high-risk, and no transparency case applies.',
  general_purpose:
    'A general-purpose AI model is involved; whoever provides that model has obligations of its own.',
};

export const TIER_TONE: Record<Tier, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  unclassified: 'neutral',
  out_of_scope: 'neutral',
  prohibited: 'danger',
  high_risk: 'warning',
  limited_risk: 'info',
  minimal_risk: 'success',
  general_purpose: 'info',
};

export const tierLabel = (tier: unknown) =>
  TIER_LABEL[tier as Tier] ?? String(tier ?? 'Not classified');
