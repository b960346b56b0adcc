/**
 * The documented information ISO/IEC 42001 asks an organization to keep as documents of its own
 * (as distinct from what aims already holds as records: the scope, the AI policy, the Statement of
 * Applicability, risks, impact assessments, audits and reviews). A document names the one it
 * fulfils in its `purpose`; readiness asks for an approved current version of each. The clause
 * numbers are the standard's; the titles and notes are aims's own words.
 */
export const DOCUMENT_PURPOSES = {
  aims_roles: { clause: '5.3', title: 'Roles and responsibilities of the AI management system' },
  risk_assessment_process: { clause: '6.1.2', title: 'AI risk assessment process' },
  risk_treatment_process: { clause: '6.1.3', title: 'AI risk treatment process' },
  risk_treatment_plan: { clause: '6.1.3', title: 'AI risk treatment plan' },
  impact_assessment_process: { clause: '6.1.4', title: 'AI system impact assessment process' },
  objectives_plan: { clause: '6.2', title: 'Plans to achieve the AI objectives' },
  resource_plan: { clause: '7.1', title: 'Resources of the AI management system' },
  communication_plan: { clause: '7.4', title: 'Communication plan' },
  communication_record: { clause: '7.4', title: 'Record of a communication' },
  document_control: { clause: '7.5.3', title: 'Control of documented information' },
  operational_criteria: { clause: '8.1', title: 'Criteria for the AI processes' },
  outsourced_processes: { clause: '8.1', title: 'Control of externally provided processes' },
} as const;

export type DocumentPurpose = keyof typeof DOCUMENT_PURPOSES;
export const DOCUMENT_PURPOSE_KEYS = Object.keys(DOCUMENT_PURPOSES) as [
  DocumentPurpose,
  ...DocumentPurpose[],
];
