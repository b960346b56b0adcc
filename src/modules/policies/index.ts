// Policies (5.2, A.2, 7.3): their one public face.
export { createPolicy, draftPolicyVersion, editPolicyVersion, updatePolicy } from './commands.js';
export {
  acknowledgePolicy,
  approvePolicyVersion,
  publishPolicyVersion,
  retirePolicyVersion,
  submitPolicyVersion,
} from './steps.js';
export { policyRoutes } from './routes.js';
// What waits for someone (the inbox).
export {
  acknowledgementPairs,
  policiesToReview,
  publishedVersions,
  versionsInReview,
} from './queries-inbox.js';
export { POLICY_WORKFLOW } from './schemas.js';
// What the dashboard composes (the list route's query and view).
export { policiesPage, policyCounts } from './queries.js';
export { policyView, toPolicyView } from './schemas.js';
