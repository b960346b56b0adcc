// The audit pack (issue 16): one archive an auditor can verify without aims. Its one public face.
export { buildPack, type PackProgress, type PackResult, type PackServices } from './build.js';
export { verifyPack, type PackProblem, type PackReport } from './verify.js';
export { PATHS as PACK_PATHS, type Manifest as PackManifest } from './format.js';
export { packRoutes } from './routes.js';
export { usePackJobs, PACK_JOB } from './jobs.js';
