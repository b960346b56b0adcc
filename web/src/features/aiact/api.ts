import { AI_ACT_TIER, AI_ACT_WHO } from '../../../../src/labels.js';
import { orgPath, request, seg, type SameValues, type Schema } from '../../api';

export interface Question {
  id: string;
  ref: string;
  question: string;
}

/** A question answered by one value, with the article it rests on and an optional explanation. */
export interface SingleQuestion {
  ref: string;
  question: string;
  note?: string;
}

/** The answers of the questionnaire, as the API names them. */
export type AnswerField =
  | 'union'
  | 'scope'
  | 'role'
  | 'outsideUnion'
  | 'deployerKind'
  | 'providerEvents'
  | 'prohibited'
  | 'rbi'
  | 'annexI'
  | 'annexISection'
  | 'annexIII'
  | 'annexIIIPoints'
  | 'exceptions'
  | 'profiling'
  | 'transparency'
  | 'generalPurposeModel'
  | 'systemicRisk'
  | 'openSourceModel';

/** The answers that are lists of yes/no questions. */
export type FlagField =
  | 'scope'
  | 'providerEvents'
  | 'prohibited'
  | 'rbi'
  | 'annexIIIPoints'
  | 'exceptions'
  | 'transparency';
/** The answers that are one yes/no question. */
export type YesNoField =
  | 'union'
  | 'outsideUnion'
  | 'annexI'
  | 'profiling'
  | 'generalPurposeModel'
  | 'systemicRisk'
  | 'openSourceModel';
/** The answers that are one choice among several. */
export type ChoiceField = 'role' | 'deployerKind' | 'annexISection';

export interface Choice {
  id: string;
  label: string;
  ref: string;
  note: string;
}

/** The questionnaire as the API serves it: every question's wording, in parts, the roles, the Annex III areas and article titles. */
export type Questionnaire = {
  version: string;
  provenance: string;
  articles: Record<string, string>;
  parts: { id: string; title: string; ref: string; note?: string; fields: AnswerField[] }[];
  roles: Choice[];
  deployerKinds: Choice[];
  annexISections: Choice[];
  questions: Record<YesNoField | ChoiceField | 'annexIII', SingleQuestion>;
  annexIII: { n: number; title: string }[];
  /** The answers the questionnaire starts from. */
  defaults: Answers;
} & Record<FlagField, Question[]>;

export type Answers = Record<FlagField, Record<string, boolean>> &
  Record<YesNoField, boolean> &
  Record<ChoiceField, string> & { annexIII: number[] };

export type Tier =
  | 'unclassified'
  | 'out_of_scope'
  | 'prohibited'
  | 'high_risk'
  | 'limited_risk'
  | 'minimal_risk'
  | 'general_purpose';

export type Who =
  'provider' | 'deployer' | 'importer' | 'distributor' | 'authorised_representative';
// The words name exactly the API's tiers and roles (tsc fails when the server changes them).
type ApiClassification = Schema<'AiActClassification'>;
const _tiers: SameValues<
  keyof typeof AI_ACT_TIER,
  ApiClassification['proposedTier'] | 'unclassified'
> = true;
const _who: SameValues<keyof typeof AI_ACT_WHO, ApiClassification['obligations'][number]['who']> =
  true;
const _tier: SameValues<Tier, keyof typeof AI_ACT_TIER> = true;
const _whoKeys: SameValues<Who, keyof typeof AI_ACT_WHO> = true;

export interface Obligation {
  ref: string;
  title: string;
  who: Who;
  note: string;
}

/** Whom an obligation falls on, in words (src/labels.ts, shared with the server). */
export const WHO_LABEL: Record<Who, string> = AI_ACT_WHO;

/** The last confirmed classification: the system's tier on record, who confirmed it and when. */
export interface Confirmation {
  tier: Tier;
  byMemberId: string | null;
  at: string;
}

export interface Classification {
  id: string;
  aiSystemId: string;
  answers: Answers;
  proposedTier: Tier;
  reasons: { ref: string; text: string }[];
  obligations: Obligation[];
  status: 'proposed' | 'confirmed';
  answeredByMemberId: string | null;
  confirmedByMemberId: string | null;
  confirmedAt: string | null;
  lastConfirmed: Confirmation | null;
  /** What the caller may do with it now, as the server decides. */
  abilities: { confirm: boolean };
  version: number;
  updatedAt: string;
}

/** A system nobody has answered the questionnaire for (version 0). */
export interface Unanswered {
  aiSystemId: string;
  status: 'unanswered';
  version: 0;
  lastConfirmed: null;
}

export type ClassificationState = Classification | Unanswered;

export const isAnswered = (c: ClassificationState | null): c is Classification =>
  c !== null && c.status !== 'unanswered';

/** What the organization's sectors suggest for the questionnaire: to highlight, never to tick. */
export interface SectorSuggestions {
  sectors: { id: string; title: string }[];
  /** The generic starting answers (sectors never change them). */
  defaults: Answers;
  suggestions: {
    annexIII: {
      point: string;
      area: number;
      areaTitle: string;
      /** The annexIIIPoints question that asks for this point, if any. */
      question: string | null;
      hints: string[];
      sectors: string[];
    }[];
    deployerKind: { kind: string; hints: string[]; sectors: string[] }[];
  };
}

const base = (org: string, aiSystemId: string) =>
  `${orgPath(org)}/ai-systems/${seg(aiSystemId)}/ai-act`;

export const aiActApi = {
  questionnaire: () => request<Questionnaire>('GET', '/api/v1/ai-act/questionnaire'),
  /** The starting answers for this organization and what its sectors suggest. */
  sectorDefaults: (org: string) =>
    request<SectorSuggestions>('GET', `${orgPath(org)}/ai-act/defaults`),
  /** The system's classification, or its unanswered state; a 404 means there is no such system. */
  get: (org: string, aiSystemId: string) =>
    request<ClassificationState>('GET', base(org, aiSystemId)),
  /** Stores the answers over `current` (its version guards against someone answering meanwhile). */
  answer: (
    org: string,
    aiSystemId: string,
    body: Answers,
    current: Pick<ClassificationState, 'version'>,
  ) => request<Classification>('PUT', base(org, aiSystemId), { body, ifMatch: current.version }),
  confirm: (org: string, c: Pick<Classification, 'aiSystemId' | 'version'>) =>
    request<Classification>('POST', `${base(org, c.aiSystemId)}/confirm`, { ifMatch: c.version }),
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
