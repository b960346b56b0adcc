// Nonconformities and corrective action (10.2) and the improvement log (10.1): the module's one
// public face. Other modules raise a nonconformity from their own records (an audit finding, an
// incident, a monitoring breach) with `raiseWithin` inside their command, or run
// `raiseNonconformity`; `nonconformitiesFromSource` lists what was raised from a record.
export { addAction, updateAction } from './action-commands.js';
export {
  correctNonconformity,
  raiseNonconformity,
  raiseWithin,
  recordRootCause,
  recordSimilar,
  updateNonconformity,
} from './commands.js';
export { createImprovement, decideImprovement, updateImprovement } from './improvement-commands.js';
export { nonconformityRoutes } from './routes.js';
export { SOURCE_TYPES, type RaiseInput, type SourceType } from './schemas.js';
export { closeNonconformity, reopenNonconformity, verifyEffectiveness } from './step-commands.js';
export {
  correctiveActionSummaries,
  improvementSummaries,
  nonconformitiesFromSource,
  nonconformitySummaries,
} from './queries.js';
// What waits for someone (the inbox).
export { nonconformitiesIn, openCorrectiveActions } from './queries-inbox.js';
export { actionPeople, reference as nonconformityReference } from './rules.js';
