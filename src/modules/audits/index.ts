// Internal audit (9.2): the audit programme, audits, their checklists and findings. The one public face.
export { approveProgramme, draftProgramme, editProgramme } from './programme-commands.js';
export {
  closeAudit,
  communicateReport,
  planAudit,
  reportAudit,
  startAudit,
  updateAudit,
} from './commands.js';
export { addFinding, recordChecklistItem } from './record-commands.js';
export { conflictsOf } from './independence.js';
export { auditRoutes } from './routes.js';
export { programmeRoutes } from './programme-routes.js';
export { auditsAwaitingLead, auditSummaries } from './queries.js';
