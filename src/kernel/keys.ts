import fs from 'node:fs';
import path from 'node:path';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { headPayload } from './chain.js';
import { UUID_RE } from './ids.js';
import { HeadLog, type LoggedHead } from './head-log.js';
import { LedgerAlarms } from './alarms.js';
import { CredentialKey } from './credentials.js';
import { packManifestPayload } from './pack-signature.js';

/** `sign` with a callback: the signature is made in libuv's thread pool, off the event loop. */
const signInPool = promisify(sign);

/**
 * A signed statement that an organization's chain had `hash` at `seq`: the form of checkpoint rows
 * and of the head row in the database.
 */
export interface SignedHead {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
}

export { headPayload } from './chain.js';

export interface KeyStoreOptions {
  /** Where the keys live (AIMS_KEYS_DIR); by default `<dataDir>/keys`. */
  keysDir?: string;
  /** A file each signed head is also appended to (AIMS_HEAD_MIRROR). */
  headMirror?: string | null;
  /** Whether appended heads are fdatasynced before a write is acknowledged (AIMS_SYNC=full). */
  syncHeads?: boolean;
}

/**
 * Ed25519 signing keys, one per organization, kept as files outside the database (in
 * `AIMS_KEYS_DIR`, by default `AIMS_DATA_DIR/keys`); the append-only log of signed heads of each
 * organization (`heads`, in `AIMS_DATA_DIR/ledger`); and the ledger alarms this process has
 * raised. Someone who can rewrite the database cannot forge a signature, nor hide a truncated or
 * rewritten chain from the signed heads.
 */
export class KeyStore {
  readonly #keys = new Map<string, { priv: KeyObject; pub: KeyObject }>();
  readonly keysDir: string;
  readonly heads: HeadLog;
  readonly alarms = new LedgerAlarms();
  /** The seal on stored credentials, its key beside the signing keys. */
  readonly credentials: CredentialKey;
  /**
   * Per organization, the head (`seq:hash`) this process last appended or checked: a chain this
   * process computed itself need not be read back before its next head is signed.
   */
  readonly trusted = new Map<string, string>();

  constructor(
    readonly dataDir: string,
    opts: KeyStoreOptions = {},
  ) {
    this.keysDir = opts.keysDir ?? path.join(dataDir, 'keys');
    this.credentials = new CredentialKey(this.keysDir);
    this.heads = new HeadLog(
      path.join(dataDir, 'ledger'),
      this,
      opts.headMirror ?? null,
      opts.syncHeads ?? false,
    );
  }

  #keyFile(orgId: string) {
    return path.join(this.keysDir, `${orgId}.ed25519.pem`);
  }

  /**
   * The organization's key pair. It is made only when `create` says so (the first event of a new
   * chain): a key that disappeared from an organization with a chain is a problem to report, never
   * something to replace silently.
   */
  keyPair(orgId: string, opts: { create?: boolean } = {}) {
    let kp = this.#keys.get(orgId);
    if (kp) return kp;
    const file = this.#keyFile(orgId);
    if (fs.existsSync(file)) {
      const priv = createPrivateKey(fs.readFileSync(file));
      kp = { priv, pub: createPublicKey(priv) };
    } else {
      if (!opts.create) throw new Error(`no signing key for organization ${orgId}`);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
      // Written whole under a temporary name, then linked into place (link fails if it exists), so
      // a crash never leaves half a key and two processes never replace each other's.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, pem, { mode: 0o600 });
      try {
        fs.linkSync(tmp, file);
        kp = { priv: privateKey, pub: publicKey };
      } catch (e) {
        // Another process made it first: use theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const priv = createPrivateKey(fs.readFileSync(file));
        kp = { priv, pub: createPublicKey(priv) };
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
    this.#keys.set(orgId, kp);
    return kp;
  }

  hasKey(orgId: string) {
    return this.#keys.has(orgId) || fs.existsSync(this.#keyFile(orgId));
  }

  publicKeyPem(orgId: string): string {
    return this.keyPair(orgId).pub.export({ type: 'spki', format: 'pem' }).toString();
  }

  signHead(orgId: string, seq: number, hash: string, signedAt: string): SignedHead {
    const head = { org_id: orgId, seq, hash, signed_at: signedAt };
    return {
      ...head,
      signature: sign(null, headPayload(head), this.keyPair(orgId).priv).toString('base64'),
    };
  }

  /**
   * `signHead` made in the thread pool: the group commit signs a batch's head rows this way, side
   * by side, while the event loop's thread goes on with other requests.
   */
  async signHeadInPool(
    orgId: string,
    seq: number,
    hash: string,
    signedAt: string,
  ): Promise<SignedHead> {
    const head = { org_id: orgId, seq, hash, signed_at: signedAt };
    const key = this.keyPair(orgId).priv;
    return {
      ...head,
      signature: (await signInPool(null, headPayload(head), key)).toString('base64'),
    };
  }

  /**
   * Signs several heads: one alone in line, where the thread pool would only add its latency;
   * several side by side in the pool (`signHeadInPool`), off the event loop's thread.
   */
  signHeads(
    heads: readonly { orgId: string; seq: number; hash: string; signedAt: string }[],
  ): Promise<SignedHead[]> {
    if (heads.length === 1) {
      const h = heads[0]!;
      return Promise.resolve([this.signHead(h.orgId, h.seq, h.hash, h.signedAt)]);
    }
    return Promise.all(heads.map((h) => this.signHeadInPool(h.orgId, h.seq, h.hash, h.signedAt)));
  }

  /** Signs an audit pack's manifest (a purpose of its own: src/kernel/pack-signature.ts). */
  signPackManifest(orgId: string, manifest: Buffer): string {
    return sign(null, packManifestPayload(manifest), this.keyPair(orgId).priv).toString('base64');
  }

  /** Signs a head of the log: the payload includes the digest of the line before it. */
  signLogged(head: Omit<LoggedHead, 'signature'>): string {
    return sign(null, headPayload(head), this.keyPair(head.org_id).priv).toString('base64');
  }

  /** `signLogged` made in the thread pool (the head-log lines of a group commit). */
  async signLoggedInPool(head: Omit<LoggedHead, 'signature'>): Promise<string> {
    const key = this.keyPair(head.org_id).priv;
    return (await signInPool(null, headPayload(head), key)).toString('base64');
  }

  /** Whether the organization's key signed this head (of the database or of the log). */
  verifyHead(head: SignedHead | LoggedHead): boolean {
    try {
      return verify(
        null,
        headPayload(head),
        this.keyPair(head.org_id).pub,
        Buffer.from(head.signature, 'base64'),
      );
    } catch {
      return false;
    }
  }

  /** The newest signed head in the organization's log, or null. */
  readHead(orgId: string): LoggedHead | null {
    return this.heads.last(orgId)?.head ?? null;
  }

  /**
   * Every organization this instance has signed for, as the data folder tells: a key or a head
   * log. The database may have lost some of them.
   */
  orgIdsOnDisk(): string[] {
    const ids = new Set<string>();
    for (const name of listDir(this.keysDir)) {
      const m = /^(.+)\.ed25519\.pem$/.exec(name);
      if (m && UUID_RE.test(m[1]!)) ids.add(m[1]!);
    }
    for (const id of this.heads.orgIds()) ids.add(id);
    return [...ids];
  }

  /** Removes what a crash may have left half-written: temporary key files. */
  cleanTemp() {
    for (const name of listDir(this.keysDir))
      if (name.endsWith('.tmp')) fs.rmSync(path.join(this.keysDir, name), { force: true });
  }
}

export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
