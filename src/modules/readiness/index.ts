// Readiness: rules, the engine over the read model, coverage of other frameworks; its one public face.
export { evaluate, gaps, summarize, RULES, type RequirementResult } from './engine.js';
export { ASSESSABLE, coverage } from './requirements.js';
export { readinessRoutes } from './routes.js';
export { evaluateShared, evaluationCount } from './shared.js';
