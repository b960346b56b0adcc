// What the later modules make wait: corrective actions, effectiveness checks and nonconformities
// (10.2), incidents to classify and to report to authorities (A.8.4), failed life cycle gates
// (8.1), and risks owing a re-assessment after a significant change (8.2).
import { can } from '../../kernel/authorize.js';
import { failedLatestGateChecks } from '../gates/index.js';
import { openClocks, unclassifiedIncidents } from '../incidents/index.js';
import {
  actionPeople,
  nonconformitiesIn,
  nonconformityReference,
  openCorrectiveActions,
} from '../nonconformities/index.js';
import { risksOwingReassessment } from '../operations/index.js';
import { dueWords, ownedBy, ownId, stateText, type Candidate, type InboxSource } from './source.js';
import { formatRef } from '../../kernel/refs.js';

export const correctiveActions: InboxSource = {
  kind: 'corrective_action',
  group: 'actions',
  watches: { nonconformity_actions: ownId },
  async find(db, orgId, q) {
    return (await openCorrectiveActions(db, orgId, q.only)).map((a) => ({
      kind: 'corrective_action',
      group: 'actions',
      recordId: a.id,
      title: `Corrective action “${a.title}” (${formatRef('nonconformities', a.nc_number)} “${a.nc_title}”)`,
      dueDate: a.due_date,
      target: { type: 'nonconformities', id: a.nonconformity_id },
      waitsFor: ownedBy(
        a.owner_member_id,
        `You own this corrective action, and it is not done. ${dueWords(a.due_date, q.today, 'It')}`,
      ),
    }));
  },
};

export const effectivenessChecks: InboxSource = {
  kind: 'effectiveness_check',
  group: 'approvals',
  watches: {
    nonconformities: ownId,
    nonconformity_actions: (e) => stateText(e, 'nonconformity_id'),
  },
  async find(db, orgId, q) {
    return (await nonconformitiesIn(db, orgId, ['actions_done'], q.only)).map(({ nc, actions }) => {
      const people = actionPeople(nc, actions);
      return {
        kind: 'effectiveness_check',
        group: 'approvals',
        recordId: nc.id,
        title: `Check whether the corrective actions of ${nonconformityReference(nc)} “${nc.title}” worked`,
        dueDate: null,
        target: { type: 'nonconformities', id: nc.id },
        waitsFor: (m) =>
          can(m, 'nonconformities.verify') && m.memberId !== null && !people.has(m.memberId)
            ? 'Its corrective actions are all done; someone who owned, planned or did none of them must check that they worked, and your role may.'
            : null,
      };
    });
  },
};

export const ownedNonconformities: InboxSource = {
  kind: 'nonconformity',
  group: 'actions',
  watches: { nonconformities: ownId },
  async find(db, orgId, q) {
    // Until corrective actions are planned, the owner works it: correction, root cause, actions.
    const states = ['open', 'correction_done', 'reopened'];
    return (await nonconformitiesIn(db, orgId, states, q.only)).map(({ nc }) => ({
      kind: 'nonconformity',
      group: 'actions',
      recordId: nc.id,
      title: `Work on ${nonconformityReference(nc)} “${nc.title}”`,
      dueDate: null,
      target: { type: 'nonconformities', id: nc.id },
      waitsFor: ownedBy(
        nc.owner_member_id,
        'You own this nonconformity, and it has no corrective action planned yet: record the correction, the root cause and the actions.',
      ),
    }));
  },
};

export const incidentClassifications: InboxSource = {
  kind: 'incident_classification',
  group: 'approvals',
  watches: { incidents: ownId },
  async find(db, orgId, q) {
    return (await unclassifiedIncidents(db, orgId, q.only)).map((i) => ({
      kind: 'incident_classification',
      group: 'approvals',
      recordId: i.id,
      title: `Decide whether the incident “${i.title}” is serious`,
      dueDate: null,
      target: { type: 'incidents', id: i.id },
      waitsFor: (m) =>
        can(m, 'incidents.classify')
          ? 'Nobody has decided yet whether this incident is serious, and your role may: a serious one starts the legal reporting clocks.'
          : m.memberId !== null && m.memberId === i.reported_by_member_id
            ? 'You reported this incident, and it still waits for a manager to decide whether it is serious: add what you learn to its timeline.'
            : null,
    }));
  },
};

export const incidentReports: InboxSource = {
  kind: 'incident_report',
  group: 'actions',
  watches: {
    incidents: ownId,
    incident_communications: (e) => stateText(e, 'incident_id'),
  },
  async find(db, orgId, q) {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    // Soonest due first: each incident's item is about the report that falls due first.
    for (const o of await openClocks(db, orgId, new Date(q.now))) {
      if (seen.has(o.incidentId) || (q.only && !q.only.includes(o.incidentId))) continue;
      seen.add(o.incidentId);
      const due = o.clock.dueAt!;
      const why =
        o.clock.state === 'overdue'
          ? `A report of this serious incident (${o.clock.title}) was due at ${due}, and your role may record it.`
          : `A report of this serious incident (${o.clock.title}) is due at ${due}, and your role may record it.`;
      out.push({
        kind: 'incident_report',
        group: 'actions',
        recordId: o.incidentId,
        title: `Report the incident “${o.incidentTitle}”: ${o.clock.title}`,
        dueDate: due.slice(0, 10),
        target: { type: 'incidents', id: o.incidentId },
        waitsFor: (m) => (can(m, 'incidents.report') ? why : null),
      });
    }
    return out;
  },
};

export const gateFailures: InboxSource = {
  kind: 'gate_failure',
  group: 'actions',
  watches: {
    gate_checks: (e) => stateText(e, 'ai_system_id'),
    ai_systems: ownId,
  },
  async find(db, orgId, q) {
    return (await failedLatestGateChecks(db, orgId, q.only)).map((c) => ({
      kind: 'gate_failure',
      group: 'actions',
      recordId: c.ai_system_id,
      title: `The gate into ${c.to_stage.replace(/_/g, ' ')} failed for “${c.system_name}”`,
      dueDate: null,
      target: { type: 'ai_systems', id: c.ai_system_id },
      waitsFor: ownedBy(
        c.owner_member_id,
        `You own this AI system, and its latest gate check (${c.created_at.slice(0, 10)}) failed: meet the criteria it names and check again.`,
      ),
    }));
  },
};

export const riskReassessments: InboxSource = {
  kind: 'risk_reassessment',
  group: 'reviews',
  watches: { risks: ownId },
  async find(db, orgId, q) {
    return (await risksOwingReassessment(db, orgId, q, q.only)).map((r) => ({
      kind: 'risk_reassessment',
      group: 'reviews',
      recordId: r.riskId,
      title: `Re-assess the risk “${r.title}”`,
      dueDate: null,
      target: { type: 'risks', id: r.riskId },
      waitsFor: ownedBy(
        r.ownerMemberId,
        `You own this risk, and it owes a re-assessment: ${r.reasons.join(' ')}`,
      ),
    }));
  },
};
