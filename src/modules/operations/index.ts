/**
 * Operational planning records (8.2–8.4): risk assessments and AI system impact assessments
 * performed at their planned dates and after significant changes, and risk treatment carried
 * out, computed from the risks, treatments, impact assessments and AI system changes. Read only;
 * its one public face.
 */
export {
  DUE_SOON_DAYS,
  operationsOf,
  risksOwingReassessment,
  window as operationsWindow,
} from './operations.js';
export { operationsRoutes } from './routes.js';
export type { OperationsView, RiskOperationView, SystemOperationView } from './schemas.js';
