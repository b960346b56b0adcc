// The Statement of Applicability (6.1.3): its one public face.
export { addCustomControl, approveSoa, decideControl, snapshotSoa } from './commands.js';
export { soaRoutes } from './routes.js';
export { soaImportRoutes } from './import.js';
// What waits for approval (the inbox).
export { soaVersionIn } from './queries.js';
export { SOA_WORKFLOW } from './schemas.js';
