// Life cycle gates (8.1, A.6.2.2–A.6.2.8): criteria per stage as versioned data, their evaluation
// against the records, checks from pipelines, evidence pushed for gates, and overrides. The
// module's one public face; the registers consult a gate on every transition through it.
export { pushGateEvidence, recordGateCheck, updateGateCriteria } from './commands.js';
export {
  DEFAULT_GATES,
  evidenceKind,
  STAGES,
  stageSchema,
  type Criterion,
  type Gate,
} from './criteria.js';
export { consultGate, evaluateGates, systemOf, type Evaluation } from './gate.js';
export { gatesRoutes } from './routes.js';
export { failedLatestGateChecks } from './queries-inbox.js';
export { toCheckResultView, toGateView, type CheckResultView, type GateView } from './schemas.js';
