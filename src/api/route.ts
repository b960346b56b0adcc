// Running a route: registerRoute wires a RouteSpec (route-spec.ts) into Fastify with its
// authentication, authorization, input parsing, If-Match, as-of reads, response cache and
// response check. Also re-exports what route tables import from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveOrg, authorize, ledgerHead } from '../kernel/authorize.js';
import { parseInput } from '../kernel/commands.js';
import type { Context, OrgAccess } from '../kernel/context.js';
import { AppError } from '../kernel/errors.js';
import { PERMISSIONS } from '../kernel/permissions.js';
import { asOfServices, takeAsOf } from './as-of.js';
import { refParamsOf, resolveRefParams } from './ref-params.js';
import { stripper, type Strip } from './strip.js';
import { checkResponses } from '../config.js';
import {
  cacheKey,
  countLookup,
  etagOf,
  notModified,
  type ResponseCache,
} from './response-cache.js';
import type { Result, RouteSpec, Services } from './route-spec.js';

export {
  defineRoute,
  type Call,
  type HttpMethod,
  type Result,
  type RouteSpec,
  type Services,
} from './route-spec.js';
export { commandRoute, EXAMPLE_IDS, exampleId, orgParam, uuid } from './command-route.js';
export { decodeCursor, encodeCursor, page, pageQuery, toPage } from '../kernel/paging.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(value);
  if (!m)
    throw new AppError(
      'PRECONDITION_INVALID',
      'If-Match must be an ETag from this API, such as "3".',
      [{ pointer: '/headers/if-match', message: 'Not a version ETag.' }],
    );
  return Number(m[1]);
}

/**
 * The reports that may read from a replica, beside every list and export: what they show is a
 * summary that a few seconds of lag does not make wrong.
 */
const REPLICA_REPORTS = new Set([
  'dashboard.get',
  'readiness.get',
  'readiness.gaps',
  'risks.heatmap',
  'risks.overview',
  'incidents.timeline',
]);

/**
 * Whether a route reads from the read replica (when one is configured): GET routes that list or
 * export (`*.list`, `*.export`) and the reports above, unless the route says otherwise. Single
 * records (`*.get`) stay on the primary: a client that just changed one reads it back with its
 * new version (ETag) and must not see an older one. Commands never read from the replica.
 */
export function readsFromReplica(spec: Pick<RouteSpec, 'method' | 'operationId' | 'reads'>) {
  if (spec.method !== 'GET') return false;
  if (spec.reads) return spec.reads === 'replica';
  return /\.(list|export)$/.test(spec.operationId) || REPLICA_REPORTS.has(spec.operationId);
}

export function contextFor(services: Services, req: FastifyRequest): Context {
  return {
    database: services.database,
    keys: services.keys,
    actor: req.actor,
    requestId: String(req.id),
    now: services.now,
    reactions: services.reactions,
  };
}

/**
 * The strip pass does not validate (the body is the server's own). Under test
 * (AIMS_CHECK_RESPONSES=1, set by vitest.config.ts) every answer is also parsed with its schema:
 * one that breaks the documented contract, or that the strip pass makes into something other
 * than what `parse` gives, fails the request, so every test that calls a route checks its answer.
 */
const CHECK_RESPONSES = checkResponses();

