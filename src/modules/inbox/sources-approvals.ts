// What waits for someone's approval or decision: every draft → approve-by-another workflow, read
// through each module's index.ts, and asked of each member through the workflow's own rule.
import type { OrgAccess } from '../../kernel/context.js';
import { can } from '../../kernel/authorize.js';
import { stepRefusal, type Workflow, type WorkflowRecord } from '../../kernel/workflow.js';
import { DOCUMENT_WORKFLOW, draftDocumentVersions } from '../documents/index.js';
import { dpiaApprovalRefusal, dpiaConsultRefusal, openDpias } from '../dpia/index.js';
import { approvalRefusal, draftAssessments } from '../impact/index.js';
import { asWorkflowRecord, CHANGE_WORKFLOW, proposedChanges } from '../planning/index.js';
import { POLICY_WORKFLOW, versionsInReview } from '../policies/index.js';
import { SCOPE_WORKFLOW, scopeVersionIn } from '../scope/index.js';
import { SOA_WORKFLOW, soaVersionIn } from '../soa/index.js';
import { onlyThese, ownId, stateText, type InboxSource } from './source.js';

/**
 * Whether `m` may take the step now: their role holds its action and the workflow allows it for
 * them (not the author, for a four-eyes step).
 */
function mayTake<State extends string, Step extends string>(
  w: Workflow<State, Step>,
  step: Step,
  r: WorkflowRecord,
  m: OrgAccess,
): boolean {
  return can(m, w.steps[step].action) && stepRefusal(w, step, r, m.memberId) === null;
}

const approvalWhy = (what: string) =>
  `${what} waits for approval by someone other than its author, and your role may approve it.`;

export const scopeApprovals: InboxSource = {
  kind: 'scope_approval',
  group: 'approvals',
  watches: { scope_versions: ownId },
  async find(db, orgId, q) {
    const draft = await scopeVersionIn(db, orgId, 'draft');
    return onlyThese(draft ? [draft] : [], q.only).map((v) => ({
      kind: 'scope_approval',
      group: 'approvals',
      recordId: v.id,
      title: `Approve scope version ${v.number}`,
      dueDate: null,
      target: { type: 'scope_versions', id: v.id },
      waitsFor: (m) =>
        mayTake(SCOPE_WORKFLOW, 'approve', v, m)
          ? approvalWhy('The draft of the AIMS scope')
          : null,
    }));
  },
};

export const policyApprovals: InboxSource = {
  kind: 'policy_approval',
  group: 'approvals',
  watches: { policy_versions: ownId },
  async find(db, orgId, q) {
    return (await versionsInReview(db, orgId, q.only)).map((v) => ({
      kind: 'policy_approval',
      group: 'approvals',
      recordId: v.id,
      title: `Approve “${v.policy_title}”, version ${v.number}`,
      dueDate: null,
      target: { type: 'policies', id: v.policy_id },
      waitsFor: (m) =>
        mayTake(POLICY_WORKFLOW, 'approve', v, m)
          ? approvalWhy(`Version ${v.number} of the policy is in review: it`)
          : null,
    }));
  },
};

export const documentApprovals: InboxSource = {
  kind: 'document_approval',
  group: 'approvals',
  watches: { document_versions: ownId },
  async find(db, orgId, q) {
    return (await draftDocumentVersions(db, orgId, q.only)).map((v) => ({
      kind: 'document_approval',
      group: 'approvals',
      recordId: v.id,
      title: `Approve “${v.document_title}”, version ${v.number}`,
      dueDate: null,
      target: { type: 'documents', id: v.document_id },
      waitsFor: (m) =>
        mayTake(DOCUMENT_WORKFLOW, 'approve', v, m)
          ? approvalWhy(`Version ${v.number} of the document`)
          : null,
    }));
  },
};

