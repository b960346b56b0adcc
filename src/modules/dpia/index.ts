/**
 * Data protection impact assessments (GDPR Art. 35 and 36) beside the AI system impact
 * assessment: a screening per AI system (is a DPIA required, and why), the content of Art. 35(7),
 * the data protection officer's advice, approval by someone other than the author, and the prior
 * consultation of the supervisory authority when high residual risk remains. Its one public face.
 */
export {
  approveDpia,
  createDpia,
  recordAdvice,
  recordConsultation,
  updateDpia,
} from './commands.js';
export { dpiaRoutes } from './routes.js';
export { SCREENING_QUESTIONS, screen } from './screening.js';
export { toDpiaView, type DpiaView } from './schemas.js';
// For the inbox: DPIAs awaiting approval, and prior consultations still open.
export { openDpias } from './queries.js';
export {
  approvalRefusal as dpiaApprovalRefusal,
  consultRefusal as dpiaConsultRefusal,
} from './schemas.js';