function checkResponse(spec: RouteSpec, body: unknown, stripped: unknown) {
  const parsed = spec.response.schema!.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `${spec.method} ${spec.url}: the answer does not match its schema: ${parsed.error.message}`,
    );
  if (JSON.stringify(parsed.data) !== JSON.stringify(stripped))
    throw new Error(`${spec.method} ${spec.url}: the strip pass differs from the schema's parse`);
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function registerRoute(
  app: FastifyInstance,
  services: Services,
  spec: RouteSpec,
  responses?: ResponseCache,
) {
  if (spec.auth === 'org' && !(spec.action && spec.action in PERMISSIONS)) {
    throw new Error(`${spec.method} ${spec.url} must declare an action of the permission matrix`);
  }
  // Whether the route is cached is read at its first request: a lazy route (src/api/lazy-route.ts)
  // is not built at start.
  const responsesOn = responses && responses.maxBytes > 0 ? responses : undefined;
  let cacheOf: ResponseCache | null | undefined;
  const cacheOfRoute = () => {
    if (spec.cache && (spec.method !== 'GET' || spec.auth !== 'org'))
      throw new Error(`${spec.method} ${spec.url}: only GET routes of an organization are cached`);
    return (cacheOf = (spec.cache && responsesOn) || null);
  };
  // What the handler sees: the replica in place of the database for the reads that may lag.
  const handlerServices =
    services.readDatabase && readsFromReplica(spec)
      ? { ...services, database: services.readDatabase }
      : services;
  const refParams = spec.auth === 'org' ? refParamsOf(spec.params) : [];
  // The response's strip pass, written at the route's first answer (not at start).
  let strip: Strip | undefined;
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.logLevel ? { logLevel: spec.logLevel as 'warn' } : {}),
    handler: async (req, reply) => {
      if (spec.auth !== 'public' && !req.actor) throw new AppError('UNAUTHENTICATED');
      if (
        req.actor?.kind === 'user' &&
        req.actor.via === 'session' &&
        UNSAFE.has(spec.method) &&
        spec.auth !== 'public'
      ) {
        const sent = req.headers['x-csrf-token'];
        if (!req.csrfToken || sent !== req.csrfToken) throw new AppError('CSRF_FAILED');
      }
      if (spec.auth === 'user' && req.actor?.kind === 'user' && req.actor.via === 'token') {
        // Tokens are bound to one organization; account-level routes need a session.
        throw new AppError('TOKEN_SCOPE', 'API tokens act within their organization only.');
      }
      let params = spec.params ? parseInput(spec.params, req.params, 'params') : req.params;
      let access: OrgAccess = undefined as unknown as OrgAccess;
      if (spec.auth === 'org') {
        access = await resolveOrg(
          services.database.db,
          req.actor,
          String((params as Record<string, unknown>).org),
          req.knownOrg,
        );
        authorize(access, spec.action!);
      }
      const asOf = takeAsOf(spec, req, services.now());
      const cache = cacheOf === undefined ? cacheOfRoute() : cacheOf;
      // The response cache: a kept answer under the head read with the membership just now.
      let kept: { seq: number; hash: string; key: string } | null = null;
      if (cache && !asOf.at) {
        let head = access.head;
        if (handlerServices !== services) {
          // The handler reads a replica: key by the replica's head, which its reads are not behind.
          head = await ledgerHead(handlerServices.database.db, access.orgId);
        }
        const key = head ? cacheKey(spec.cache!, req, access, services.now()) : '';
        const hit = head ? cache.lookup(access.orgId, head.seq, head.hash, key) : null;
        countLookup(spec.url, hit ? 'hit' : hit === undefined ? 'miss' : 'bypass');
        if (hit) return sendKept(req, reply, hit.body, hit.etag);
        if (hit === undefined) kept = { seq: head!.seq, hash: head!.hash, key };
      } else if (cache) countLookup(spec.url, 'bypass');
      const query = spec.query ? parseInput(spec.query, asOf.query, 'query') : asOf.query;
      // Decided from the header: a parser that leaves no body (multipart) must not pass as bodyless.
      const accepts = spec.consumes ?? ['application/json'];
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (UNSAFE.has(spec.method) && (type !== '' || spec.consumes) && !accepts.includes(type)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${accepts.join(' or ')}.`);
      }
      const body =
        spec.body && UNSAFE.has(spec.method)
          ? parseInput(spec.body, req.body ?? {}, 'body')
          : undefined;
      const ifMatch = spec.ifMatch
        ? parseIfMatch(req.headers['if-match'] as string | undefined)
        : undefined;
      // Read as of a past moment: the same handler on the organization's snapshot at that moment.
      const past = asOf.at ? await asOfServices(services, access.orgId, asOf.at) : null;
      let result: Result;
      try {
        if (refParams.length > 0) {
          const at = past?.services.database.db;
          params = await resolveRefParams(
            services.database.db,
            access.orgId,
            params,
            refParams,
            at,
          );
        }
        const svc = past?.services ?? handlerServices;
        if (past) reply.header('aims-as-of', `${past.seq}@${asOf.at}`);
        result = await spec.handler({
          ctx: contextFor(svc, req),
          services: svc,
          access,
          params,
          query,
          body,
          rawBody: req.body,
          ifMatch,
          req,
          reply,
        });
      } finally {
        past?.release();
      }
      if (result.etag !== undefined) reply.header('etag', `"${result.etag}"`);
      reply.status(result.status ?? spec.response.status);
      if (result.file) {
        return reply
          .header('content-disposition', `attachment; filename="${result.file.filename}"`)
          .type(result.file.contentType)
          .send(result.file.data);
      }
      if (spec.response.schema === null) return reply.send();
      strip ??= stripper(spec.response.schema);
      const out = strip(result.body);
      if (CHECK_RESPONSES) checkResponse(spec, result.body, out);
      if (cache && !asOf.at && reply.statusCode === 200 && result.etag === undefined) {
        const bytes = Buffer.from(JSON.stringify(out));
        const etag = etagOf(bytes);
        if (kept) cache.store(access.orgId, kept.seq, kept.hash, kept.key, { body: bytes, etag });
        return sendKept(req, reply, bytes, etag);
      }
      return reply.send(out);
    },
  });
}

/** An answer of a cached route (kept or just made): 304 when the client holds these bytes. */
function sendKept(req: FastifyRequest, reply: FastifyReply, body: Buffer, etag: string) {
  // Every client asks again each time (no-cache) and only its own browser keeps it (private).
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (notModified(req.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.status(200).type(JSON_TYPE).send(body);
}
