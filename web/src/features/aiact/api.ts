import { ApiError, orgPath, request, seg } from '../../api';

export interface Question {
  id: string;
  ref: string;
  question: string;
}

/** The questionnaire as the API serves it: the questions, the Annex III areas and article titles. */
export interface Questionnaire {
  version: string;
  provenance: string;
  articles: Record<string, string>;
  prohibited: Question[];
  annexIII: { n: number; title: string }[];
  exceptions: Question[];
  transparency: Question[];
}

export const AI_ACT_ROLES = ['provider', 'deployer', 'both'] as const;
export type AiActRole = (typeof AI_ACT_ROLES)[number];

export interface Answers {
  role: AiActRole;
  prohibited: Record<string, boolean>;
  annexI: boolean;
  annexIII: number[];
  exceptions: Record<string, boolean>;
  profiling: boolean;
  transparency: Record<string, boolean>;
  generalPurposeModel: boolean;
  systemicRisk: boolean;
}

export type Tier = 'unclassified' | 'prohibited' | 'high_risk' | 'limited_risk' | 'minimal_risk' | 'general_purpose';

export interface Obligation {
  ref: string;
  title: string;
  who: 'provider' | 'deployer';
  note: string;
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
  version: number;
  updatedAt: string;
}

const base = (org: string, aiSystemId: string) => `${orgPath(org)}/ai-systems/${seg(aiSystemId)}/ai-act`;

export const aiActApi = {
  questionnaire: () => request<Questionnaire>('GET', '/api/v1/ai-act/questionnaire'),
  /** The system's classification, or null when the questionnaire has not been answered yet. */
  get: async (org: string, aiSystemId: string): Promise<Classification | null> => {
    try {
      return await request<Classification>('GET', base(org, aiSystemId));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  /** Stores the answers; `current` is the classification they replace, if there is one. */
  answer: (org: string, aiSystemId: string, body: Answers, current: Pick<Classification, 'version'> | null) =>
    request<Classification>('PUT', base(org, aiSystemId), { body, ...(current ? { ifMatch: current.version } : {}) }),
  confirm: (org: string, c: Pick<Classification, 'aiSystemId' | 'version'>) => request<Classification>('POST', `${base(org, c.aiSystemId)}/confirm`, { ifMatch: c.version }),
};

export const TIER_LABEL: Record<Tier, string> = {
  unclassified: 'Not classified',
  prohibited: 'Prohibited',
  high_risk: 'High risk',
  limited_risk: 'Limited risk',
  minimal_risk: 'Minimal risk',
  general_purpose: 'General-purpose AI',
};

/** What each tier means for the system, in a sentence. */
export const TIER_MEANING: Record<Tier, string> = {
  unclassified: 'No tier has been confirmed for this system.',
  prohibited: 'The system, as described, may not be offered or used in the EU.',
  high_risk: 'The system may be offered and used, subject to the full set of requirements for high-risk systems.',
  limited_risk: 'The system may be offered and used; people must be told when they deal with it or with what it produces.',
  minimal_risk: 'Neither prohibited nor high-risk, and no transparency case applies.',
  general_purpose: 'A general-purpose AI model is involved; whoever provides that model has obligations of its own.',
};

export const TIER_TONE: Record<Tier, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  unclassified: 'neutral',
  prohibited: 'danger',
  high_risk: 'warning',
  limited_risk: 'info',
  minimal_risk: 'success',
  general_purpose: 'info',
};

export const tierLabel = (tier: unknown) => TIER_LABEL[tier as Tier] ?? String(tier ?? 'Not classified');

/** Whether two sets of answers say the same thing (the order of Annex III areas aside). */
export function sameAnswers(a: Answers, b: Answers): boolean {
  const norm = (x: Answers) =>
    JSON.stringify(
      { ...x, annexIII: [...x.annexIII].sort((p, q) => p - q) },
      (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([p], [q]) => p.localeCompare(q))) : v),
    );
  return norm(a) === norm(b);
}
