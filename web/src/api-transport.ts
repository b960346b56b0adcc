// How this app talks to the API: every request goes through `send`, which adds the CSRF header on
// unsafe methods, reads as of a past moment when one is viewed, and turns every error answer into
// an ApiError carrying the problem+json document; `client` and `authClient` are typed on top of it.
import createClient from 'openapi-fetch';
import type { paths } from './generated/openapi';
import type { Schema } from './api-types';

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
