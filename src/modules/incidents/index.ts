/**
 * AI incidents (ISO/IEC 42001 A.8.4, A.6.2.6, A.8.3, A.8.5; EU AI Act Art. 73; NIS2 Art. 23; DORA
 * Art. 19): the record, its timeline, communications and reports, links to risks, and the legal
 * reporting clocks a serious incident starts. Its one public face.
 *
 * Other modules open incidents with `openIncident(tx, input)` inside their own command (a
 * monitoring module on a metric breach: source 'monitoring', sourceRef naming the breach, systems
 * naming the AI system and model version, a title, description and severity).
 */
export {
  classifyIncident,
  closeIncident,
  configureIncidents,
  createIncident,
  openIncident,
  setIncidentStatus,
  updateIncident,
} from './commands.js';
export {
  addTimelineEntry,
  linkIncidentRisk,
  recordCommunication,
  recordReport,
  unlinkIncidentRisk,
} from './entry-commands.js';
export { CLOCK_KEYS, SERIOUS_CASES } from './clocks.js';
export { clockSummary, clockSummaryView, openClocks } from './open-clocks.js';
export { unclassifiedIncidents } from './queries-inbox.js';
export { incidentRoutes } from './routes.js';
