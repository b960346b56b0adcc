/**
 * The composition root: every module's routes in one list (the OpenAPI document and the
 * generated suites use it) and the HTTP server built from them. The only file that knows both
 * the HTTP layer and every module.
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from './api/http.js';
import type { RouteSpec, Services } from './api/route.js';
import {
  accountRoutes,
  authenticator,
  factorRoutes,
  identityRoutes,
} from './modules/identity/index.js';
import { orgRoutes } from './modules/orgs/index.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { importRoutes, registersRoutes } from './modules/registers/index.js';
import { policyRoutes } from './modules/policies/index.js';
import { concernRoutes } from './modules/concerns/index.js';
import { scopeRoutes } from './modules/scope/index.js';
import { lookupRoutes } from './modules/lookup/index.js';
import { documentRoutes } from './modules/documents/index.js';
import { riskImportRoutes, riskRoutes } from './modules/risks/index.js';
import { aiActRoutes } from './modules/aiact/index.js';
import { impactRoutes } from './modules/impact/index.js';
import { dpiaRoutes } from './modules/dpia/index.js';
import { sectorRoutes } from './modules/sectors/index.js';
import { planningRoutes } from './modules/planning/index.js';
import { soaImportRoutes, soaRoutes } from './modules/soa/index.js';
import { nameRoutes } from './modules/imports/index.js';
import { evidenceRoutes } from './modules/evidence/index.js';
import { readinessRoutes } from './modules/readiness/index.js';
import { dashboardRoutes } from './modules/dashboard/index.js';
import { packRoutes, usePackJobs } from './modules/pack/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { gatesRoutes } from './modules/gates/index.js';
import { incidentRoutes } from './modules/incidents/index.js';
import { nonconformityRoutes } from './modules/nonconformities/index.js';
import { reviewRoutes } from './modules/reviews/index.js';
import { inboxRoutes } from './modules/inbox/index.js';
import { operationsRoutes } from './modules/operations/index.js';
import { monitoringRoutes } from './modules/monitoring/index.js';
import { auditRoutes, programmeRoutes } from './modules/audits/index.js';
import { accessRoutes } from './modules/access/index.js';
import { invitationRoutes } from './modules/invitations/index.js';
import { interchangeRoutes } from './modules/interchange/index.js';

/** Every route of the API, in one list. */
export const ROUTES: RouteSpec[] = [
  ...identityRoutes,
  ...accountRoutes,
  ...factorRoutes,
  ...orgRoutes,
  ...ledgerRoutes,
  ...registersRoutes,
  ...policyRoutes,
  ...concernRoutes,
  ...scopeRoutes,
  ...lookupRoutes,
  ...documentRoutes,
  ...importRoutes,
  ...riskRoutes,
  ...riskImportRoutes,
  ...aiActRoutes,
  ...impactRoutes,
  ...dpiaRoutes,
  ...sectorRoutes,
  ...planningRoutes,
  ...nonconformityRoutes,
  ...programmeRoutes,
  ...auditRoutes,
  ...reviewRoutes,
  ...soaRoutes,
  ...soaImportRoutes,
  ...nameRoutes,
  ...evidenceRoutes,
  ...readinessRoutes,
  ...catalogRoutes,
  ...gatesRoutes,
  ...incidentRoutes,
  ...inboxRoutes,
  ...operationsRoutes,
  ...monitoringRoutes,
  ...accessRoutes,
  ...invitationRoutes,
  ...interchangeRoutes,
  ...dashboardRoutes,
  ...packRoutes,
];

export interface AppOptions {
  logLevel?: string;
  /** Extra routes (tests use this to show the generated suites catch a broken route). */
  extraRoutes?: RouteSpec[];
}

export function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  // The audit packs this process's job worker builds use this app's key and blob stores.
  usePackJobs(services);
  return buildHttpApp(services, {
    logLevel: opts.logLevel,
    routes: [...ROUTES, ...(opts.extraRoutes ?? [])],
    auth: authenticator(services.database.db, services.keys.credentials),
  });
}
