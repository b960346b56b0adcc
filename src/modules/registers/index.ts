// The registers (4.1, 4.2, 5.3, 7.2, Annex A): their one public face.
import type { RouteSpec } from '../../api/route.js';
export type { RegisterTable } from '../../db/tables.js';
import { importRoutes } from './import-routes.js';
import { registerRoutes } from './routes.js';
import { registerViewRoutes } from './views.js';

export {
  AI_ROLES,
  EU_AI_ACT_TIERS,
  LIFECYCLE_STAGES,
  REGISTERS,
  SECTORS,
  registerByKey,
  registerOf,
  type RegisterSpec,
} from './definitions.js';
export { registerCommands, type RegisterCommands } from './commands.js';
export { transitionAiSystem } from './lifecycle.js';
export { nextStages, type LifecycleStage } from './stages.js';
export { listRecords } from './queries.js';
export { toRecordFields, toRecordView, type RecordFields } from './schemas.js';
export { exportColumns, exportRegister, EXPORT_FORMATS, type ExportFormat } from './export.js';
export { applyImport, planImport, type ImportPlan } from './import.js';

/** The routes of the registers: the catalogue and views, each register's routes, the life cycle. */
export const registersRoutes: RouteSpec[] = [...registerViewRoutes, ...registerRoutes];
/** Each register's import (listed apart so the API document keeps its order). */
export { importRoutes };
// What the dashboard composes.
export { competenceGaps } from './competence-gaps.js';
export { systemsByStage } from './queries.js';
