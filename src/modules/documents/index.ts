// Documented information (7.5): its one public face.
export {
  approveDocumentVersion,
  createDocument,
  draftDocumentVersion,
  updateDocument,
} from './commands.js';
export { publishRegister } from './publish-register.js';
export { documentRoutes } from './routes.js';
// What waits for approval (the inbox).
export { draftDocumentVersions } from './queries-inbox.js';
export { DOCUMENT_WORKFLOW } from './schemas.js';
