// Readiness: rules, the engine over the read model, coverage of other frameworks; its one public face.
export { evaluate, gaps, summarize, RULES, type RequirementResult } from './engine.js';
export { ASSESSABLE } from './requirements.js';
export { coverage, type FrameworkCoverage } from './coverage.js';
export { readinessRoutes } from './routes.js';
export { evaluateShared, evaluationCount, perOrgState } from './shared.js';
// What the dashboard composes: the same parts as the routes, for the same caller.
export { frameworksFor, frameworkTotals } from './routes-coverage.js';
export { gapsPage, gapsPageView, groupTally, readinessFor, tally } from './views.js';
