// What internal audit (9.2) and management review (9.3) make wait: an audit its lead auditor has
// to start or report, and the actions a review decided, for their owners.
import { auditsAwaitingLead } from '../audits/index.js';
import { openReviewActions } from '../reviews/index.js';
import { ownedBy, ownId, stateText, type InboxSource } from './source.js';

export const reviewActions: InboxSource = {
  kind: 'review_action',
  group: 'actions',
  watches: { management_review_actions: ownId },
  async find(db, orgId, q) {
    return (await openReviewActions(db, orgId, q.only)).map((a) => ({
      kind: 'review_action',
      group: 'actions',
      recordId: a.id,
      title: `Action “${a.title}” of the management review “${a.review_title}”`,
      dueDate: a.due_date,
      target: { type: 'management_reviews', id: a.review_id },
      waitsFor: ownedBy(
        a.owner_member_id,
        a.due_date < q.today
          ? `The management review gave you this action, due on ${a.due_date}; it is not done.`
          : `The management review gave you this action, due on ${a.due_date}.`,
      ),
    }));
  },
};

export const auditWork: InboxSource = {
  kind: 'audit',
  group: 'actions',
  watches: { audits: ownId, audit_checklist_items: (e) => stateText(e, 'audit_id') },
  async find(db, orgId, q) {
    return (await auditsAwaitingLead(db, orgId, q.only)).map((a) => {
      const planned = a.status === 'planned';
      return {
        kind: 'audit',
        group: 'actions',
        recordId: a.id,
        title: planned
          ? `Start audit ${a.number} “${a.title}”`
          : `Finish and report audit ${a.number} “${a.title}”`,
        dueDate: planned ? a.planned_start : a.planned_end,
        target: { type: 'audits', id: a.id },
        waitsFor: ownedBy(
          a.lead_auditor_member_id,
          planned
            ? `You lead this audit, planned from ${a.planned_start}: start it to draw its checklist.`
            : `You lead this audit, planned to end on ${a.planned_end}: record the checklist and findings, then issue the report.`,
        ),
      };
    });
  },
};
