// Planning (clause 6): AI objectives with their measurements (6.2) and planned changes to the
// AIMS with every decision on them (6.3). Its one public face.
export { decideChange, proposeChange, withdrawChange } from './change-commands.js';
export { createObjective, recordMeasurement, updateObjective } from './objective-commands.js';
export { planningRoutes } from './routes.js';
// What waits for a decision (the inbox).
export { proposedChanges } from './queries-inbox.js';
export { asWorkflowRecord, CHANGE_WORKFLOW } from './schemas.js';
