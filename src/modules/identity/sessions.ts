import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../kernel/context.js';
import { apiTokenParts, sessionParts, type CredentialKey } from '../../kernel/credentials.js';
import { newId, secret, sha256Hex } from '../../kernel/ids.js';
import type { KnownOrg, OrgRow } from '../../kernel/authorize.js';
import {
  apiTokenByHash,
  apiTokenWithOrgByHash,
  sessionByTokenHash,
  sessionWithOrgByTokenHash,
} from './queries.js';

export const SESSION_COOKIE = 'aims_session';

/**
 * Starts a session; the cookie carries a random secret of which only the hash is stored, sealed
 * with the credential key.
 */
export async function createSession(
  db: Kysely<DB>,
  credentials: CredentialKey,
  userId: string,
  now: Date,
  ttlHours: number,
  client: { userAgent?: string | undefined; ip?: string | undefined } = {},
) {
  const token = secret();
  const csrf = secret(24);
  const expires = new Date(now.getTime() + ttlHours * 3600_000);
  const row = {
    id: newId(),
    token_hash: sha256Hex(token),
    user_id: userId,
    csrf_token: csrf,
    created_at: now.toISOString(),
    expires_at: expires.toISOString(),
  };
  await db
    .insertInto('sessions')
    .values({
      ...row,
      mac: credentials.mac(sessionParts(row)),
      last_seen_at: row.created_at,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip ?? null,
    })
    .execute();
  // Expired sessions of this user are dropped as new ones start.
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('expires_at', '<', now.toISOString())
    .execute();
  return { token, csrf, expires };
}

/** The live session whose cookie carries this secret and whose seal holds, or null. */
export async function findSession(
  db: Kysely<DB>,
  credentials: CredentialKey,
  token: string,
  now: Date,
) {
  return checkSession(db, credentials, await sessionByTokenHash(db, sha256Hex(token)), now);
}

/** The session row read by its cookie's hash if it is live and its seal holds, else null. */
async function checkSession<R extends SessionRow>(
  db: Kysely<DB>,
  credentials: CredentialKey,
  row: R | undefined,
  now: Date,
): Promise<R | null> {
  if (!row || row.expires_at <= now.toISOString()) return null;
  const sealed = credentials.check(sessionParts({ ...row, id: row.sessionId }), row.mac, {
    kind: 'session',
    id: row.sessionId,
  });
  if (!sealed) return null;
  // When the session was last used, to the nearest few minutes (one write per five).
  const seen = new Date(now.getTime() - SEEN_GRANULARITY_MS).toISOString();
  if (!row.last_seen_at || row.last_seen_at < seen)
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', row.sessionId)
      .execute();
  return row;
}

const SEEN_GRANULARITY_MS = 5 * 60_000;

type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionByTokenHash>>>;
type TokenRow = NonNullable<Awaited<ReturnType<typeof apiTokenByHash>>>;

/** Ends one session of a user; whether there was one. */
export async function endSessionOf(db: Kysely<DB>, userId: string, sessionId: string) {
  const r = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Ends every session of a user but `keepId` (all of them when null); how many ended. */
export async function endSessionsOf(db: Kysely<DB>, userId: string, keepId: string | null) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepId) q = q.where('id', '!=', keepId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSession(db: Kysely<DB>, token: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

/** Finds a live API token by its secret, if its seal holds. */
export async function findApiToken(
  db: Kysely<DB>,
  credentials: CredentialKey,
  token: string,
  now: Date,
) {
  return checkApiToken(credentials, await apiTokenByHash(db, sha256Hex(token)), now);
}

/** The token row read by its secret's hash if live (not revoked nor expired) and sealed, else null. */
function checkApiToken<R extends TokenRow>(
  credentials: CredentialKey,
  row: R | undefined,
  now: Date,
) {
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now.toISOString()))
    return null;
  if (!credentials.check(apiTokenParts(row), row.token_mac, { kind: 'api_token', id: row.tokenId }))
    return null;
  return { ...row, scopes: decodeJson(row.scopes) };
}

/** The organization columns of a credential row read with them (OrgRow). */
const orgRowOf = (r: OrgRow): OrgRow => ({
  orgId: r.orgId,
  orgSlug: r.orgSlug,
  memberId: r.memberId,
  role: r.role,
  seq: r.seq,
  hash: r.hash,
});

/**
 * How the HTTP server authenticates requests: API tokens and session cookies of this database,
 * each only with a valid seal. Given `orgRef` (the organization a request's path names), the
 * credential, that organization, the user's membership in it and its ledger head are read in one
 * query and handed back as `org` for resolveOrg (src/kernel/authorize.ts); the credential checks
 * are the same either way.
 */
export function authenticator(db: Kysely<DB>, credentials: CredentialKey) {
  const tokenActor = (t: NonNullable<ReturnType<typeof checkApiToken<TokenRow>>>): Actor => ({
    kind: 'user',
    userId: t.userId,
    email: t.email,
    via: 'token',
    tokenId: t.tokenId,
    tokenOrgId: t.org_id,
    scopes: t.scopes,
  });
  const sessionActor = (s: SessionRow): Actor => ({
    kind: 'user',
    userId: s.userId,
    email: s.email,
    via: 'session',
  });
  return {
    sessionCookie: SESSION_COOKIE,
    async byToken(
      token: string,
      now: Date,
      orgRef?: string,
    ): Promise<{ actor: Actor; org?: KnownOrg } | null> {
      const hash = sha256Hex(token);
      if (orgRef === undefined) {
        const t = checkApiToken(credentials, await apiTokenByHash(db, hash), now);
        return t ? { actor: tokenActor(t) } : null;
      }
      const row = await apiTokenWithOrgByHash(db, hash, orgRef);
      const t = checkApiToken(credentials, row, now);
      if (!t) return null;
      return { actor: tokenActor(t), org: { ref: orgRef, userId: t.userId, row: orgRowOf(t) } };
    },
    async bySession(
      cookie: string,
      now: Date,
      orgRef?: string,
    ): Promise<{ actor: Actor; csrfToken: string; org?: KnownOrg } | null> {
      const hash = sha256Hex(cookie);
      if (orgRef === undefined) {
        const s = await checkSession(db, credentials, await sessionByTokenHash(db, hash), now);
        return s ? { actor: sessionActor(s), csrfToken: s.csrf_token } : null;
      }
      const row = await sessionWithOrgByTokenHash(db, hash, orgRef);
      const s = await checkSession(db, credentials, row, now);
      if (!s) return null;
      return {
        actor: sessionActor(s),
        csrfToken: s.csrf_token,
        org: { ref: orgRef, userId: s.userId, row: orgRowOf(s) },
      };
    },
  };
}
