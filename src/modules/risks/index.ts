// Risk criteria (versioned), the risk register, treatments, acceptance, heat map and overview
// (6.1.1–6.1.3, 8.2, 8.3): the module's one public face.
export { acceptRisk } from './acceptance-commands.js';
export { criteriaInput, DEFAULT_CRITERIA } from './criteria.js';
export { updateCriteria } from './criteria-commands.js';
export { createRisk, deleteRisk, markRiskForReview, updateRisk } from './risk-commands.js';
export { addTreatment, updateTreatment } from './treatment-commands.js';
export { riskRoutes } from './routes.js';
export { riskImportRoutes } from './import.js';
// What waits for someone (the inbox).
export { acceptanceState, acceptRefusal } from './acceptance.js';
export { acceptancesDue, mayAccept } from './acceptance-due.js';
export { criteriaFromRow } from './criteria.js';
export { assessedOpenRisks, ownedOpenTreatments } from './queries-inbox.js';
export { criteriaByIds, latestAcceptances, reviewsDue } from './queries.js';
// What the dashboard composes (the overview route's content).
export { riskOverview, riskOverviewView } from './overview.js';
