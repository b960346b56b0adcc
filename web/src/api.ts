// The typed client for the aims API. Every call goes through `request`, which adds the CSRF
// header on unsafe methods, sends JSON only when there is a body, and turns every error answer
// into an ApiError carrying the problem+json document.

export interface FieldError {
  pointer: string;
  message: string;
  /** Import problems name the file row and column as well. */
  row?: number;
  column?: string;
}

/** RFC 9457 problem details, as the API answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

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

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  orgId: string;
  slug: string;
  name: string;
  role: Role;
  abilities: string[];
  /** The organization's ledger is in alarm: changes are refused until the operator has looked. */
  ledgerAlarm: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
  memberships: Membership[];
  expiresAt: string;
}

export const ROLES = ['owner', 'manager', 'contributor', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Org {
  id: string;
  slug: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** What the caller may do with this member now, as the server decides. */
  abilities: { update: boolean; remove: boolean };
  version: number;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  scopes: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  /** What the caller may do with this token now, as the server decides. */
  abilities: { revoke: boolean };
  version: number;
  createdAt: string;
}

/** A ledger event; of a record the caller may not read only its place, time, action and type. */
export interface LedgerEvent {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  version: number | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
  redacted: boolean;
  /** The record's state after the event (null when deleted or not shown to the caller). */
  state?: Record<string, unknown> | null;
}

/** What the ledger page narrows the list to. */
export interface LedgerFilter {
  order: 'asc' | 'desc';
  entity?: string | null;
  entityId?: string | null;
  userId?: string | null;
}

/** The verification report, as far as the ledger page shows it. */
export interface LedgerVerification {
  ok: boolean;
  events: number;
  checkpoints: number;
  records: number;
  firstBroken: { seq: number | null; code: string; message: string } | null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token of the signed-in session (null when signed out). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const changeListeners = new Set<() => void>();

/**
 * Calls `listener` after every change the API accepted (an unsafe method answered 2xx): what
 * the navigation's counts follow. Returns the unsubscribe function.
 */
export function onChangeAccepted(listener: () => void): () => void {
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

interface RequestOptions {
  body?: unknown;
  /** The record version this change is based on; sent as If-Match. */
  ifMatch?: number;
  /** Leave 401 to the caller instead of treating it as the end of the session. */
  own401?: boolean;
  /** A body sent as it is (a file), with its media type, instead of JSON. */
  raw?: { data: Blob | string; type: string };
  /** A multipart body: the browser sets the media type with its boundary, so no content-type here. */
  form?: FormData;
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

export async function request<T>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
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
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.raw) headers['content-type'] = opts.raw.type;
  else if (opts.form) {
    // Left to the browser: it adds the multipart boundary.
  } else if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.form
        ? { body: opts.form }
        : opts.raw
          ? { body: opts.raw.data }
          : opts.body !== undefined
            ? { body: JSON.stringify(opts.body) }
            : {}),
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
    if (res.status === 401 && !opts.own401) onUnauthorized?.();
    throw new ApiError(problem);
  }
  if (UNSAFE.has(method)) changeListeners.forEach((l) => l());
  if (res.status === 204) return undefined as T;
  const answer = (await res.json()) as T;
  return path.includes('asOf=') ? (withoutAbilities(answer) as T) : answer;
}

export const seg = encodeURIComponent;
export const orgPath = (org: string) => `/api/v1/orgs/${seg(org)}`;

export function withQuery(path: string, query: Record<string, string | number | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export interface SetupInput {
  /** Also load the example AIMS into the new organization. */
  withExample?: boolean;
  orgName: string;
  name?: string;
  email: string;
  password: string;
}

export interface AddMemberInput {
  email: string;
  role: Role;
  name?: string;
  password?: string;
}

export interface CreateTokenInput {
  name: string;
  scopes: string[];
  expiresAt?: string;
}

export const api = {
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/v1/setup'),
  setup: (body: SetupInput) =>
    request<{ org: { id: string; slug: string; name: string }; user: User }>(
      'POST',
      '/api/v1/setup',
      { body },
    ),

  login: (body: { email: string; password: string; code?: string }) =>
    request<Session>('POST', '/api/v1/auth/login', { body, own401: true }),
  /** The current session, or null when nobody is signed in. */
  session: async (): Promise<Session | null> => {
    try {
      return await request<Session>('GET', '/api/v1/auth/session', { own401: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  logout: () => request<void>('POST', '/api/v1/auth/logout', { own401: true }),

  createOrg: (body: { name: string; slug?: string }) =>
    request<Org>('POST', '/api/v1/orgs', { body }),

  ledger: (org: string, cursor?: string | null) =>
    request<Page<LedgerEvent>>('GET', withQuery(`${orgPath(org)}/ledger`, { limit: 50, cursor })),
  ledgerPage: (org: string, f: LedgerFilter, cursor?: string | null) =>
    request<Page<LedgerEvent>>(
      'GET',
      withQuery(`${orgPath(org)}/ledger`, { limit: 50, cursor, ...f }),
    ),
  verifyLedger: (org: string) =>
    request<LedgerVerification>('GET', `${orgPath(org)}/ledger/verification`),

  members: (org: string, cursor?: string | null) =>
    request<Page<Member>>('GET', withQuery(`${orgPath(org)}/members`, { limit: 200, cursor })),
  addMember: (org: string, body: AddMemberInput) =>
    request<Member>('POST', `${orgPath(org)}/members`, { body }),
  updateMember: (org: string, m: Pick<Member, 'id' | 'version'>, body: { role: Role }) =>
    request<Member>('PATCH', `${orgPath(org)}/members/${seg(m.id)}`, { body, ifMatch: m.version }),
  removeMember: (org: string, m: Pick<Member, 'id' | 'version'>) =>
    request<void>('DELETE', `${orgPath(org)}/members/${seg(m.id)}`, { ifMatch: m.version }),

  tokens: (org: string) =>
    request<Page<ApiToken>>('GET', withQuery(`${orgPath(org)}/tokens`, { limit: 200 })),
  createToken: (org: string, body: CreateTokenInput) =>
    request<ApiToken & { token: string }>('POST', `${orgPath(org)}/tokens`, { body }),
  revokeToken: (org: string, t: Pick<ApiToken, 'id' | 'version'>) =>
    request<ApiToken>('DELETE', `${orgPath(org)}/tokens/${seg(t.id)}`, { ifMatch: t.version }),
};

/** Whether the membership allows an action, as the API reported it. */
export const can = (m: Pick<Membership, 'abilities'> | null | undefined, action: string) =>
  !!m && m.abilities.includes(action);
