/**
 * The composition root: every module's routes in one list (the OpenAPI document and the
 * generated suites use it) and the HTTP server built from them. The only file that knows both
 * the HTTP layer and every module.
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from './api/http.js';
import type { RouteSpec, Services } from './api/route.js';
import { identityRoutes } from './modules/identity/routes.js';
import { authenticator } from './modules/identity/sessions.js';
import { orgRoutes } from './modules/orgs/routes.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { importRoutes, registersRoutes } from './modules/registers/index.js';
import { policyRoutes } from './modules/policies/routes.js';
import { concernRoutes } from './modules/concerns/routes.js';
import { scopeRoutes } from './modules/scope/index.js';
import { documentRoutes } from './modules/documents/module.js';
import { riskRoutes } from './modules/risks/routes.js';
import { aiActRoutes } from './modules/aiact/routes.js';
import { impactRoutes } from './modules/impact/module.js';
import { planningRoutes } from './modules/planning/module.js';
import { soaRoutes } from './modules/soa/module.js';
import { evidenceRoutes } from './modules/evidence/module.js';
import { readinessRoutes } from './modules/readiness/routes.js';
import { catalogRoutes } from './modules/catalog/index.js';

/** Every route of the API, in one list. */
export const ROUTES: RouteSpec[] = [
  ...identityRoutes,
  ...orgRoutes,
  ...ledgerRoutes,
  ...registersRoutes,
  ...policyRoutes,
  ...concernRoutes,
  ...scopeRoutes,
  ...documentRoutes,
  ...importRoutes,
  ...riskRoutes,
  ...aiActRoutes,
  ...impactRoutes,
  ...planningRoutes,
  ...soaRoutes,
  ...evidenceRoutes,
  ...readinessRoutes,
  ...catalogRoutes,
];

export interface AppOptions {
  logLevel?: string;
  /** Extra routes (tests use this to show the generated suites catch a broken route). */
  extraRoutes?: RouteSpec[];
}

export function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  return buildHttpApp(services, {
    logLevel: opts.logLevel,
    routes: [...ROUTES, ...(opts.extraRoutes ?? [])],
    auth: authenticator(services.database.db),
  });
}
