// The sections of an audit pack's report: the records shown, their columns and their words.
import {
  ASSESSMENT_STATUS,
  AUDIT_STATUS,
  FINDING_GRADE,
  IMPLEMENTATION,
  INCIDENT_STATUS,
  NC_SEVERITY,
  NC_STATUS,
  ACTION_STATUS,
  RISK_STATUS,
  SEVERITY,
  TREATMENT,
} from '../../labels.js';

export type Col = {
  key: string;
  header: string;
  width: number;
  member?: true;
  /** The words of an enum column (its values humanized where the map has none). */
  words?: Record<string, string>;
};
const HUMANIZE: Record<string, string> = {};
interface Section {
  title: string;
  sort: string;
  columns: Col[];
}

export const REPORT_SECTIONS: Record<string, Section> = {
  scope_versions: {
    title: 'AIMS scope (4.3)',
    sort: 'number',
    columns: [
      { key: 'number', header: 'Version', width: 1 },
      { key: 'status', header: 'Status', width: 1.2, words: HUMANIZE },
      { key: 'statement', header: 'Statement', width: 6 },
      { key: 'boundaries', header: 'Boundaries', width: 4 },
      { key: 'approved_at', header: 'Approved', width: 2 },
      { key: 'approver_member_id', header: 'Approver', width: 2.5, member: true },
    ],
  },
  soa_entries: {
    title: 'Statement of Applicability (6.1.3)',
    sort: 'control_id',
    columns: [
      { key: 'control_id', header: 'Control', width: 1 },
      { key: 'title', header: 'Title', width: 4 },
      { key: 'applicable', header: 'Applicable', width: 1.2 },
      { key: 'justification', header: 'Justification', width: 5 },
      { key: 'implementation_status', header: 'Implementation', width: 1.8, words: IMPLEMENTATION },
      { key: 'owner_member_id', header: 'Owner', width: 2.5, member: true },
    ],
  },
  risks: {
    title: 'Risks (6.1.2, 6.1.3)',
    sort: 'title',
    columns: [
      { key: 'title', header: 'Risk', width: 5 },
      { key: 'inherent_level', header: 'Inherent', width: 1.2, words: HUMANIZE },
      { key: 'treatment', header: 'Treatment', width: 1.2, words: TREATMENT },
      { key: 'residual_level', header: 'Residual', width: 1.2, words: HUMANIZE },
      { key: 'status', header: 'Status', width: 1.2, words: RISK_STATUS },
      { key: 'review_date', header: 'Review', width: 1.5 },
      { key: 'owner_member_id', header: 'Owner', width: 2.5, member: true },
    ],
  },
  impact_assessments: {
    title: 'AI system impact assessments (6.1.4, 8.4)',
    sort: 'title',
    columns: [
      { key: 'title', header: 'Assessment', width: 5 },
      { key: 'status', header: 'Status', width: 1.5, words: ASSESSMENT_STATUS },
      { key: 'approved_at', header: 'Approved', width: 2 },
      { key: 'next_due_date', header: 'Next due', width: 1.5 },
      { key: 'approver_member_id', header: 'Approver', width: 2.5, member: true },
    ],
  },
  audits: {
    title: 'Internal audits (9.2)',
    sort: 'number',
    columns: [
      { key: 'number', header: 'No.', width: 0.8 },
      { key: 'title', header: 'Audit', width: 4 },
      { key: 'status', header: 'Status', width: 1.3, words: AUDIT_STATUS },
      { key: 'planned_start', header: 'Planned', width: 1.5 },
      { key: 'reported_at', header: 'Reported', width: 2 },
      { key: 'conclusion', header: 'Conclusion', width: 5 },
    ],
  },
  audit_findings: {
    title: 'Audit findings (9.2)',
    sort: 'number',
    columns: [
      { key: 'number', header: 'No.', width: 0.8 },
      { key: 'grade', header: 'Grade', width: 1.5, words: FINDING_GRADE },
      { key: 'requirement_id', header: 'Requirement', width: 1.3 },
      { key: 'title', header: 'Finding', width: 5 },
      { key: 'description', header: 'Description', width: 5 },
    ],
  },
  nonconformities: {
    title: 'Nonconformities (10.2)',
    sort: 'number',
    columns: [
      { key: 'number', header: 'No.', width: 0.8 },
      { key: 'title', header: 'Nonconformity', width: 4 },
      { key: 'severity', header: 'Severity', width: 1.2, words: NC_SEVERITY },
      { key: 'status', header: 'Status', width: 1.3, words: NC_STATUS },
      { key: 'detected_on', header: 'Detected', width: 1.5 },
      { key: 'closed_at', header: 'Closed', width: 2 },
      { key: 'owner_member_id', header: 'Owner', width: 2.5, member: true },
    ],
  },
  nonconformity_actions: {
    title: 'Corrective actions (10.2)',
    sort: 'due_date',
    columns: [
      { key: 'title', header: 'Action', width: 5 },
      { key: 'status', header: 'Status', width: 1.3, words: ACTION_STATUS },
      { key: 'due_date', header: 'Due', width: 1.5 },
      { key: 'completed_on', header: 'Completed', width: 1.5 },
      { key: 'outcome', header: 'Outcome', width: 4 },
      { key: 'owner_member_id', header: 'Owner', width: 2.5, member: true },
    ],
  },
  incidents: {
    title: 'AI incidents (A.8.4)',
    sort: 'occurred_at',
    columns: [
      { key: 'title', header: 'Incident', width: 5 },
      { key: 'severity', header: 'Severity', width: 1.2, words: SEVERITY },
      { key: 'status', header: 'Status', width: 1.3, words: INCIDENT_STATUS },
      { key: 'serious', header: 'Serious', width: 1 },
      { key: 'occurred_at', header: 'Occurred', width: 2 },
      { key: 'closed_at', header: 'Closed', width: 2 },
    ],
  },
};
