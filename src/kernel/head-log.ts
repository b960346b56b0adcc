import fs from 'node:fs';
import path from 'node:path';
import { canonicalize } from './jcs.js';
import { UUID_RE } from './ids.js';
import type { KeyStore } from './keys.js';
import {
  digestOf,
  HEAD_LOG_GENESIS,
  HEAD_LOG_NAME,
  HeadLogError,
  parseHeadLine,
  parseLog,
  readLastLine,
  type LoggedHead,
  type LogEntry,
} from './head-log-lines.js';

export {
  HEAD_LOG_GENESIS,
  HEAD_LOG_NAME,
  HeadLogError,
  parseHeadLine,
  parseLog,
  type LoggedHead,
  type LogEntry,
} from './head-log-lines.js';

/** A log's last line as last read or written, and the file's identity and size then. */
interface Tail {
  stamp: string;
  entry: LogEntry | null;
  /** Where the last complete line ends (a fragment may follow, up to `size`). */
  end: number;
  size: number;
}

/** The file's stat, or null when it does not exist. */
function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * The append-only logs of signed heads, one per organization: `ledger/<org>/heads.log` under
 * AIMS_DATA_DIR, one canonical JSON line per signed head, never rewritten. Appends are serialized
 * across processes by the caller (under the organization's ledger head lock), so the log never
 * forks. Each appended line also goes to the mirror file when one is configured.
 */
/** A line about to be appended to an organization's log, before its signature. */
interface NextLine {
  orgId: string;
  file: string;
  unsigned: Omit<LoggedHead, 'signature'>;
}

export class HeadLog {
  /** The last line of each log as this process last read or wrote it, keyed by the file's identity. */
  readonly #last = new Map<string, Tail>();
  /** Digests of lines whose signature this process checked or made. */
  readonly #signed = new Set<string>();

  /** Files appended to since the last `flush`, when appends are synced. */
  readonly #dirty = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly keys: KeyStore,
    readonly mirror: string | null,
    /** Whether `flush` fdatasyncs what was appended (AIMS_SYNC=full). */
    readonly sync = false,
  ) {}

  /**
   * When appends are synced: fdatasyncs every log (and the mirror) appended to since the last
   * call, side by side, before the writes they vouch for are acknowledged. One call per batch of
   * the group commit, whatever the number of lines. Nothing to do otherwise.
   */
  async flush(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const files = [...this.#dirty];
    this.#dirty.clear();
    await Promise.all(
      files.map(async (file) => {
        const fh = await fs.promises.open(file, 'r');
        try {
          await fh.datasync();
        } finally {
          await fh.close();
        }
      }),
    );
  }

  file(orgId: string) {
    return path.join(this.dir, orgId, HEAD_LOG_NAME);
  }

  /** Organizations with a head log, or head files of earlier versions, in the data folder. */
  orgIds(): string[] {
    const ids = new Set<string>();
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names) {
      const legacy = /^(.+)\.head\.json$/.exec(name);
      if (legacy && UUID_RE.test(legacy[1]!)) ids.add(legacy[1]!);
      else if (UUID_RE.test(name)) ids.add(name);
    }
    return [...ids];
  }

  /**
   * The last complete line of the organization's log, or null when it has none. A log that does
   * not exist yet is first made from the head files of earlier versions, if there are any. A
   * trailing fragment without its newline (a write cut short by a crash) is not a line.
   */
  last(orgId: string): LogEntry | null {
    return this.#tail(orgId)?.entry ?? null;
  }

  /**
   * The log's last line and where it ends, read again only when the file changed (its identity,
   * size or time); null when there is no log. One stat when it did not: a log that exists needs
   * no carrying over.
   */
  #tail(orgId: string): Tail | null {
    const file = this.file(orgId);
    let st = statOf(file);
    if (!st) {
      this.#migrate(orgId);
      st = statOf(file);
      if (!st) return null;
    }
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    const cached = this.#last.get(orgId);
    if (cached?.stamp === stamp) return cached;
    const { entry, end } = readLastLine(file, st.size, orgId);
    const tail = { stamp, entry, end, size: st.size };
    this.#last.set(orgId, tail);
    return tail;
  }

  /**
   * The seq of the log's last line as this process last read or wrote it (0: none seen), without
   * looking at the file: a guess, which whoever relies on it checks with `last` under the lock.
   */
  lastSeqSeen(orgId: string): number {
    return this.#last.get(orgId)?.entry?.head.seq ?? 0;
  }

  /** Whether the organization's key signed this line (checked once per line and process). */
  isSigned(entry: LogEntry): boolean {
    if (this.#signed.has(entry.digest)) return true;
    if (!this.keys.hasKey(entry.head.org_id) || !this.keys.verifyHead(entry.head)) return false;
    this.#signed.add(entry.digest);
    return true;
  }

  /**
   * Signs and appends a head, linked to the current last line. The caller holds the
   * organization's ledger head lock (no other process appends meanwhile) and has checked that the
   * stored chain passes through the last line.
   */
  append(orgId: string, seq: number, hash: string, signedAt: string): LogEntry {
    const line = this.#next(orgId, seq, hash, signedAt);
    return this.#write(line, this.keys.signLogged(line.unsigned));
  }

  /**
   * `append` with the line signed in the thread pool. The caller holds the organization's ledger
   * head lock throughout, so nothing else appends to the log while the signature is made.
   */
  async appendInPool(orgId: string, seq: number, hash: string, signedAt: string) {
    const line = this.#next(orgId, seq, hash, signedAt);
    return this.#write(line, await this.keys.signLoggedInPool(line.unsigned));
  }

  /** The line to append after the log's last one, unsigned (a torn fragment removed first). */
  #next(orgId: string, seq: number, hash: string, signedAt: string): NextLine {
    const tail = this.#tail(orgId);
    const last = tail?.entry ?? null;
    const file = this.file(orgId);
    if (!tail) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // A fragment after the last newline is a write a crash cut short: nothing vouched for by it
    // was acknowledged (a line is appended whole before the command returns), so it goes. (The
    // caller holds the lock: the file is as `#tail` just saw it.)
    else if (tail.size > tail.end) fs.truncateSync(file, tail.end);
    const unsigned = {
      org_id: orgId,
      seq,
      hash,
      signed_at: signedAt,
      prev: last?.digest ?? HEAD_LOG_GENESIS,
    };
    return { orgId, file, unsigned };
  }

  /** Appends a line made by `#next` with its signature. */
  #write({ orgId, file, unsigned }: NextLine, signature: string): LogEntry {
    const head: LoggedHead = { ...unsigned, signature };
    const text = canonicalize(head);
    // One write with O_APPEND: a line is never interleaved with another.
    fs.appendFileSync(file, `${text}\n`, { mode: 0o600 });
    if (this.sync) this.#dirty.add(file);
    const entry = { head, text, digest: digestOf(text) };
    this.#signed.add(entry.digest);
    const st = fs.statSync(file);
    this.#last.set(orgId, {
      stamp: `${st.ino}:${st.size}:${st.mtimeMs}`,
      entry,
      end: st.size,
      size: st.size,
    });
    if (this.mirror) {
      fs.mkdirSync(path.dirname(this.mirror), { recursive: true });
      fs.appendFileSync(this.mirror, `${text}\n`, { mode: 0o600 });
      if (this.sync) this.#dirty.add(this.mirror);
    }
    return entry;
  }

  /**
   * Every line of the organization's log, for verification: each with its text, its digest and
   * the head it holds (null when unreadable); `torn` when the file ends in a fragment.
   */
  readAll(orgId: string): { lines: (LogEntry | { head: null; text: string })[]; torn: boolean } {
    this.#migrate(orgId);
    let data: string;
    try {
      data = fs.readFileSync(this.file(orgId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], torn: false };
      throw e;
    }
    return parseLog(data, orgId);
  }

  /**
   * Removes what a crash may have left half-written in the organization's folder: temporary head
   * files of earlier versions. Signed heads are never removed.
   */
  cleanTemp(orgId: string) {
    const dir = path.join(this.dir, orgId);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names)
      if (name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
  }

  /**
   * Earlier versions kept the newest signed head in a file of its own (`ledger/<org>.head.json`,
   * then `ledger/<org>/head.<seq>.json`). The first use of an organization's log carries the
   * newest of them over as its first line, once its signature checks out; the files stay as they
   * are. A head file with a bad signature is not carried over: the log stays absent and the
   * error says why.
   */
  #migrate(orgId: string) {
    const file = this.file(orgId);
    if (fs.existsSync(file)) return;
    const candidates: string[] = [];
    const legacy = path.join(this.dir, `${orgId}.head.json`);
    if (fs.existsSync(legacy)) candidates.push(legacy);
    let names: string[] = [];
    try {
      names = fs.readdirSync(path.join(this.dir, orgId));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names)
      if (/^head\.\d{12}\.json$/.test(name)) candidates.push(path.join(this.dir, orgId, name));
    let newest: LoggedHead | null = null;
    for (const c of candidates) {
      const h = parseHeadLine(fs.readFileSync(c, 'utf8'), orgId);
      if (!h || h.prev !== undefined)
        throw new HeadLogError('HEAD_LOG_UNREADABLE', `${path.basename(c)} is not a signed head`);
      if (!newest || h.seq > newest.seq) newest = h;
    }
    if (!newest) return;
    if (!this.keys.hasKey(orgId) || !this.keys.verifyHead(newest))
      throw new HeadLogError(
        'HEAD_SIGNATURE',
        `the signed head file of an earlier version (event ${newest.seq}) has a bad signature`,
      );
    const text = canonicalize(newest);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      // 'wx': two processes carrying it over at once write the same line; one of them wins.
      fs.writeFileSync(file, `${text}\n`, { flag: 'wx', mode: 0o600 });
      if (this.mirror) fs.appendFileSync(this.mirror, `${text}\n`, { mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
