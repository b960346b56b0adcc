// Monitoring and measurement (9.1, A.6.2.6; EU AI Act Art. 15 and 72): metric definitions,
// batches of measurements, breach episodes, the accuracy log. Its one public face.
export { defineMetric, editMetric } from './commands.js';
export { ingestPoints, batchHash, type Ingested } from './ingest.js';
export { classify } from './evaluate.js';
export { monitoringRoutes } from './routes.js';
export { monitoringReadiness } from './readiness.js';
export { MAX_BATCH } from './schemas.js';
export { breachSummaries } from './queries.js';
