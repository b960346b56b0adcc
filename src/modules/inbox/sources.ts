/**
 * The inbox is this list: one source per kind of thing that can wait for a member, each a
 * function over another module's index.ts (source.ts says what a source is). A module that
 * lands later (audits, management reviews) adds its findings or decisions as one entry each here,
 * with a `find` over that module's index.ts, as nonconformities, incidents and gates do.
 */
import type { InboxSource } from './source.js';
import {
  changeDecisions,
  documentApprovals,
  dpiaApprovals,
  dpiaConsultations,
  impactApprovals,
  policyApprovals,
  scopeApprovals,
  soaApprovals,
} from './sources-approvals.js';
import {
  acknowledgements,
  concerns,
  evidenceExpiries,
  policyReviews,
  reassessments,
  riskAcceptances,
  riskReviews,
  treatments,
} from './sources-work.js';
import {
  correctiveActions,
  effectivenessChecks,
  gateFailures,
  incidentClassifications,
  incidentReports,
  ownedNonconformities,
  riskReassessments,
} from './sources-modules.js';
import { auditWork, reviewActions } from './sources-check.js';

export const SOURCES: readonly InboxSource[] = [
  scopeApprovals,
  policyApprovals,
  documentApprovals,
  soaApprovals,
  impactApprovals,
  dpiaApprovals,
  changeDecisions,
  riskAcceptances,
  effectivenessChecks,
  incidentClassifications,
  concerns,
  treatments,
  dpiaConsultations,
  correctiveActions,
  ownedNonconformities,
  incidentReports,
  gateFailures,
  auditWork,
  reviewActions,
  policyReviews,
  riskReviews,
  riskReassessments,
  reassessments,
  evidenceExpiries,
  acknowledgements,
];

export const INBOX_KINDS = SOURCES.map((s) => s.kind);
