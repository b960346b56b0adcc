import type { Kysely } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { refIsId } from '../../kernel/authorize.js';

/** Answers when the database does (the health check). */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await db.selectFrom('users').select('id').limit(1).execute();
}

/** Whether any user exists (first-run setup is open only before the first). */
export async function anyUser(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** A user by email, with the password hash (for sign-in), or undefined. */
export function userByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'password_mac'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** A user by id, as the API shows it. */
export function userById(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

const SESSION_COLUMNS = [
  'sessions.id as sessionId',
  'sessions.user_id',
  'sessions.token_hash',
  'sessions.csrf_token',
  'sessions.expires_at',
  'sessions.mac',
  'sessions.last_seen_at',
  'users.id as userId',
  'users.email',
  'users.name',
] as const;

/**
 * What is read of the organization of the request's path with the credential: the organization
 * (by id or slug), the credential's user's membership in it and its ledger head, each null when
 * there is none (the columns of OrgRow, src/kernel/authorize.ts; the same joins as resolveOrg's).
 */
const ORG_COLUMNS = [
  'o.id as orgId',
  'o.slug as orgSlug',
  'm.id as memberId',
  'm.role',
  'h.seq',
  'h.hash',
] as const;
type OrgColumn = 'o.id' | 'o.slug';
const orgColumn = (ref: string): OrgColumn => (refIsId(ref) ? 'o.id' : 'o.slug');

/** A session by the hash of its cookie secret, with its user. */
const sessionByHash = prepared(['tokenHash'], (db, p) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(SESSION_COLUMNS)
    .where('sessions.token_hash', '=', p.tokenHash),
);

/** The same, with the organization `ref` names and the user's membership in it (one query). */
const sessionWithOrg = (column: OrgColumn) =>
  prepared(['tokenHash', 'ref'], (db, p) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .leftJoin('orgs as o', (j) => j.on(column, '=', p.ref))
      .leftJoin('memberships as m', (j) =>
        j.onRef('m.org_id', '=', 'o.id').onRef('m.user_id', '=', 'sessions.user_id'),
      )
      .leftJoin('ledger_heads as h', 'h.org_id', 'o.id')
      .select([...SESSION_COLUMNS, ...ORG_COLUMNS])
      .where('sessions.token_hash', '=', p.tokenHash),
  );
const sessionWithOrgBy = { 'o.id': sessionWithOrg('o.id'), 'o.slug': sessionWithOrg('o.slug') };

/** A session with its user by the hash of its cookie (read on every request of a session). */
export async function sessionByTokenHash(db: Kysely<DB>, tokenHash: string) {
  return (await sessionByHash(db, { tokenHash }))[0];
}

/**
 * A session with its user, and the organization `ref` names with the user's membership and the
 * ledger head, in one query (a request to an organization's route).
 */
export async function sessionWithOrgByTokenHash(db: Kysely<DB>, tokenHash: string, ref: string) {
  return (await sessionWithOrgBy[orgColumn(ref)](db, { tokenHash, ref }))[0];
}

/** When the session with this CSRF token ends, or undefined. */
export async function sessionExpiry(db: Kysely<DB>, csrfToken: string) {
  const s = await db
    .selectFrom('sessions')
    .select('expires_at')
    .where('csrf_token', '=', csrfToken)
    .executeTakeFirst();
  return s?.expires_at;
}

const TOKEN_COLUMNS = [
  'api_tokens.id as tokenId',
  'api_tokens.org_id',
  'api_tokens.user_id',
  'api_tokens.token_hash',
  'api_tokens.token_mac',
  'api_tokens.scopes',
  'api_tokens.expires_at',
  'api_tokens.revoked_at',
  'users.id as userId',
  'users.email',
] as const;

/** An API token by the hash of its secret, with its user. */
const tokenByHash = prepared(['tokenHash'], (db, p) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(TOKEN_COLUMNS)
    .where('api_tokens.token_hash', '=', p.tokenHash),
);

/** The same, with the organization `ref` names and the user's membership in it (one query). */
const tokenWithOrg = (column: OrgColumn) =>
  prepared(['tokenHash', 'ref'], (db, p) =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .leftJoin('orgs as o', (j) => j.on(column, '=', p.ref))
      .leftJoin('memberships as m', (j) =>
        j.onRef('m.org_id', '=', 'o.id').onRef('m.user_id', '=', 'api_tokens.user_id'),
      )
      .leftJoin('ledger_heads as h', 'h.org_id', 'o.id')
      .select([...TOKEN_COLUMNS, ...ORG_COLUMNS])
      .where('api_tokens.token_hash', '=', p.tokenHash),
  );
const tokenWithOrgBy = { 'o.id': tokenWithOrg('o.id'), 'o.slug': tokenWithOrg('o.slug') };

/** An API token with its user by the hash of its secret (read on every request of a token). */
export async function apiTokenByHash(db: Kysely<DB>, tokenHash: string) {
  return (await tokenByHash(db, { tokenHash }))[0];
}

/**
 * An API token with its user, and the organization `ref` names with the user's membership and
 * the ledger head, in one query (a request to an organization's route).
 */
export async function apiTokenWithOrgByHash(db: Kysely<DB>, tokenHash: string, ref: string) {
  return (await tokenWithOrgBy[orgColumn(ref)](db, { tokenHash, ref }))[0];
}

/** The organizations a user belongs to, by name, with their role in each. */
export function membershipsOfUser(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id as orgId', 'orgs.slug', 'orgs.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('orgs.name')
    .execute();
}

/** A user with the secrets of their credentials (password, second factor). */
export function userCredentials(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'name',
      'password_hash',
      'password_mac',
      'totp_secret',
      'totp_mac',
      'totp_enabled_at',
      'totp_last_step',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The live sessions of a user, newest first. */
export function sessionsOfUser(db: Kysely<DB>, userId: string, now: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** How many unused recovery codes a user has. */
export async function recoveryCodesLeft(db: Kysely<DB>, userId: string) {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An unused recovery code of a user by its hash. */
export function unusedRecoveryCode(db: Kysely<DB>, userId: string, codeHash: string) {
  return db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

/** A password reset by the hash of its link's secret. */
export function passwordResetByHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .select(['id', 'user_id', 'token_hash', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}
