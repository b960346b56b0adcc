// Routes as data: what a route declares (RouteSpec), what its handler gets (Call) and answers
// (Result), and the services the app holds for its lifetime. registerRoute (route.ts) runs them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/connect.js';
import type { KnownOrg } from '../kernel/authorize.js';
import type { Actor, Context, OrgAccess, Reaction } from '../kernel/context.js';
import type { KeyStore } from '../kernel/keys.js';
import type { Action } from '../kernel/permissions.js';
import type { AttemptLimiter } from '../kernel/attempt-limiter.js';
import type { Blobs } from '../blobs/store.js';
import { widenRefParams } from './ref-params.js';
import type { CacheMode } from './response-cache.js';
import type { Config } from '../config.js';

/** What the app holds for its lifetime. */
export interface Services {
  config: Config;
  database: Database;
  /**
   * Where reads that may lag go (a PostgreSQL read replica, AIMS_DATABASE_READ_URL): the GET
   * routes `readsFromReplica` names. Absent: everything reads the primary.
   */
  readDatabase?: Database;
  keys: KeyStore;
  loginLimiter: AttemptLimiter;
  blobs: Blobs;
  /** Limits anonymous submissions (public concern reports) per client address. */
  publicLimiter: AttemptLimiter;
  now: () => Date;
  /** What follows from every command in its transaction (Context.reactions). */
  reactions?: readonly Reaction[];
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token of the cookie session, when the caller signed in with a cookie. */
    csrfToken: string | null;
    /** The organization of the path as read with the credential (src/api/http.ts), or null. */
    knownOrg: KnownOrg | null;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * A route as data: its method and path, who may call it, the action it performs (one entry of the
 * permission matrix), its schemas and an example body. The OpenAPI document and the generated
 * suites are built from the same list.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Who may call: `public` everyone, `user` every signed-in user, `org` a member of the `:org` in the path. */
  auth: 'public' | 'user' | 'org';
  action?: Action;
  params?: P;
  query?: Q;
  body?: B;
  /** A valid body, used in the documentation and by the generated suites. */
  example?: unknown;
  /** Media types the body may have (default: application/json when there is a body). */
  consumes?: string[];
  /** Whether the route reads If-Match (and answers 412 when stale). */
  ifMatch?: boolean;
  response: { status: number; schema: z.ZodType | null; description: string; files?: string[] };
  /** Error statuses beyond the common ones. */
  errors?: number[];
  /**
   * Where a GET route reads: 'replica' when a lagging answer is acceptable (see
   * `readsFromReplica` for the default). Authorization always reads the primary.
   */
  reads?: 'primary' | 'replica';
  /** Log level of this route's request lines: 'warn' keeps client addresses out of the logs. */
  logLevel?: string;
  /**
   * `false`: the route has no as-of view (it acts on the present, as verifying the ledger does).
   * Every other GET route of an organization answers `?asOf=` (src/api/as-of.ts).
   */
  asOf?: false;
  /**
   * Keep the answer in the response cache by the organization's ledger head (src/api/response-cache.ts):
   * only for GET routes of an organization whose answer is made of ledgered records, the
   * caller's access and, with `head+minute`, the clock (to the minute). Nothing else: no
   * sessions, metric points, files or other unledgered rows.
   */
  cache?: CacheMode;
  handler(call: Call<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<Result>;
}

export interface Call<P, Q, B> {
  ctx: Context;
  services: Services;
  access: OrgAccess;
  params: P;
  query: Q;
  body: B;
  rawBody: unknown;
  ifMatch: number | undefined;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface Result {
  body?: unknown;
  status?: number;
  etag?: number;
  /** A file answer (exports): sent as is with this content type. */
  file?: { contentType: string; filename: string; data: string | Buffer | NodeJS.ReadableStream };
}

/** A route as data; path parameters that name a record with a readable id accept it (ref-params.ts). */
export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  r: RouteSpec<P, Q, B>,
) => ({ ...r, params: widenRefParams(r.params) }) as unknown as RouteSpec;
