// The typed client for the aims API, typed from openapi.json. Every call goes through `send`,
// which adds the CSRF header on unsafe methods and turns every error answer into an ApiError
// carrying the problem+json document; there is no untyped way to call the API.
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './generated/openapi';

/** RFC 9457 problem details, as the API answers every error. */
export type Problem = Schema<'Problem'>;
/** A field the problem is about; import problems name the file row and column as well. */
export type FieldError = NonNullable<Problem['errors']>[number];

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

export type Session = Schema<'Session'>;
export type User = Session['user'];
export type Membership = Session['memberships'][number];
export type Role = Schema<'Member'>['role'];
export const ROLES = ['owner', 'manager', 'contributor', 'auditor', 'viewer'] as const;
const _roles: SameValues<(typeof ROLES)[number], Role> = true;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Org = Schema<'Organization'>;
export type Member = Schema<'Member'>;
export type ApiToken = Schema<'ApiToken'>;
/** A ledger event; of a record the caller may not read only its place, time, action and type. */
export type LedgerEvent = Schema<'LedgerEvent'>;

type LedgerQuery = NonNullable<operations['ledger.list']['parameters']['query']>;

/** What the ledger page narrows the list to. */
export interface LedgerFilter {
  order: 'asc' | 'desc';
  entity?: string | null;
  entityId?: string | null;
  userId?: string | null;
  /** A member (membership id, as the member picker gives): what they did. */
  memberId?: string | null;
}

/** The verification report of the ledger. */
export type LedgerVerification = Answer<'ledger.verify'>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token of the signed-in session (null when signed out). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const changeListeners = new Set<(path: string) => void>();

/**
 * Calls `listener` after every change the API accepted (an unsafe method answered 2xx): what
 * the navigation's counts follow. Returns the unsubscribe function.
 */
