// Imports from CSV and XLSX shared by the registers, the risk register and the Statement of
// Applicability (the file's hash recognizes a second import), and the duplicate-name check of
// the forms: the module's one public face.
export {
  choices,
  enumValue,
  listOf,
  loose,
  nameIndex,
  nameKey,
  readHeader,
  yesNo,
  type ImportColumn,
  type ImportError,
} from './cells.js';
export {
  alreadyImported,
  answerImport,
  importProblem,
  readImportFile,
  type ImportPlan,
  type PlannedRow,
} from './engine.js';
export { fileImportRoutes, type FileImport } from './file-routes.js';
export { membersNamed } from './queries.js';
export { importOptions, importOutcome, type ImportOptions, type ImportOutcome } from './schemas.js';
export { nameRoutes } from './routes.js';
