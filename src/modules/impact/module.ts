/**
 * AI system impact assessments (6.1.4, 8.4, A.5.2–A.5.5): per AI system (and model version), who is
 * affected and how, along the usual dimensions, with severity, likelihood and mitigations linked
 * to risks and controls; approved by someone other than the author. A re-assessment is due when
 * the system changes stage or gets a new model version after approval, and when the cycle ends.
 *
 * commands.ts holds the commands (one action each), views.ts what the API answers and when an
 * assessment is due again, routes.ts the routes.
 */
export {
  AFFECTED,
  DIMENSIONS,
  addItem,
  approveAssessment,
  createAssessment,
  removeItem,
  updateAssessment,
  updateItem,
} from './commands.js';
export { assessmentsDue, assessmentView } from './views.js';
export { impactRoutes } from './routes.js';
