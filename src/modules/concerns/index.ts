// Concerns about AI systems (A.3.3), from members and through the public link: the module's
// one public face.
export { reportConcern, reportPublicConcern, triageConcern } from './commands.js';
export { concernRoutes } from './routes.js';
// What waits for someone (the inbox).
export { openConcernCount, openConcerns } from './queries-inbox.js';
