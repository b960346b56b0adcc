// The HTTP server: Fastify with its parsers, error and not-found handlers, hooks and routes.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { AppError } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';
import multipart from '@fastify/multipart';
import { addAuthentication, type Authenticator } from './authenticate.js';
import { registerDocsAndWeb, WEB_DIST } from './docs-and-web.js';
import { errorHandler, rawProblem, sendProblem } from './problem.js';
import { jsonShapeProblem } from './json-limits.js';
import { lazyCompilers } from './lazy-compilers.js';
import { registerProbes } from './probes.js';
import { registerRoute, type RouteSpec, type Services } from './route.js';
import { ResponseCache } from './response-cache.js';
import { appSecurityHeaders } from './security-headers.js';
import type { LedgerAlarm } from '../kernel/alarms.js';

export type { Authenticator } from './authenticate.js';
export { WEB_DIST, webCacheControl } from './docs-and-web.js';
export { securityHeaders } from './security-headers.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface HttpOptions {
  logLevel?: string;
  routes: RouteSpec[];
  auth: Authenticator;
}

/**
 * The HTTP server: problem+json errors, security headers, body parsers, authentication, the
 * routes (as data), the OpenAPI document and its viewer, and the web app. It knows no module:
 * the composition root (src/app.ts) hands it the routes and the authenticator.
 */
export async function buildHttpApp(
  services: Services,
  opts: HttpOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? services.config.logLevel },
    // One line per request, at debug level (below): the default level keeps a quiet console.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: services.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : newId();
    },
    trustProxy: false,
    return503OnClosing: true,
    // ajv and fast-json-stringify are loaded only if a route ever needs them.
    schemaController: lazyCompilers(),
    // Requests Node's HTTP parser refuses never reach a route: answer them as problem+json too.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return;
      const tooLarge = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      socket.end(
        tooLarge
          ? rawProblem('HEADERS_TOO_LARGE', 'The request line or headers are too long.')
          : rawProblem('MALFORMED_REQUEST', 'The HTTP request cannot be read.'),
      );
    },
    // Errors the router raises before any route runs (a bad URL, an over-long path parameter).
    frameworkErrors: (err, req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      // Written before any hook runs, so the security headers are set here too.
      reply.headers({
        'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'SAMEORIGIN',
        'cross-origin-resource-policy': 'same-origin',
      });
      return sendProblem(
        req,
        reply,
        status === 414 ? 'URL_TOO_LONG' : 'MALFORMED_URL',
        status === 414
          ? 'A path segment is too long.'
          : 'The URL is not valid (check its percent-encoding).',
      );
    },
  });
  const { routes } = opts;

  // A ledger alarm is for the operator: logged at error when raised, and at start for those
  // start-up raised.
  const logAlarm = (a: LedgerAlarm) =>
    app.log.error(
      { ledgerAlarm: { orgId: a.orgId, code: a.code } },
      `ledger alarm for organization ${a.orgId}: ${a.message} [${a.code}]; changes to it are refused until the cause is fixed and the server restarted`,
    );
  for (const a of services.keys.alarms.list()) logAlarm(a);
  services.keys.alarms.listen(logAlarm);
  // A credential whose seal does not hold was put in or changed behind the API's back.
  services.keys.credentials.listen((m) =>
    app.log.error(
      { credentialSeal: m },
      `refused a ${m.kind} (${m.id}) whose seal does not match: it was not stored by aims; run aims ledger verify`,
    ),
  );

  app.removeContentTypeParser('text/plain');
  // JSON: the shape is checked before Fastify's own parser (which strips prototype poisoning) runs.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const problem = jsonShapeProblem(body as string);
    if (problem) return done(new AppError('MALFORMED_JSON', problem), undefined);
    return parseJson(req, body as string, done);
  });
  // Import files: only routes that declare these types accept them (the route wrapper answers 415 elsewhere).
  const importLimit = services.config.importLimitBytes;
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: importLimit },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    XLSX_TYPE,
    { parseAs: 'buffer', bodyLimit: importLimit },
    (_req, body, done) => done(null, body),
  );
  // CycloneDX and OSCAL JSON (imports) as text: the importer parses it and names where it is broken.
  app.addContentTypeParser(
    ['application/vnd.cyclonedx+json', 'application/oscal+json'],
    { parseAs: 'string', bodyLimit: importLimit },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    // Unknown app paths get the single-page app; a missing asset is a plain 404, never HTML.
    if (
      !req.url.startsWith('/api/') &&
      !req.url.startsWith('/assets/') &&
      req.method === 'GET' &&
      fs.existsSync(path.join(WEB_DIST, 'index.html'))
    ) {
      return reply.type('text/html').sendFile('index.html', WEB_DIST);
    }
    return sendProblem(
      req,
      reply,
      'ROUTE_NOT_FOUND',
      `No endpoint answers ${req.method} ${req.url.split('?')[0]}.`,
    );
  });

  // The security headers are the same for every answer: written once, set by one hook.
  const security = appSecurityHeaders(services.config.secureCookies);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(cookie);
  // Evidence uploads stream to the blob store; the size limit is enforced while streaming.
  await app.register(multipart, {
    limits: {
      fileSize: services.config.evidenceLimitBytes,
      files: 1,
      fields: 20,
      fieldSize: 100_000,
      parts: 25,
    },
  });

  // What Fastify's own request logging would say, in one line and only at debug level.
  app.addHook('onResponse', async (req, reply) => {
    req.log.debug(
      { method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
  });

  addAuthentication(app, services, opts.auth);

  registerProbes(app, services, '0.1.0');
  // One response cache per app (per process): answers kept by each organization's ledger head.
  const responses = new ResponseCache(services.config.responseCacheBytes);
  for (const spec of routes) registerRoute(app, services, spec, responses);

  await registerDocsAndWeb(app, routes);
  return app;
}
