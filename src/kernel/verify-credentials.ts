import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { apiTokenParts, passwordParts, sessionParts } from './credentials.js';
import type { KeyStore } from './keys.js';
import type { Add } from './verify-heads.js';

/** A problem of the instance as a whole, beside each organization's own report. */
export interface InstanceProblem {
  /** The organization it concerns, or null for the instance's own records (users, sessions). */
  orgId: string | null;
  code: string;
  message: string;
}

const CREDENTIAL_SEAL = 'CREDENTIAL_SEAL';
const keyMissing =
  'the credential key is missing from the keys folder: no stored credential can be checked, and every one is refused until it is restored';

/**
 * Every API token of the organization, and the password of every member, must carry the seal of
 * the credential key: a hash put in or changed behind the API's back does not.
 */
export async function checkCredentials(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  last: Map<string, { seq: number }>,
  add: Add,
) {
  const tokens = await db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'user_id', 'token_hash', 'token_mac'])
    .where('org_id', '=', orgId)
    .execute();
  const users = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.password_hash', 'users.password_mac'])
    .where('memberships.org_id', '=', orgId)
    .where('users.password_hash', 'is not', null)
    .execute();
  if (tokens.length + users.length === 0) return;
  if (!keys.credentials.exists()) return add(null, 'CREDENTIAL_KEY_MISSING', keyMissing);
  for (const t of tokens)
    if (!keys.credentials.matches(apiTokenParts(t), t.token_mac))
      add(
        last.get(`api_tokens\u0000${t.id}`)?.seq ?? null,
        CREDENTIAL_SEAL,
        `API token ${t.id} carries a hash the credential key did not seal: it was put in or changed behind the API's back`,
      );
  for (const u of users)
    if (!keys.credentials.matches(passwordParts(u.id, u.password_hash!), u.password_mac))
      add(
        null,
        CREDENTIAL_SEAL,
        `the password of user ${u.id}, a member, is a hash the credential key did not seal`,
      );
}

/**
 * The seals on the instance's own credentials, which belong to no organization: every user's
 * password and every session.
 */
export async function credentialProblems(
  db: Kysely<DB>,
  keys: KeyStore,
): Promise<InstanceProblem[]> {
  const out: InstanceProblem[] = [];
  const users = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'password_mac'])
    .where('password_hash', 'is not', null)
    .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'token_hash', 'csrf_token', 'expires_at', 'mac'])
    .execute();
  if (users.length + sessions.length === 0) return out;
  if (!keys.credentials.exists())
    return [{ orgId: null, code: 'CREDENTIAL_KEY_MISSING', message: keyMissing }];
  for (const u of users)
    if (!keys.credentials.matches(passwordParts(u.id, u.password_hash!), u.password_mac))
      out.push({
        orgId: null,
        code: CREDENTIAL_SEAL,
        message: `the password of user ${u.id} is a hash the credential key did not seal`,
      });
  for (const s of sessions)
    if (!keys.credentials.matches(sessionParts(s), s.mac))
      out.push({
        orgId: null,
        code: CREDENTIAL_SEAL,
        message: `session ${s.id} of user ${s.user_id} was not stored by aims (its seal does not match)`,
      });
  return out;
}
