// Access matched to responsibilities: assignments of members to AI systems; its one public face.
// (The setting is the organization's, src/modules/orgs; the rule is the kernel's,
// src/kernel/system-scope.ts.)
export { assignMember, unassignMember } from './commands.js';
export { accessRoutes } from './routes.js';
