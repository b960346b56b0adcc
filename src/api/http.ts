import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { AppError } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';
import multipart from '@fastify/multipart';
import { buildOpenApi } from './openapi.js';
import { errorHandler, rawProblem, sendProblem } from './problem.js';
import { jsonShapeProblem } from './json-limits.js';
import { lazyCompilers } from './lazy-compilers.js';
import { isProbe, registerProbes } from './probes.js';
import { registerRoute, type RouteSpec, type Services } from './route.js';
import { ResponseCache } from './response-cache.js';
import type { KnownOrg } from '../kernel/authorize.js';
import type { Actor } from '../kernel/context.js';
import type { LedgerAlarm } from '../kernel/alarms.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../web/dist');
const require = createRequire(import.meta.url);

/**
 * Files under assets/ have a hash of their content in their name (Vite): cached for a year and
 * never asked again; everything else (index.html) is checked with the server each time.
 */
export const webCacheControl = (file: string) =>
  path.relative(WEB_DIST, file).split(path.sep)[0] === 'assets'
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';

type HelmetOptions = Record<string, unknown>;
type Middleware = (
  req: unknown,
  res: { setHeader(name: string, value: string): void; removeHeader(name: string): void },
  next: (err?: unknown) => void,
) => void;

/**
 * The security headers helmet writes (the helmet that @fastify/helmet uses, with the same
 * options), worked out once: with no per-request directive they are the same for every answer,
 * and @fastify/helmet would build the middleware again and run it for each request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const fromPlugin = createRequire(require.resolve('@fastify/helmet'));
  const helmet = fromPlugin('helmet') as (o: HelmetOptions) => Middleware;
  const headers: Record<string, string> = {};
  helmet(options)(
    {},
    {
      setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
      removeHeader: (name) => void delete headers[name.toLowerCase()],
    },
    (err) => {
      if (err) throw err;
    },
  );
  return headers;
}

/**
 * How a request proves who it is, supplied by the identity module: a bearer API token, or the
 * session cookie (with the CSRF token unsafe requests must echo).
 */
export interface Authenticator {
  sessionCookie: string;
  /**
   * Given `orgRef` (the organization the request's path names), the credential is read in one
   * query with that organization, the user's membership and the ledger head, handed back as `org`.
   */
  byToken(
    token: string,
    now: Date,
    orgRef?: string,
  ): Promise<{ actor: Actor; org?: KnownOrg } | null>;
  bySession(
    cookie: string,
    now: Date,
    orgRef?: string,
  ): Promise<{ actor: Actor; csrfToken: string; org?: KnownOrg } | null>;
}

/** What an organization's slug or id may look like (the joined credential lookup reads only these). */
const ORG_REF = /^[A-Za-z0-9-]{1,100}$/;

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
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only meaningful behind TLS; on plain http it would break every asset of the app.
        upgradeInsecureRequests: services.config.secureCookies ? [] : null,
      },
    },
    hsts: services.config.secureCookies,
  });
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

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
    if (isProbe(req.routeOptions.config)) return;
    req.actor = null;
    req.csrfToken = null;
    req.knownOrg = null;
    const authz = req.headers.authorization;
    const now = services.now();
    // A route of an organization: its organization and the caller's membership are read with the
    // credential, in the same query (resolveOrg uses them only for this same ref and user). Only
    // a ref shaped like a slug or an id; every other ref (a NUL, other text) is left to the route to
    // refuse or resolve, by the route's own checks, as before.
    const orgParam = (req.params as Record<string, unknown> | undefined)?.org;
    const orgRef = typeof orgParam === 'string' && ORG_REF.test(orgParam) ? orgParam : undefined;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const t = m ? await opts.auth.byToken(m[1]!, now, orgRef) : null;
      if (!t)
        throw new AppError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked.');
      req.actor = t.actor;
      req.knownOrg = t.org ?? null;
      return;
    }
    const cookieToken = req.cookies[opts.auth.sessionCookie];
    if (cookieToken) {
      const s = await opts.auth.bySession(cookieToken, now, orgRef);
      if (s) {
        req.actor = s.actor;
        req.csrfToken = s.csrfToken;
        req.knownOrg = s.org ?? null;
      }
    }
  });

  registerProbes(app, services, '0.1.0');
  // One response cache per app (per process): answers kept by each organization's ledger head.
  const responses = new ResponseCache(services.config.responseCacheBytes);
  for (const spec of routes) registerRoute(app, services, spec, responses);

  // Built at the first request for it, not at start (a quarter of the start-up time).
  let doc: ReturnType<typeof buildOpenApi> | undefined;
  app.get('/api/openapi.json', async () => (doc ??= buildOpenApi(routes)));

  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  await app.register(fastifyStatic, {
    root: swaggerDir,
    prefix: '/api/docs/assets/',
    decorateReply: false,
    index: false,
  });
  app.get('/api/docs', async (_req, reply) =>
    reply.type('text/html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aims API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`),
  );
  app.get('/api/docs/init.js', async (_req, reply) =>
    reply
      .type('application/javascript')
      .send(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs' });`),
  );

  if (fs.existsSync(WEB_DIST)) {
    // wildcard: files built after start are served too.
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (web/vite.config.ts): sent when accepted.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', webCacheControl(file));
        res.setHeader('vary', 'accept-encoding');
      },
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><html lang="en"><body><p>The web app is not built: run <code>npm run build:web</code>.</p></body></html>',
        ),
    );
  }
  return app;
}
