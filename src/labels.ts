// Words for the values the API sends as identifiers (enum keys), shared by the server's exports
// and reports and the web app (web/src/lib/format.ts and the features' words.ts import from here),
// so a file and a screen name a value the same way. Self-contained: no imports, no Node APIs.

const WORDS: Record<string, string> = {
  ai: 'AI',
  eu: 'EU',
  gdpr: 'GDPR',
  dora: 'DORA',
  nis2: 'NIS2',
  aims: 'AIMS',
  url: 'URL',
};

const VALUES: Record<string, string> = {
  re_evaluation: 'Re-evaluation',
  eu_ai_act: 'EU AI Act',
  fine_tuned: 'Fine-tuned',
  third_party: 'Third party',
  human_in_the_loop: 'Human in the loop',
  human_on_the_loop: 'Human on the loop',
  in_review: 'In review',
};

/** `design_and_development` → "Design and development"; `eu_ai_act` → "EU AI Act". */
export function humanize(value: string): string {
  if (VALUES[value]) return VALUES[value];
  const words = value.split('_').filter(Boolean);
  return words
    .map((w, i) => WORDS[w.toLowerCase()] ?? (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** The label of `value` in `words`, or the value humanized; '' for no value. */
export function labelOf(words: Readonly<Record<string, string>>, value: string | null | undefined) {
  if (value === null || value === undefined || value === '') return '';
  return words[value] ?? humanize(value);
}

// Nonconformities and improvements (ISO/IEC 42001 10.2).
export const NC_STATUS: Record<string, string> = {
  open: 'Open',
  correction_done: 'Correction done',
  action_planned: 'Action planned',
  actions_done: 'Actions done',
  effectiveness_verified: 'Effectiveness verified',
  closed: 'Closed',
  reopened: 'Reopened',
};
export const NC_SOURCE: Record<string, string> = {
  direct: 'Raised directly',
  audit_finding: 'Audit finding',
  incident: 'Incident',
  monitoring: 'Monitoring breach',
  concern: 'Concern',
  management_review: 'Management review',
};
export const NC_SEVERITY: Record<string, string> = { major: 'Major', minor: 'Minor' };
export const ACTION_STATUS: Record<string, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const SIMILAR_ANSWER: Record<string, string> = {
  none: 'None exist and none could occur',
  exist: 'Similar nonconformities exist',
  could_occur: 'Similar nonconformities could occur',
};
export const ROOT_CAUSE_METHOD: Record<string, string> = {
  five_whys: '5 whys',
  fishbone: 'Fishbone',
  free_text: 'Analysis',
};

// Incidents (A.8.4) and their reporting clocks.
export const INCIDENT_STATUS: Record<string, string> = {
  open: 'Open',
  contained: 'Contained',
  resolved: 'Resolved',
  closed: 'Closed',
};
export const SEVERITY: Record<string, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
export const SERIOUS_CASE: Record<string, string> = {
  other: 'Other serious incident (report within 15 days)',
  death: 'Death of a person (report within 10 days)',
  widespread_infringement: 'Widespread infringement (report within 2 days)',
  critical_infrastructure:
    'Serious and irreversible disruption of critical infrastructure (report within 2 days)',
};
export const HARM_TYPE: Record<string, string> = {
  health_and_safety: 'Health and safety',
  fundamental_rights: 'Fundamental rights',
  property: 'Property',
  environment: 'Environment',
  critical_infrastructure: 'Critical infrastructure',
  data_and_privacy: 'Data and privacy',
  financial: 'Financial',
  other: 'Other',
};
export const CLOCK_TITLE: Record<string, string> = {
  ai_act_report: 'EU AI Act serious incident report',
  nis2_early_warning: 'NIS2 early warning',
  nis2_notification: 'NIS2 incident notification',
  nis2_final: 'NIS2 final report',
  dora_initial: 'DORA initial notification',
  dora_intermediate: 'DORA intermediate report',
  dora_final: 'DORA final report',
};

// Risks (6.1.2, 6.1.3).
export const RISK_STATUS: Record<string, string> = {
  identified: 'Identified',
  assessed: 'Assessed',
  treatment_planned: 'Treatment planned',
  treated: 'Treated',
  accepted: 'Accepted',
  closed: 'Closed',
};
export const TREATMENT: Record<string, string> = {
  modify: 'Modify',
  avoid: 'Avoid',
  share: 'Share',
  retain: 'Retain',
};
export const ACCEPTANCE: Record<string, string> = {
  not_assessed: 'Residual risk not assessed',
  not_needed: 'Within the acceptance level',
  needed: 'Acceptance needed',
  valid: 'Accepted',
  expired: 'Acceptance lapsed',
};
/** Annex C risk sources by identifier. */
export const RISK_SOURCE: Record<string, string> = {
  'C.3.1': 'Complexity of environment',
  'C.3.2': 'Lack of transparency and explainability',
  'C.3.3': 'Level of automation',
  'C.3.4': 'Risk sources related to machine learning',
  'C.3.5': 'System hardware issues',
  'C.3.6': 'System life cycle issues',
  'C.3.7': 'Technology readiness',
};

// Impact assessments (6.1.4, A.5).
export const ASSESSMENT_STATUS: Record<string, string> = {
  draft: 'Draft',
  approved: 'Approved',
  superseded: 'Superseded',
};
export const AFFECTED: Record<string, string> = {
  individuals: 'Individuals',
  groups: 'Groups of individuals',
  society: 'Society',
};
export const IMPACT_SEVERITY = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;
export const IMPACT_LIKELIHOOD = [
  'Rare',
  'Unlikely',
  'Possible',
  'Likely',
  'Almost certain',
] as const;

// Internal audits (9.2) and management reviews (9.3).
export const AUDIT_STATUS: Record<string, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  reported: 'Reported',
  closed: 'Closed',
};
export const FINDING_GRADE: Record<string, string> = {
  major: 'Major nonconformity',
  minor: 'Minor nonconformity',
  observation: 'Observation',
  opportunity: 'Opportunity for improvement',
};
export const REVIEW_STATUS: Record<string, string> = {
  planned: 'Planned',
  held: 'Held',
  issued: 'Minutes issued',
};
export const DECISION_KIND: Record<string, string> = {
  improvement: 'Continual improvement',
  change: 'Change to the AIMS',
  resources: 'Resources',
  other: 'Other',
};
export const REVIEW_ACTION_STATUS: Record<string, string> = {
  open: 'Open',
  done: 'Done',
  cancelled: 'Cancelled',
};

// Statement of Applicability (6.1.3) and monitoring.
export const IMPLEMENTATION: Record<string, string> = {
  not_started: 'Not started',
  planned: 'Planned',
  partial: 'Partially implemented',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};
export const POINT_STATUS: Record<string, string> = {
  ok: 'Within thresholds',
  warn: 'Warning',
  breach: 'Breach',
};

/** Member roles. */
export const ROLE: Record<string, string> = {
  owner: 'Owner',
  manager: 'Manager',
  contributor: 'Contributor',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

// The EU AI Act: the tiers a classification proposes and whom an obligation falls on.
export const AI_ACT_TIER = {
  unclassified: 'Not classified',
  out_of_scope: 'Out of scope',
  prohibited: 'Prohibited',
  high_risk: 'High risk',
  limited_risk: 'Limited risk',
  minimal_risk: 'Minimal risk',
  general_purpose: 'General-purpose AI',
} as const satisfies Record<string, string>;
export const AI_ACT_WHO = {
  provider: 'Provider',
  deployer: 'Deployer',
  importer: 'Importer',
  distributor: 'Distributor',
  authorised_representative: 'Authorised representative',
} as const satisfies Record<string, string>;
// Policies (5.2, A.2).
export const POLICY_KIND = {
  ai_policy: 'AI policy',
  topic_policy: 'Topic-specific policy',
  procedure: 'Procedure',
  other: 'Other',
} satisfies Record<string, string>;

// AI objectives (6.2) and planned changes (6.3).
export const OBJECTIVE_STATE = {
  on_track: 'On track',
  off_track: 'Off track',
  no_data: 'No measurement yet',
} satisfies Record<string, string>;
export const FREQUENCY = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  yearly: 'Yearly',
} satisfies Record<string, string>;
export const CHANGE_STATUS = {
  proposed: 'Proposed',
  approved: 'Approved',
  rejected: 'Rejected',
  implemented: 'Implemented',
  withdrawn: 'Withdrawn',
} satisfies Record<string, string>;
/** A step of a change, as the start of a sentence naming who took it: "Rejected by …". */
export const CHANGE_STEP = {
  approved: 'Approved',
  rejected: 'Rejected',
  implemented: 'Recorded as implemented',
  withdrawn: 'Withdrawn',
} satisfies Record<string, string>;
