// The AIMS scope (4.3): its one public face.
export { approveScope, draftScope, editScope } from './commands.js';
export { scopeRoutes, scopeStatus, scopeStatusView } from './routes.js';
// What waits for approval (the inbox).
export { scopeVersionIn } from './queries.js';
export { SCOPE_WORKFLOW } from './schemas.js';