export function onChangeAccepted(listener: (path: string) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

let asOf: string | null = null;

/**
 * Reads as of a past moment (ISO-8601 UTC), or null for now: while set, every read of an
 * organization carries `?asOf=` (the server rebuilds the records of that moment from the ledger)
 * and no change is sent.
 */
export function setAsOf(moment: string | null) {
  asOf = moment;
}

export const viewingAsOf = () => asOf;

/** Reads of an organization with no as-of view (the server acts on the present for them). */
const PRESENT_ONLY = /^\/api\/v1\/orgs\/[^/?]+\/ledger\/verification(\?|$)/;

function asOfPath(method: string, path: string): string {
  if (!asOf || method !== 'GET' || !/^\/api\/v1\/orgs\/[^/?]+/.test(path)) return path;
  if (PRESENT_ONLY.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}`;
}

/**
 * A record as of the past offers nothing to do: every `abilities` the server computed (what the
 * caller may do with the record now) reads false, so no page shows a button for a change.
 */
function withoutAbilities(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutAbilities);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] =
      k === 'abilities' && x !== null && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.keys(x).map((a) => [a, false]))
        : withoutAbilities(x);
  }
  return out;
}

/** A download link of a read (an export, a report): as of the moment being viewed, if any. */
export const readHref = (path: string) => asOfPath('GET', path);

/** Called whenever the API answers 401 to a signed-in request: the session is gone. */
export function setUnauthorizedHandler(fn: (() => void) | null) {
  onUnauthorized = fn;
}

async function toProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const p = (await res.json()) as Partial<Problem>;
      if (typeof p.detail === 'string' && typeof p.code === 'string') return p as Problem;
    } catch {
      // Fall through to the generic problem below.
    }
  }
  return {
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    detail: `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`,
    code: 'HTTP_ERROR',
    requestId: res.headers.get('x-request-id') ?? '',
  };
}

/** Sends one request of the API as this app does every request: the one place that does. */
async function send(
  method: string,
  path: string,
  init: { headers?: Headers; body?: BodyInit; ifMatch?: number; own401?: boolean } = {},
): Promise<Response> {
  if (asOf && UNSAFE.has(method) && path.startsWith('/api/v1/orgs/'))
    throw new ApiError({
      type: 'about:blank',
      title: 'Read-only',
      status: 0,
      detail: 'You are viewing records as of a past moment: go back to now to make changes.',
      code: 'AS_OF_READ_ONLY',
      requestId: '',
    });
  path = asOfPath(method, path);
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (UNSAFE.has(method) && csrfToken) headers.set('x-csrf-token', csrfToken);
  if (init.ifMatch !== undefined) headers.set('if-match', `"${init.ifMatch}"`);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check the connection and try again.',
      code: 'NETWORK',
      requestId: '',
    });
  }
  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && !init.own401) onUnauthorized?.();
    throw new ApiError(problem);
  }
  if (UNSAFE.has(method)) changeListeners.forEach((l) => l(path));
  return res;
}

/** An answer as the pages get it: as of the past, with nothing offered to do. */
const asRead = <T>(path: string, answer: T): T =>
  /[?&]asOf=/.test(path) ? (withoutAbilities(answer) as T) : answer;

/** Query strings as the API reads them: empty values left out, a list as repeated names. */
function querySerializer(query: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const x of Array.isArray(v) ? v : [v])
      if (x !== undefined && x !== null && x !== '') q.append(k, String(x));
  }
  return q.toString();
}

/**
 * The API client typed from openapi.json (web/src/generated/openapi.ts): a path, its parameters,
 * body and answer are checked by `npx tsc -p web`, so a change of the server breaks the build
 * here instead of a page at run time. Every call goes through `send` (CSRF, as-of, problem+json
 * as ApiError, 401); `call` unwraps the answer.
 */
const typedClient = (own401: boolean) =>
  createClient<paths>({
    querySerializer,
    fetch: async (req: Request) => {
      const url = new URL(req.url);
      const body = UNSAFE.has(req.method) ? await req.blob() : undefined;
      return send(req.method, url.pathname + url.search, {
        headers: req.headers,
        ...(body && body.size > 0 ? { body } : {}),
        ...(own401 ? { own401 } : {}),
      });
    },
  });

export const client = typedClient(false);
/**
 * The same client for the calls that answer 401 themselves (signing in, the session, a reset or
 * invitation link): a 401 is the answer to show, not the end of the session.
 */
export const authClient = typedClient(true);

/**
 * The body of an operation that takes a file or a form as it is (multipart, CSV, a workbook)
 * instead of JSON: spread into a typed call, `{ params, ...fileBody(form) }`.
 */
export const fileBody = (data: Blob | string | FormData, type?: string) => ({
  body: '',
  bodySerializer: () => data,
  ...(type && !(data instanceof FormData) ? { headers: { 'content-type': type } } : {}),
});

/** The data of a typed call (errors were already thrown as ApiError by `send`). */
export async function call<T>(pending: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data, response } = await pending;
  const url = new URL(response.url || 'http://x/', window.location.href);
  return asRead(url.search, data as T);
}

/** The If-Match header of a change based on a record version. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A schema of the API, as openapi.json names it. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The answer of an operation (by operationId) when it succeeds. */
export type Answer<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;
/**
 * True when two unions hold exactly the same values: a list of values the web keeps (for the
 * order of a picker) is declared `const _check: SameValues<...> = true`, so a value the server
 * adds or drops breaks `npx tsc -p web` instead of a page.
 */
export type SameValues<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The JSON body of an operation (by operationId). */
export type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export const seg = encodeURIComponent;
export const orgPath = (org: string) => `/api/v1/orgs/${seg(org)}`;

export function withQuery(path: string, query: Record<string, string | number | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export type SetupInput = Body<'setup.run'>;
export type AddMemberInput = Body<'members.add'>;
export type CreateTokenInput = Body<'tokens.create'>;

const org = (o: string) => ({ org: o });

export const api = {
  setupStatus: () => call(client.GET('/api/v1/setup')),
  setup: (body: SetupInput) => call(client.POST('/api/v1/setup', { body })),

  login: (body: Body<'auth.login'>) => call(authClient.POST('/api/v1/auth/login', { body })),
  /** The current session, or null when nobody is signed in. */
  session: async (): Promise<Session | null> => {
    try {
      return await call(authClient.GET('/api/v1/auth/session'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  logout: () => call(authClient.POST('/api/v1/auth/logout')),

  createOrg: (body: Body<'orgs.create'>) => call(client.POST('/api/v1/orgs', { body })),

  ledger: (o: string, cursor?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/ledger', {
        params: { path: org(o), query: { limit: 50, cursor: cursor ?? undefined } },
      }),
    ),
  ledgerPage: (o: string, f: LedgerFilter, cursor?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/ledger', {
        params: {
          path: org(o),
          query: {
            limit: 50,
            cursor: cursor ?? undefined,
            order: f.order,
            // The page offers the ledger's entity types; the server refuses any other (400).
            entity: (f.entity ?? undefined) as LedgerQuery['entity'],
            entityId: f.entityId ?? undefined,
            userId: f.userId ?? undefined,
            memberId: f.memberId ?? undefined,
          },
        },
      }),
    ),
  verifyLedger: (o: string) =>
    call(client.GET('/api/v1/orgs/{org}/ledger/verification', { params: { path: org(o) } })),

  members: (o: string, cursor?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/members', {
        params: { path: org(o), query: { limit: 200, cursor: cursor ?? undefined } },
      }),
    ),
  addMember: (o: string, body: AddMemberInput) =>
    call(client.POST('/api/v1/orgs/{org}/members', { params: { path: org(o) }, body })),
  updateMember: (o: string, m: Pick<Member, 'id' | 'version'>, body: Body<'members.update'>) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/members/{memberId}', {
        params: { path: { ...org(o), memberId: m.id } },
        headers: ifMatch(m.version),
        body,
      }),
    ),
  removeMember: (o: string, m: Pick<Member, 'id' | 'version'>) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/members/{memberId}', {
        params: { path: { ...org(o), memberId: m.id } },
        headers: ifMatch(m.version),
      }),
    ),

  tokens: (o: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/tokens', { params: { path: org(o), query: { limit: 200 } } }),
    ),
  createToken: (o: string, body: CreateTokenInput) =>
    call(client.POST('/api/v1/orgs/{org}/tokens', { params: { path: org(o) }, body })),
  revokeToken: (o: string, t: Pick<ApiToken, 'id' | 'version'>) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/tokens/{tokenId}', {
        params: { path: { ...org(o), tokenId: t.id } },
        headers: ifMatch(t.version),
      }),
    ),
};

/** Whether the membership allows an action, as the API reported it. */
export const can = (m: Pick<Membership, 'abilities'> | null | undefined, action: string) =>
  !!m && m.abilities.includes(action);
