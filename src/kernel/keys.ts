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
import { canonicalize } from './jcs.js';

/** A signed ledger head: the organization's chain had `hash` at `seq` when it was signed. */
export interface SignedHead {
  org_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
}

const headPayload = (h: Omit<SignedHead, 'signature'>) =>
  Buffer.from(canonicalize({ org_id: h.org_id, seq: h.seq, hash: h.hash, signed_at: h.signed_at }));

/**
 * Ed25519 signing keys, one per organization, and the newest signed ledger head of each, kept as
 * files under AIMS_DATA_DIR rather than in the database: someone who can rewrite the database
 * cannot forge a signature, nor hide a truncated or rewritten chain from the head file.
 */
export class KeyStore {
  readonly #keys = new Map<string, { priv: KeyObject; pub: KeyObject }>();
  readonly #heads = new Map<string, number>();
  constructor(readonly dataDir: string) {}

  #keyFile(orgId: string) {
    return path.join(this.dataDir, 'keys', `${orgId}.ed25519.pem`);
  }
  /** The organization's head files: one per signed head, named by its seq, so two processes never overwrite each other's. */
  #headDir(orgId: string) {
    return path.join(this.dataDir, 'ledger', orgId);
  }
  #headFile(orgId: string, seq: number) {
    return path.join(this.#headDir(orgId), `head.${String(seq).padStart(12, '0')}.json`);
  }
  /** The organization's head files with their seq; the single file of earlier versions counts as seq -1. */
  #headFiles(orgId: string): { file: string; seq: number }[] {
    const legacy = path.join(this.dataDir, 'ledger', `${orgId}.head.json`);
    const out = fs.existsSync(legacy) ? [{ file: legacy, seq: -1 }] : [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.#headDir(orgId));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names) {
      const m = /^head\.(\d{12})\.json$/.exec(name);
      if (m) out.push({ file: path.join(this.#headDir(orgId), name), seq: Number(m[1]) });
    }
    return out;
  }

  /** The organization's key pair, created on first use. */
  keyPair(orgId: string) {
    let kp = this.#keys.get(orgId);
    if (kp) return kp;
    const file = this.#keyFile(orgId);
    if (fs.existsSync(file)) {
      const priv = createPrivateKey(fs.readFileSync(file));
      kp = { priv, pub: createPublicKey(priv) };
    } else {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
      try {
        fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
        kp = { priv: privateKey, pub: publicKey };
      } catch (e) {
        // Another process made it first: use theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const priv = createPrivateKey(fs.readFileSync(file));
        kp = { priv, pub: createPublicKey(priv) };
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

  verifyHead(head: SignedHead): boolean {
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

  /**
   * Writes the newest signed head after a commit, before the command returns: once a change is
   * acknowledged, a file vouches for it. Each head goes to a file of its own (written whole, then
   * renamed into place), and a writer removes only the files of lower heads, so when two
   * processes (the server and the CLI) commit at the same instant the newest head always stays,
   * whichever finishes last. The files are read once per organization and process; after that
   * the last written seq is kept in memory.
   */
  writeHead(orgId: string, seq: number, hash: string, signedAt: string) {
    if (!this.#heads.has(orgId)) this.#heads.set(orgId, this.readHead(orgId)?.seq ?? 0);
    if (this.#heads.get(orgId)! >= seq) return;
    const head = this.signHead(orgId, seq, hash, signedAt);
    const file = this.#headFile(orgId, seq);
    fs.mkdirSync(this.#headDir(orgId), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(head));
    fs.renameSync(tmp, file);
    this.#heads.set(orgId, seq);
    for (const older of this.#headFiles(orgId)) {
      if (older.seq >= seq) continue;
      try {
        fs.unlinkSync(older.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }

  /** The newest signed head on file for the organization, or null. */
  readHead(orgId: string): SignedHead | null {
    let best: SignedHead | null = null;
    for (const { file } of this.#headFiles(orgId)) {
      let head: SignedHead;
      try {
        head = JSON.parse(fs.readFileSync(file, 'utf8')) as SignedHead;
      } catch (e) {
        // Removed by a newer writer between listing and reading.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      if (!best || head.seq > best.seq) best = head;
    }
    return best;
  }
}
