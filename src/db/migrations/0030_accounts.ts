import { sql, type Kysely } from 'kysely';

/**
 * Accounts that work (issue 14, item 5):
 *
 * - sessions: when each was last used, and from which client (shown to its user, who may end it).
 * - users: an optional TOTP second factor (RFC 6238): the secret (sealed with the credential key
 *   like the password hash, `totp_mac`), when it was confirmed (NULL while enrolment waits for a
 *   first code) and the last time step used (a code is accepted once).
 * - recovery_codes: the one-time codes that stand in for the second factor, SHA-256 only.
 * - password_resets: single-use, expiring reset links; only the SHA-256 of the link's secret.
 * - invitations: an organization record (ledgered, the secret's hash kept out of the ledger):
 *   an e-mail address invited with a role by a link, until it is accepted, revoked or expires.
 *
 * Frozen: this file states the columns and tables as they were created and never changes.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  'alter table "sessions" add column "last_seen_at" text',
  'alter table "sessions" add column "user_agent" text',
  'alter table "sessions" add column "ip" text',
  'create index "sessions_user_id" on "sessions" ("user_id")',
  'alter table "users" add column "totp_secret" text',
  'alter table "users" add column "totp_mac" text',
  'alter table "users" add column "totp_enabled_at" text',
  'alter table "users" add column "totp_last_step" integer',
  'create table "recovery_codes" ("id" text primary key, "user_id" text not null references "users" ("id"), "code_hash" text not null, "created_at" text not null, "used_at" text)',
  'create index "recovery_codes_user_id" on "recovery_codes" ("user_id")',
  'create table "password_resets" ("id" text primary key, "user_id" text not null references "users" ("id"), "token_hash" text not null, "created_at" text not null, "expires_at" text not null, "used_at" text)',
  'create unique index "password_resets_token_hash" on "password_resets" ("token_hash")',
  'create index "password_resets_user_id" on "password_resets" ("user_id")',
  `create table "invitations" (${BASE}, "email" text not null, "role" text not null, "token_hash" text not null, "invited_by" text not null, "expires_at" text not null, "accepted_at" text, "accepted_by" text, "revoked_at" text)`,
  'create unique index "invitations_org" on "invitations" ("org_id", "id")',
  'create unique index "invitations_token_hash" on "invitations" ("token_hash")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