export const soaApprovals: InboxSource = {
  kind: 'soa_approval',
  group: 'approvals',
  watches: { soa_versions: ownId },
  async find(db, orgId, q) {
    const draft = await soaVersionIn(db, orgId, 'draft');
    return onlyThese(draft ? [draft] : [], q.only).map((v) => ({
      kind: 'soa_approval',
      group: 'approvals',
      recordId: v.id,
      title: `Approve Statement of Applicability version ${v.number}`,
      dueDate: null,
      target: { type: 'soa_versions', id: v.id },
      waitsFor: (m) =>
        mayTake(SOA_WORKFLOW, 'approve', v, m)
          ? approvalWhy(`Version ${v.number} of the Statement of Applicability`)
          : null,
    }));
  },
};

export const impactApprovals: InboxSource = {
  kind: 'impact_approval',
  group: 'approvals',
  // A draft becomes approvable with its first impact: an added or removed impact counts too.
  watches: { impact_assessments: ownId, impact_items: (e) => stateText(e, 'assessment_id') },
  async find(db, orgId, q) {
    return (await draftAssessments(db, orgId, q.only)).map((a) => ({
      kind: 'impact_approval',
      group: 'approvals',
      recordId: a.id,
      title: `Approve the impact assessment “${a.title}”`,
      dueDate: null,
      target: { type: 'impact_assessments', id: a.id },
      waitsFor: (m) =>
        can(m, 'impact_assessments.approve') && approvalRefusal(a, a.impacts, m.memberId) === null
          ? approvalWhy('The draft assessment')
          : null,
    }));
  },
};

export const dpiaApprovals: InboxSource = {
  kind: 'dpia_approval',
  group: 'approvals',
  watches: { dpias: ownId },
  async find(db, orgId, q) {
    return (await openDpias(db, orgId, q.only))
      .filter((d) => d.status === 'draft')
      .map((d) => ({
        kind: 'dpia_approval',
        group: 'approvals',
        recordId: d.id,
        title: `Approve the DPIA “${d.title}”`,
        dueDate: null,
        target: { type: 'dpias', id: d.id },
        // A draft that still lacks Art. 35(7) content is not approvable: it waits for its author.
        waitsFor: (m) =>
          can(m, 'dpia.approve') && dpiaApprovalRefusal(d, m.memberId) === null
            ? approvalWhy('The draft DPIA')
            : null,
      }));
  },
};

/** A DPIA with high residual risk whose prior consultation (GDPR Art. 36) is not answered yet. */
export const dpiaConsultations: InboxSource = {
  kind: 'dpia_consultation',
  group: 'actions',
  watches: { dpias: ownId },
  async find(db, orgId, q) {
    return (await openDpias(db, orgId, q.only))
      .filter((d) => d.residual_high_risk === 1 && dpiaConsultRefusal(d) === null)
      .filter((d) => d.consultation_outcome === null || d.consultation_outcome === 'pending')
      .map((d) => ({
        kind: 'dpia_consultation',
        group: 'actions',
        recordId: d.id,
        title:
          d.consultation_outcome === 'pending'
            ? `Record the supervisory authority's answer on the DPIA “${d.title}”`
            : `Consult the supervisory authority on the DPIA “${d.title}”`,
        dueDate: null,
        target: { type: 'dpias', id: d.id },
        waitsFor: (m) =>
          m.memberId === d.author_member_id && can(m, 'dpia.consult', [d.ai_system_id])
            ? d.consultation_outcome === 'pending'
              ? 'You wrote this DPIA; the prior consultation (GDPR Art. 36) is pending: record the authority’s answer when it comes.'
              : 'You wrote this DPIA and high residual risk remains: the supervisory authority must be consulted before the processing (GDPR Art. 36).'
            : null,
      }));
  },
};

export const changeDecisions: InboxSource = {
  kind: 'change_decision',
  group: 'approvals',
  watches: { aims_changes: ownId },
  async find(db, orgId, q) {
    return (await proposedChanges(db, orgId, q.only)).map((c) => ({
      kind: 'change_decision',
      group: 'approvals',
      recordId: c.id,
      title: `Decide on the planned change “${c.title}”`,
      dueDate: c.planned_on,
      target: { type: 'aims_changes', id: c.id },
      waitsFor: (m) =>
        mayTake(CHANGE_WORKFLOW, 'approve', asWorkflowRecord(c), m)
          ? 'The change is proposed and waits for a decision; you may approve or reject it, as you did not propose it.'
          : null,
    }));
  },
};
