// The typed client for the aims API, typed from openapi.json: the calls of the shell (setup,
// sign-in, organizations, ledger, members, tokens) and the types the pages share. Every call goes
// through `send` (api-transport.ts), which adds the CSRF header on unsafe methods and turns every
// error answer into an ApiError carrying the problem+json document; there is no untyped way to
// call the API. This module re-exports the transport and type helpers, so features import one place.
import type { operations } from './generated/openapi';
import { ApiError, authClient, call, client, ifMatch } from './api-transport';
import type { Answer, Body, SameValues, Schema } from './api-types';

export {
  ApiError,
  authClient,
  call,
  client,
  fileBody,
  ifMatch,
  onChangeAccepted,
  readHref,
  setAsOf,
  setCsrfToken,
  setUnauthorizedHandler,
  viewingAsOf,
  type FieldError,
  type Problem,
} from './api-transport';
export type { Answer, Body, SameValues, Schema } from './api-types';

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
