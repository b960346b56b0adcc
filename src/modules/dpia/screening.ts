/**
 * The DPIA screening: whether a data protection impact assessment is required for an AI system's
 * processing of personal data. The questions are aims's own short wording of GDPR Art. 35(1), the
 * three cases of Art. 35(3), the supervisory authority's list of Art. 35(4), and the nine
 * indicators of high risk in the EDPB-endorsed WP29 guidelines on DPIAs (WP248 rev.01), whose
 * rule of thumb is that processing meeting two or more of them usually needs a DPIA. The outcome
 * is a proposal with its reasons; the approver checks it (four eyes).
 */
export interface ScreeningQuestion {
  key: string;
  /** Where it comes from: a GDPR paragraph or the WP248 indicator. */
  ref: string;
  /** `case`: one yes makes a DPIA required; `indicator`: two or more yes do. */
  kind: 'case' | 'indicator';
  question: string;
}

export const SCREENING_QUESTIONS: readonly ScreeningQuestion[] = [
  {
    key: 'profiling_with_effects',
    ref: 'GDPR Art. 35(3)(a)',
    kind: 'case',
    question:
      'Does the system evaluate personal aspects of people systematically and extensively (profiling included), and are decisions based on it that have legal or similarly significant effects on them?',
  },
  {
    key: 'special_categories_large_scale',
    ref: 'GDPR Art. 35(3)(b)',
    kind: 'case',
    question:
      'Does it process special categories of data (Art. 9: health, biometrics, ethnicity…) or data about criminal convictions (Art. 10) on a large scale?',
  },
  {
    key: 'public_monitoring_large_scale',
    ref: 'GDPR Art. 35(3)(c)',
    kind: 'case',
    question: 'Does it monitor a publicly accessible area systematically and on a large scale?',
  },
  {
    key: 'authority_list',
    ref: 'GDPR Art. 35(4)',
    kind: 'case',
    question:
      "Is the processing on the competent supervisory authority's list of operations that need a DPIA?",
  },
  {
    key: 'likely_high_risk',
    ref: 'GDPR Art. 35(1)',
    kind: 'case',
    question:
      "Is the processing otherwise likely to result in a high risk to people's rights and freedoms, given its nature, scope, context and purposes?",
  },
  {
    key: 'evaluation_scoring',
    ref: 'WP248 indicator 1',
    kind: 'indicator',
    question: 'Does it score, rank, profile or predict things about people?',
  },
  {
    key: 'automated_decisions',
    ref: 'WP248 indicator 2',
    kind: 'indicator',
    question: 'Does it make or prepare decisions about people with legal or similar effects?',
  },
  {
    key: 'systematic_monitoring',
    ref: 'WP248 indicator 3',
    kind: 'indicator',
    question: 'Does it observe, monitor or control people systematically?',
  },
  {
    key: 'sensitive_data',
    ref: 'WP248 indicator 4',
    kind: 'indicator',
    question:
      'Does it use sensitive or highly personal data (special categories, criminal data, financial, location or communication data)?',
  },
  {
    key: 'large_scale',
    ref: 'WP248 indicator 5',
    kind: 'indicator',
    question:
      'Is the processing large-scale (many people, much data, long duration or wide reach)?',
  },
  {
    key: 'matching_datasets',
    ref: 'WP248 indicator 6',
    kind: 'indicator',
    question:
      'Does it match or combine datasets collected for different purposes or by different controllers?',
  },
  {
    key: 'vulnerable_people',
    ref: 'WP248 indicator 7',
    kind: 'indicator',
    question:
      'Does it concern vulnerable people (children, employees, patients, people in need of protection)?',
  },
  {
    key: 'innovative_technology',
    ref: 'WP248 indicator 8',
    kind: 'indicator',
    question: 'Does it use new technology or a new application of technology in an innovative way?',
  },
  {
    key: 'blocks_rights_or_services',
    ref: 'WP248 indicator 9',
    kind: 'indicator',
    question: 'Can it keep people from exercising a right or from using a service or contract?',
  },
];

export const SCREENING_KEYS = SCREENING_QUESTIONS.map((q) => q.key) as [string, ...string[]];

export type ScreeningOutcome = 'required' | 'not_required';

/** The outcome of a screening and why, in words an auditor reads. */
export function screen(
  personalData: boolean,
  answers: Record<string, boolean>,
): { outcome: ScreeningOutcome; reasons: string[] } {
  if (!personalData)
    return {
      outcome: 'not_required',
      reasons: ['No personal data is processed, so GDPR Art. 35 does not apply.'],
    };
  const yes = SCREENING_QUESTIONS.filter((q) => answers[q.key] === true);
  const cases = yes.filter((q) => q.kind === 'case');
  const indicators = yes.filter((q) => q.kind === 'indicator');
  const reasons = cases.map((q) => `${q.ref}: ${q.question} Yes.`);
  if (indicators.length >= 2)
    reasons.push(
      `${indicators.length} WP248 indicators of high risk (${indicators.map((q) => q.key.replace(/_/g, ' ')).join(', ')}): two or more usually mean a DPIA is needed.`,
    );
  if (reasons.length > 0) return { outcome: 'required', reasons };
  return {
    outcome: 'not_required',
    reasons: [
      `No case of Art. 35(1), (3) or (4) applies and ${indicators.length} WP248 indicator${indicators.length === 1 ? '' : 's'} of high risk (fewer than two).`,
    ],
  };
}
