/**
 * AI system impact assessments (6.1.4, 8.4, A.5.2–A.5.5): per AI system (and model version), who is
 * affected and how, along the usual dimensions, with severity, likelihood and mitigations linked
 * to risks and controls; approved by someone other than the author. A re-assessment is due when
 * the system changes stage or gets a new model version after approval, and when the cycle ends.
 * Its one public face.
 */
export {
  addItem,
  approveAssessment,
  createAssessment,
  removeItem,
  updateAssessment,
  updateItem,
} from './commands.js';
export { AFFECTED, DIMENSIONS, assessmentsDue, assessmentView } from './schemas.js';
export { impactRoutes } from './routes.js';
// What waits for someone (the inbox).
export { draftAssessments, systemOwners } from './queries-inbox.js';
export { changesSinceApproval, dueAssessmentRows } from './queries.js';
export { approvalRefusal, dueReasons } from './schemas.js';
