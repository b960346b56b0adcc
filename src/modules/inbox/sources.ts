/**
 * The inbox is this list: one source per kind of thing that can wait for a member, each a
 * function over another module's index.ts (source.ts says what a source is). When incidents,
 * nonconformities and audits land, their clocks, findings and corrective actions are one entry
 * each here, with a `find` over that module's index.ts.
 */
import type { InboxSource } from './source.js';
import {
  changeDecisions,
  documentApprovals,
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

export const SOURCES: readonly InboxSource[] = [
  scopeApprovals,
  policyApprovals,
  documentApprovals,
  soaApprovals,
  impactApprovals,
  changeDecisions,
  riskAcceptances,
  concerns,
  treatments,
  policyReviews,
  riskReviews,
  reassessments,
  evidenceExpiries,
  acknowledgements,
];

export const INBOX_KINDS = SOURCES.map((s) => s.kind);
