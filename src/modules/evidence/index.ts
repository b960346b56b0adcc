// Evidence: files, links and record references, what they support, and their chain of custody.
// The module's one public face.
export {
  createFileEvidence,
  createLinkEvidence,
  linkEvidence,
  recordDownload,
  unlinkEvidence,
  updateEvidence,
} from './commands.js';
export { evidenceRoutes } from './routes.js';
export { withUploadedFile, type UploadedFile } from './upload.js';
// What waits for someone (the inbox).
export { evidenceEnding } from './queries-inbox.js';
// What coverage of other frameworks credits directly (readiness).
export { frameworkRequirementEvidence } from './queries.js';
export { validityOn } from './schemas.js';
// What the dashboard composes (the list route's page of evidence).
export { evidenceList } from './routes.js';
export { evidenceView } from './schemas.js';
