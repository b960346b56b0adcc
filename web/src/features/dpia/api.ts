import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';

export const CONSULTATION_OUTCOMES = [
  'pending',
  'no_advice',
  'written_advice',
  'prohibited',
] as const;
export const OUTCOME_LABEL: Record<string, string> = {
  pending: 'Pending',
  no_advice: 'No written advice within the period',
  written_advice: 'Written advice received (Art. 36(2))',
  prohibited: 'Processing limited or banned (Art. 58(2)(f))',
};

export interface ScreeningQuestion {
  key: string;
  ref: string;
  kind: 'case' | 'indicator';
  question: string;
}

export type Dpia = Schema<'Dpia'>;

export interface DpiaInput {
  title?: string;
  impactAssessmentId?: string | null;
  personalData?: boolean;
  screening?: Record<string, boolean>;
  screeningNote?: string | null;
  processing?: string | null;
  purposes?: string | null;
  necessity?: string | null;
  risks?: string | null;
  measures?: string | null;
  residualHighRisk?: boolean | null;
}

const base = (org: string) => `${orgPath(org)}/dpias`;
const one = (org: string, id: string) => `${base(org)}/${seg(id)}`;
type Versioned = Pick<Dpia, 'id' | 'version'>;

export const dpiaApi = {
  questions: (org: string) =>
    request<{ items: ScreeningQuestion[] }>('GET', `${base(org)}/questions`),
  list: (
    org: string,
    f: { aiSystemId?: string; impactAssessmentId?: string; cursor?: string | null } = {},
    limit = 50,
  ) => request<Page<Dpia>>('GET', withQuery(base(org), { limit, ...f })),
  get: (org: string, id: string) => request<Dpia>('GET', one(org, id)),
  create: (org: string, body: DpiaInput & { aiSystemId: string; title: string }) =>
    request<Dpia>('POST', base(org), { body }),
  update: (org: string, d: Versioned, body: DpiaInput) =>
    request<Dpia>('PATCH', one(org, d.id), { body, ifMatch: d.version }),
  advice: (
    org: string,
    d: Versioned,
    body: { dpoName: string; advice: string; advisedOn: string; followed: boolean },
  ) => request<Dpia>('PUT', `${one(org, d.id)}/advice`, { body, ifMatch: d.version }),
  approve: (org: string, d: Versioned) =>
    request<Dpia>('POST', `${one(org, d.id)}/approve`, { ifMatch: d.version }),
  consult: (
    org: string,
    d: Versioned,
    body: {
      authority: string;
      submittedOn: string;
      outcome: string;
      outcomeOn?: string | null;
      note?: string | null;
    },
  ) => request<Dpia>('PUT', `${one(org, d.id)}/consultation`, { body, ifMatch: d.version }),
};
