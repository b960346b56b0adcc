import { DOCUMENT_PURPOSES, type DocumentPurpose } from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import {
  acceptanceState,
  assessedOpenRisks,
  criteriaByIds,
  criteriaFromRow,
  latestAcceptances,
} from '../risks/index.js';
import * as P from './queries-plan.js';
import { R, REFS, type CheckFn } from './reasons.js';

/**
 * The check kinds of clauses 4 to 7 (context, leadership, planning, support): each asks for the
 * record an auditor accepts (a decision, an approval by top management, a documented process, a
 * plan) and none is met by an empty set.
 */
type PlanKinds =
  | 'ai_roles_determined'
  | 'context_reviewed'
  | 'parties_requirements'
  | 'top_management_approved'
  | 'residual_risks_accepted'
  | 'objectives_planned'
  | 'changes_planned'
  | 'communications_recorded'
  | 'documents_required'
  | 'documents_reviewed'
  | 'documents_controlled';

const titleOf = (p: string) => DOCUMENT_PURPOSES[p as DocumentPurpose]?.title ?? p;
const list = (xs: string[]) => xs.slice(0, REFS).join('; ') + (xs.length > REFS ? '; …' : '');
const monthsBefore = (today: string, months: number) => {
  const d = new Date(`${today}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};

export const PLAN_CHECKS: { [K in PlanKinds]: CheckFn<K> } = {
  async ai_roles_determined(db, orgId, c) {
    const s = await P.approvedScope(db, orgId);
    if (!s) return R(c, 'missing', 'No approved scope states the AI roles of the organization.');
    const roles = decodeJson(s.ai_roles);
    const ref = [{ type: 'scope_versions', id: s.id }];
    return roles.length
      ? R(
          c,
          'met',
          `Scope version ${s.number} states the organization's AI roles: ${roles.join(', ')}.`,
          ref,
        )
      : R(
          c,
          'partial',
          `Scope version ${s.number} is approved but names no AI role of the organization (provider, deployer, …).`,
          ref,
        );
  },

  async context_reviewed(db, orgId, c, f) {
    const r = await P.contextIssueReviews(db, orgId, f.today, REFS);
    if (!r.total) return R(c, 'missing', 'No context issues recorded, so none was reviewed.');
    const refs = r.ids.map((id) => ({ type: 'context_issues', id }));
    if (r.stale)
      return R(
        c,
        'partial',
        `${r.stale} of ${r.total} context issues have no review date or their review was due before ${f.today}.`,
        refs,
      );
    return R(c, 'met', `All ${r.total} context issues have a review date still to come.`);
  },

  async parties_requirements(db, orgId, c) {
    const r = await P.partiesWithoutRequirements(db, orgId, REFS);
    if (!r.total) return R(c, 'missing', 'No interested parties recorded.');
    const refs = r.rows.map((p) => ({ type: 'interested_parties', id: p.id }));
    if (r.lacking)
      return R(
        c,
        r.lacking === r.total ? 'missing' : 'partial',
        `${r.lacking} of ${r.total} interested parties lack their relevant requirements or how the AIMS addresses them: ${list(r.rows.map((p) => p.name))}.`,
        refs,
      );
    return R(
      c,
      'met',
      `All ${r.total} interested parties have their requirements and how the AIMS addresses them.`,
    );
  },

  async top_management_approved(db, orgId, c) {
    const what = c.subject === 'scope' ? 'scope' : 'AI policy';
    const stored = await P.topManagementRoles(db, orgId);
    const roles = stored ? decodeJson(stored) : [];
    const approval =
      c.subject === 'scope'
        ? await P.approvedScope(db, orgId)
        : await P.publishedPolicyApproval(db, orgId, 'ai_policy');
    if (!approval) return R(c, 'missing', `No approved ${what}, so top management approved none.`);
    const ref = [{ type: c.subject === 'scope' ? 'scope_versions' : 'policies', id: approval.id }];
    if (!roles.length)
      return R(
        c,
        'partial',
        `The ${what} (version ${approval.number}) is approved, but the organization has not said which roles are top management (settings).`,
        ref,
      );
    if (approval.approver_role && roles.includes(approval.approver_role))
      return R(
        c,
        'met',
        `The ${what} (version ${approval.number}) was approved by a member of top management (${approval.approver_role}).`,
        ref,
      );
    return R(
      c,
      'partial',
      `The ${what} (version ${approval.number}) was approved by ${approval.approver_role ? `a ${approval.approver_role}` : 'no current member'}, not by top management (${roles.join(', ')}).`,
      ref,
    );
  },

  async residual_risks_accepted(db, orgId, c, f) {
    const risks = await assessedOpenRisks(db, orgId);
    if (!risks.length)
      return R(
        c,
        'missing',
        'No open risk has an assessed residual level, so none was compared with the acceptance level.',
      );
    const criteria = new Map(
      (await criteriaByIds(db, orgId, [...new Set(risks.map((r) => r.criteria_id))])).map((r) => [
        r.id,
        criteriaFromRow(r),
      ]),
    );
    const latest = await latestAcceptances(
      db,
      orgId,
      risks.map((r) => r.id),
    );
    const above = risks
      .map((r) => ({
        r,
        s: acceptanceState(r, criteria.get(r.criteria_id), latest.get(r.id), f.today).state,
      }))
      .filter((x) => x.s !== 'not_needed' && x.s !== 'not_assessed');
    if (!above.length)
      return R(
        c,
        'met',
        `All ${risks.length} assessed residual risks are within the acceptance level.`,
      );
    const lacking = above.filter((x) => x.s !== 'valid');
    if (!lacking.length)
      return R(
        c,
        'met',
        `All ${above.length} residual risks above the acceptance level have a current acceptance.`,
        above.map((x) => ({ type: 'risks', id: x.r.id })),
      );
    const expired = lacking.filter((x) => x.s === 'expired').length;
    return R(
      c,
      'partial',
      `${lacking.length} of ${above.length} residual risks above the acceptance level have no current acceptance (${expired} expired, ${lacking.length - expired} never accepted at this level): ${list(lacking.map((x) => x.r.title))}.`,
      lacking.map((x) => ({ type: 'risks', id: x.r.id })),
    );
  },

  async objectives_planned(db, orgId, c) {
    const r = await P.objectivesWithoutPlan(db, orgId, REFS);
    if (!r.total) return R(c, 'missing', 'No AI objectives.');
    if (!r.lacking)
      return R(
        c,
        'met',
        `All ${r.total} AI objectives have an owner and a plan (what, resources, when), with their metric and frequency of evaluation.`,
      );
    return R(
      c,
      r.lacking === r.total ? 'missing' : 'partial',
      `${r.lacking} of ${r.total} AI objectives lack an owner or a plan of what will be done, with what resources and by when: ${list(r.rows.map((o) => o.title))}.`,
      r.rows.map((o) => ({ type: 'objectives', id: o.id })),
    );
  },

  async changes_planned(db, orgId, c) {
    const r = await P.changePlanning(db, orgId, REFS);
    const total = [...r.counts.values()].reduce((a, b) => a + b, 0);
    // Nothing recorded shows nothing: no credit from an empty register.
    if (!total)
      return R(
        c,
        'missing',
        'No changes to the AIMS recorded: nothing yet shows that changes are planned.',
      );
    const problems: string[] = [];
    if (r.proposed.length)
      problems.push(`${r.counts.get('proposed') ?? 0} proposed change(s) wait for a decision`);
    if (r.unplanned.length)
      problems.push(
        `${r.unplanned.length} approved change(s) lack their consequences, resources or responsibilities`,
      );
    if (problems.length)
      return R(
        c,
        'partial',
        `${problems.join('; ')}.`,
        [...r.proposed, ...r.unplanned].map((id) => ({ type: 'aims_changes', id })),
      );
    return R(
      c,
      'met',
      `All ${total} changes to the AIMS were decided; the approved ones state consequences, resources and responsibilities.`,
    );
  },

  async communications_recorded(db, orgId, c, f) {
    const since = monthsBefore(f.today, c.months);
    const r = await P.recentDocuments(db, orgId, 'communication_record', since, REFS);
    const refs = r.recent.map((d) => ({ type: 'documents', id: d.id }));
    if (r.recent.length)
      return R(
        c,
        'met',
        `${r.recent.length === REFS ? `At least ${REFS}` : r.recent.length} communication(s) recorded in the last ${c.months} months, the latest "${r.recent[0]!.title}".`,
        refs,
      );
    return r.total
      ? R(
          c,
          'partial',
          `${r.total} communication(s) recorded, none in the last ${c.months} months.`,
        )
      : R(
          c,
          'missing',
          'No records of communications (documents with the purpose "communication_record").',
        );
  },

  async documents_required(db, orgId, c) {
    const have = await P.approvedPurposes(db, orgId, c.purposes);
    const lacking = c.purposes.filter((p) => !have.has(p));
    if (!lacking.length)
      return R(
        c,
        'met',
        `Each of the ${c.purposes.length} documents the standard requires has an approved version.`,
      );
    return R(
      c,
      lacking.length === c.purposes.length ? 'missing' : 'partial',
      `${lacking.length} of ${c.purposes.length} required documents have no approved version: ${list(lacking.map((p) => `${titleOf(p)} (${DOCUMENT_PURPOSES[p].clause})`))}.`,
    );
  },

  async documents_reviewed(db, orgId, c) {
    const docs = await P.purposeDocuments(db, orgId, c.purposes, 200);
    if (!docs.length)
      return R(
        c,
        'missing',
        'No document fulfils any documented information the standard requires.',
      );
    const bad = docs.filter(
      (d) =>
        !d.current_version_id ||
        !d.approver_member_id ||
        d.approver_member_id === d.author_member_id,
    );
    if (!bad.length)
      return R(
        c,
        'met',
        `All ${docs.length} required documents are in force in a version reviewed and approved by someone other than its author.`,
      );
    return R(
      c,
      'partial',
      `${bad.length} of ${docs.length} required documents have no version approved by a reviewer other than its author: ${list(bad.map((d) => `"${d.title}"`))}.`,
      bad.map((d) => ({ type: 'documents', id: d.id })),
    );
  },

  async documents_controlled(db, orgId, c) {
    const docs = await P.purposeDocuments(db, orgId, c.purposes, 200);
    if (!docs.length)
      return R(
        c,
        'missing',
        'No document fulfils any documented information the standard requires.',
      );
    const bad = docs.filter(
      (d) => !d.owner_member_id || !(Number(d.retention_months) > 0) || !d.classification,
    );
    if (!bad.length)
      return R(
        c,
        'met',
        `All ${docs.length} required documents have an owner, a classification and a retention period.`,
      );
    return R(
      c,
      'partial',
      `${bad.length} of ${docs.length} required documents lack an owner, a classification or a retention period: ${list(bad.map((d) => `"${d.title}"`))}.`,
      bad.map((d) => ({ type: 'documents', id: d.id })),
    );
  },
};
