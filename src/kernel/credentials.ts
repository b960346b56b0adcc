import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lockInstance, type Database } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import { canonicalize } from './jcs.js';

/** How many good seals `check` remembers before it starts over. */
const GOOD_SEALS_KEPT = 10_000;

/** A stored credential whose seal does not match: what it is, for the operator's log. */
export interface CredentialMismatch {
  kind: 'password' | 'session' | 'api_token' | 'totp';
  id: string;
}

/**
 * The seal on stored credentials (password hashes, session and API token hashes): an HMAC-SHA256
 * with a key kept beside the signing keys, outside the database. Credentials are not in the
 * ledger (a hash of a secret must not be published to every auditor), so without a seal someone
 * who can write the database could put in a password hash or a token hash of their own, sign in
 * as an owner and make changes the ledger would record, correctly signed, as the owner's. With
 * it, a credential the key did not seal is refused on use and reported by `aims ledger verify`.
 */
export class CredentialKey {
  #key: Buffer | null = null;
  /** Seals checked good, with the text each sealed (`check`). */
  readonly #good = new Map<string, string>();
  readonly #listeners: ((m: CredentialMismatch) => void)[] = [];

  constructor(readonly keysDir: string) {}

  get file() {
    return path.join(this.keysDir, 'credentials.hmac.key');
  }
  get pendingFile() {
    return `${this.file}.pending`;
  }

  exists() {
    return this.#key !== null || fs.existsSync(this.file);
  }

  #load(): Buffer {
    this.#key ??= Buffer.from(fs.readFileSync(this.file, 'utf8').trim(), 'base64');
    return this.#key;
  }

  /** The seal of a credential's parts, made with `key` (by default this instance's). */
  mac(parts: (string | null)[], key: Buffer = this.#load()): string {
    return this.#seal(canonicalize(parts), key);
  }

  #seal(text: string, key: Buffer) {
    return createHmac('sha256', key).update(text).digest('hex');
  }

  /**
   * Whether `mac` seals these parts; a mismatch is told to the listeners (the server logs it).
   * A seal found good is remembered with the text it sealed (the key never changes once in
   * place), so a token used on every request is not sealed again each time: the same seal over
   * other parts is checked in full.
   */
  check(parts: (string | null)[], mac: string | null, what: CredentialMismatch): boolean {
    const text = canonicalize(parts);
    if (mac !== null && this.#key !== null && this.#good.get(mac) === text) return true;
    const ok =
      this.exists() &&
      mac !== null &&
      /^[0-9a-f]{64}$/.test(mac) &&
      timingSafeEqual(Buffer.from(this.#seal(text, this.#load()), 'hex'), Buffer.from(mac, 'hex'));
    if (!ok) for (const l of this.#listeners) l(what);
    else {
      if (this.#good.size >= GOOD_SEALS_KEPT) this.#good.clear();
      this.#good.set(mac, text);
    }
    return ok;
  }

  /** Whether `mac` seals these parts, without telling anyone (verification). */
  matches(parts: (string | null)[], mac: string | null): boolean {
    return this.exists() && mac !== null && mac === this.mac(parts);
  }

  listen(fn: (m: CredentialMismatch) => void) {
    this.#listeners.push(fn);
  }

  /** Makes the key and returns it; the caller puts it in place (`install`) after its commit. */
  pending(): Buffer {
    if (fs.existsSync(this.pendingFile))
      return Buffer.from(fs.readFileSync(this.pendingFile, 'utf8').trim(), 'base64');
    const key = randomBytes(32);
    fs.mkdirSync(this.keysDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.pendingFile, key.toString('base64'), { mode: 0o600 });
    return key;
  }

  install() {
    try {
      fs.renameSync(this.pendingFile, this.file);
    } catch (e) {
      // Another process put the same pending key in place first.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync(this.file)) throw e;
    }
  }
}

/** The parts each kind of credential's seal covers: the secret's hash and whom it belongs to. */
export const passwordParts = (userId: string, passwordHash: string) => [
  'users.password_hash',
  userId,
  passwordHash,
];
/** The TOTP secret of a user's second factor (migration 0030). */
export const totpParts = (userId: string, secret: string) => ['users.totp_secret', userId, secret];
export const sessionParts = (s: {
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  expires_at: string;
}) => ['sessions', s.id, s.user_id, s.token_hash, s.csrf_token, s.expires_at];
export const apiTokenParts = (t: { org_id: string; user_id: string; token_hash: string }) => [
  'api_tokens.token_hash',
  t.org_id,
  t.user_id,
  t.token_hash,
];

/**
 * Seals the credentials stored before seals existed, once: on the first start with seals (no
 * key, and no stored credential carries a seal yet), a key is made and every stored password
 * hash, session and API token is sealed with it, in one transaction that holds the instance lock
 * (so two processes starting at once do it once). From then on a credential without a valid seal
 * is refused. The key is written first under a pending name and put in place after the commit,
 * so a crash at any point is finished by the next start with the same key.
 *
 * A key that is missing while stored credentials carry seals was lost (or removed): it is not
 * made again, since that would seal whatever the database holds now. Every credential is then
 * refused and `aims ledger verify` reports CREDENTIAL_KEY_MISSING until the key is restored.
 * Returns what it did.
 */
export async function sealStoredCredentials(
  database: Database,
  creds: CredentialKey,
): Promise<'ready' | 'sealed' | 'key-missing'> {
  if (creds.exists()) return 'ready';
  const out = await database.db.transaction().execute(async (trx) => {
    await lockInstance(trx, database.dialect);
    if (fs.existsSync(creds.file)) return 'ready' as const;
    if (!fs.existsSync(creds.pendingFile) && (await anySealed(trx))) return 'key-missing' as const;
    const key = creds.pending();
    await sealAll(trx, creds, key);
    return 'sealed' as const;
  });
  if (out === 'sealed') creds.install();
  return out;
}

async function anySealed(db: Kysely<DB>) {
  const u = await db
    .selectFrom('users')
    .select('id')
    .where('password_mac', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  const s = await db
    .selectFrom('sessions')
    .select('id')
    .where('mac', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  const t = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('token_mac', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return !!(u || s || t);
}

async function sealAll(db: Kysely<DB>, creds: CredentialKey, key: Buffer) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('password_hash', 'is not', null)
    .execute();
  for (const u of users)
    await db
      .updateTable('users')
      .set({ password_mac: creds.mac(passwordParts(u.id, u.password_hash!), key) })
      .where('id', '=', u.id)
      .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'token_hash', 'csrf_token', 'expires_at'])
    .execute();
  for (const s of sessions)
    await db
      .updateTable('sessions')
      .set({ mac: creds.mac(sessionParts(s), key) })
      .where('id', '=', s.id)
      .execute();
  const tokens = await db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'user_id', 'token_hash'])
    .execute();
  for (const t of tokens)
    await db
      .updateTable('api_tokens')
      .set({ token_mac: creds.mac(apiTokenParts(t), key) })
      .where('id', '=', t.id)
      .execute();
}
