// What waits for someone to act, review or read: risk acceptance, concerns, treatment actions,
// reviews and re-assessments falling due, evidence running out, policies to acknowledge.
import { can } from '../../kernel/authorize.js';
import { openConcerns } from '../concerns/index.js';
import { evidenceEnding } from '../evidence/index.js';
import {
  changesSinceApproval,
  dueAssessmentRows,
  dueReasons,
  systemOwners,
} from '../impact/index.js';
import { acknowledgementPairs, policiesToReview, publishedVersions } from '../policies/index.js';
import { acceptancesDue, mayAccept, ownedOpenTreatments, reviewsDue } from '../risks/index.js';
import {
  dayAfter,
  dueWords,
  ownedBy,
  ownId,
  stateText,
  type Candidate,
  type InboxSource,
} from './source.js';

/** How many records of one kind the time-based sources read at most. */
const LIMIT = 1000;

export const riskAcceptances: InboxSource = {
  kind: 'risk_acceptance',
  group: 'approvals',
  watches: { risks: ownId, risk_acceptances: (e) => stateText(e, 'risk_id') },
  async find(db, orgId, q) {
    return (await acceptancesDue(db, orgId, q, q.only)).map((due) => {
      const { risk: r, latest: a, state } = due;
      const why =
        state === 'needed'
          ? `Its residual level (${r.residual_level}) is above the acceptance level, so someone other than its owner must accept it; your role may.`
          : `Its acceptance ${state === 'expired' ? 'lapsed' : 'lapses'} on ${a?.expires_on}; someone other than its owner must renew it, and your role may.`;
      return {
        kind: 'risk_acceptance',
        group: 'approvals',
        recordId: r.id,
        title: `Accept the residual risk “${r.title}”`,
        dueDate: state === 'needed' ? null : (a?.expires_on ?? null),
        target: { type: 'risks', id: r.id },
        waitsFor: (m) => (mayAccept(m, due) ? why : null),
      } satisfies Candidate;
    });
  },
};

export const concerns: InboxSource = {
  kind: 'concern',
  group: 'actions',
  watches: { concerns: ownId },
  async find(db, orgId, q) {
    return (await openConcerns(db, orgId, q.only)).map((c) => ({
      kind: 'concern',
      group: 'actions',
      recordId: c.id,
      title: `Follow up the concern “${c.summary}”`,
      dueDate: null,
      target: { type: 'concerns', id: c.id },
      waitsFor: (m) =>
        c.owner_member_id !== null
          ? ownedBy(c.owner_member_id, 'You handle this concern, and it is still open.')(m)
          : can(m, 'concerns.triage')
            ? 'Nobody handles this concern yet, and your role may take it on.'
            : null,
    }));
  },
};

export const treatments: InboxSource = {
  kind: 'treatment',
  group: 'actions',
  watches: { risk_treatments: ownId },
  async find(db, orgId, q) {
    return (await ownedOpenTreatments(db, orgId, q.only)).map((t) => ({
      kind: 'treatment',
      group: 'actions',
      recordId: t.id,
      title: `Treatment action “${t.title}” (risk “${t.risk_title}”)`,
      dueDate: t.due_date,
      target: { type: 'risks', id: t.risk_id },
      waitsFor: ownedBy(
        t.owner_member_id,
        t.due_date
          ? `You own this treatment action, and it is not done. ${dueWords(t.due_date, q.today, 'It')}`
          : 'You own this treatment action, and it is not done.',
      ),
    }));
  },
};

export const policyReviews: InboxSource = {
  kind: 'policy_review',
  group: 'reviews',
  watches: {},
  async find(db, orgId, q) {
    return (await policiesToReview(db, orgId, dayAfter(q.horizon))).map((p) => ({
      kind: 'policy_review',
      group: 'reviews',
      recordId: p.id,
      title: `Review the policy “${p.title}”`,
      dueDate: p.next_review_date,
      target: { type: 'policies', id: p.id },
      waitsFor: ownedBy(
        p.owner_member_id,
        `You own this policy. ${dueWords(p.next_review_date ?? '', q.today, 'Its review')}`,
      ),
    }));
  },
};

export const riskReviews: InboxSource = {
  kind: 'risk_review',
  group: 'reviews',
  watches: {},
  async find(db, orgId, q) {
    return (await reviewsDue(db, orgId, dayAfter(q.horizon), LIMIT)).map((r) => ({
      kind: 'risk_review',
      group: 'reviews',
      recordId: r.id,
      title: `Review the risk “${r.title}”`,
      dueDate: r.review_date,
      target: { type: 'risks', id: r.id },
      waitsFor: ownedBy(
        r.owner_member_id,
        `You own this risk. ${dueWords(r.review_date ?? '', q.today, 'Its review')}`,
      ),
    }));
  },
};

export const reassessments: InboxSource = {
  kind: 'impact_reassessment',
  group: 'reviews',
  watches: {},
  async find(db, orgId, q) {
    const rows = await dueAssessmentRows(db, orgId, dayAfter(q.horizon), LIMIT);
    const owners = await systemOwners(db, orgId, [...new Set(rows.map((a) => a.ai_system_id))]);
    const out: Candidate[] = [];
    for (const a of rows) {
      const reasons = dueReasons(a, await changesSinceApproval(db, orgId, a), q.today);
      const system = owners.get(a.ai_system_id);
      const who = system ? `You own the AI system “${system.name}”.` : 'You wrote this assessment.';
      const why = reasons.length
        ? `${who} It is due again: ${reasons.join(' ')}`
        : `${who} Its review cycle ends on ${a.next_due_date}.`;
      out.push({
        kind: 'impact_reassessment',
        group: 'reviews',
        recordId: a.id,
        title: `Re-assess the impact assessment “${a.title}”`,
        dueDate: a.next_due_date,
        target: { type: 'impact_assessments', id: a.id },
        waitsFor: ownedBy(system?.owner ?? a.author_member_id, why),
      });
    }
    return out;
  },
};

export const evidenceExpiries: InboxSource = {
  kind: 'evidence_expiry',
  group: 'reviews',
  watches: {},
  async find(db, orgId, q) {
    return (await evidenceEnding(db, orgId, q.today, q.horizon)).map((e) => ({
      kind: 'evidence_expiry',
      group: 'reviews',
      recordId: e.id,
      title: `Renew the evidence “${e.title}”`,
      dueDate: e.valid_until,
      target: { type: 'evidence', id: e.id },
      waitsFor: ownedBy(
        e.owner_member_id,
        `You own this evidence, and it stops counting after ${e.valid_until}.`,
      ),
    }));
  },
};

export const acknowledgements: InboxSource = {
  kind: 'policy_acknowledgement',
  group: 'reading',
  watches: {
    policy_versions: ownId,
    policy_acknowledgements: (e) => stateText(e, 'policy_version_id'),
  },
  async find(db, orgId, q) {
    const versions = await publishedVersions(db, orgId, q.only);
    const done = await acknowledgementPairs(
      db,
      orgId,
      versions.map((v) => v.id),
    );
    return versions.map((v) => ({
      kind: 'policy_acknowledgement',
      group: 'reading',
      recordId: v.id,
      title: `Read and acknowledge “${v.policy_title}”`,
      dueDate: null,
      target: { type: 'policies', id: v.policy_id },
      waitsFor: (m) =>
        m.memberId !== null && can(m, 'policies.acknowledge') && !done.has(`${v.id}:${m.memberId}`)
          ? `Version ${v.number} of the policy is published, and you have not acknowledged it yet (7.3).`
          : null,
    }));
  },
};
