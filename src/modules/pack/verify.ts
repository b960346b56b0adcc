import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalize } from '../../kernel/jcs.js';
import { verifyPackManifest } from '../../kernel/pack-signature.js';
import { PACK_FORMAT, PATHS, type Manifest, type ManifestFile } from './format.js';
import { fail, PackFailure } from './failure.js';
import { checkRecords } from './verify-records.js';
import { checkLedger, type Fold } from './verify-ledger.js';
import { ZipFormatError, ZipReader, type ZipEntry } from './zip-read.js';

/**
 * `aims pack verify`: checks an audit pack with nothing but the pack (no database, no server, no
 * configuration). In this order, stopping at the first problem, which it names with the file it
 * is in: the archive can be read; the manifest is canonical JSON of the expected shape; the
 * public key is the one the manifest lists (and, when the auditor gives one, the key they
 * expect); the manifest's signature; every file's SHA-256 and size against the manifest, with
 * no file missing or unlisted; the ledger segment's hash chain, its signed heads and checkpoints
 * against the key; that the records are exactly the replay of the ledger segment (and each CSV
 * exactly its JSON); that every evidence file is named by its hash and every evidence record's
 * file is there.
 */
export interface PackProblem {
  path: string;
  code: string;
  message: string;
}

export interface PackReport {
  ok: boolean;
  problem: PackProblem | null;
  organization: string | null;
  asOf: string | null;
  events: number;
  records: number;
  files: number;
  /** SHA-256 of the public key (DER): compare it with the one the organization publishes. */
  keyFingerprint: string | null;
  /** A scoped pack's AI systems (names), as its signed manifest states them; null: not scoped. */
  scope: string[] | null;
}

export async function verifyPack(
  file: string,
  opts: { publicKey?: string } = {},
): Promise<PackReport> {
  const report: PackReport = {
    ok: false,
    problem: null,
    organization: null,
    asOf: null,
    events: 0,
    records: 0,
    files: 0,
    keyFingerprint: null,
    scope: null,
  };
  let zip: ZipReader | null = null;
  try {
    zip = await ZipReader.open(file);
    await check(zip, report, opts);
    report.ok = true;
  } catch (e) {
    if (e instanceof PackFailure)
      report.problem = { path: e.path, code: e.code, message: e.message };
    else if (e instanceof ZipFormatError)
      report.problem = { path: e.path, code: 'ARCHIVE_DAMAGED', message: e.message };
    else if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      report.problem = { path: file, code: 'NO_SUCH_FILE', message: 'there is no such file' };
    else throw e;
  } finally {
    await zip?.close();
  }
  return report;
}

async function check(zip: ZipReader, report: PackReport, opts: { publicKey?: string }) {
  const entry = (path: string): ZipEntry =>
    zip.entries.get(path) ?? fail(path, 'FILE_MISSING', 'the pack does not hold this file');

  // 1. The manifest.
  const manifestBytes = await zip.read(entry(PATHS.manifest));
  const manifest = parseManifest(manifestBytes.toString('utf8'));
  report.organization = manifest.organization.slug;
  report.asOf = manifest.as_of;
  const listed = new Map<string, ManifestFile>();
  for (const f of manifest.files) {
    if (listed.has(f.path) || f.path === PATHS.manifest || f.path === PATHS.signature)
      fail(PATHS.manifest, 'MANIFEST_UNREADABLE', `the manifest lists ${f.path} twice or itself`);
    listed.set(f.path, f);
  }

  // 2. The key, then the manifest's signature.
  const keyEntry = entry(PATHS.publicKey);
  const keyBytes = await zip.read(keyEntry);
  const keyListed = listed.get(PATHS.publicKey);
  if (!keyListed || sha256(keyBytes) !== keyListed.sha256)
    fail(PATHS.publicKey, 'FILE_ALTERED', 'the public key is not the one the manifest lists');
  let key: KeyObject;
  try {
    key = createPublicKey(keyBytes);
  } catch {
    return fail(PATHS.publicKey, 'PUBLIC_KEY_UNREADABLE', 'the public key cannot be read');
  }
  if (key.asymmetricKeyType !== 'ed25519')
    fail(PATHS.publicKey, 'PUBLIC_KEY_UNREADABLE', 'the public key is not an Ed25519 key');
  const der = key.export({ type: 'spki', format: 'der' });
  report.keyFingerprint = sha256(der);
  if (opts.publicKey !== undefined) {
    let expected: Buffer | null = null;
    try {
      expected = createPublicKey(opts.publicKey).export({ type: 'spki', format: 'der' });
    } catch {
      expected = null;
    }
    if (!expected || !expected.equals(der))
      fail(
        PATHS.publicKey,
        'KEY_NOT_TRUSTED',
        'the pack is signed with another key than the one given',
      );
  }
  const signature = (await zip.read(entry(PATHS.signature))).toString('utf8').trim();
  if (!verifyPackManifest(manifestBytes, signature, key))
    fail(
      PATHS.signature,
      'MANIFEST_SIGNATURE',
      "the manifest's signature does not verify with the pack's public key: manifest.json or manifest.sig was altered",
    );

  // 3. Every file against the manifest.
  for (const path of zip.entries.keys())
    if (path !== PATHS.manifest && path !== PATHS.signature && !listed.has(path))
      fail(path, 'UNLISTED_FILE', 'the pack holds a file its manifest does not list');
  for (const f of manifest.files) {
    const e = entry(f.path);
    const h = createHash('sha256');
    let size = 0;
    for await (const b of zip.chunks(e)) {
      h.update(b);
      size += b.length;
    }
    if (size !== f.size || h.digest('hex') !== f.sha256)
      fail(f.path, 'FILE_ALTERED', "the file's SHA-256 differs from the manifest's");
  }
  report.files = manifest.files.length;

  // 4. The ledger segment, its signed heads and checkpoints; 5. the records equal its replay.
  const fold: Fold = await checkLedger(zip, manifest, key, listed);
  report.events = manifest.ledger.events;
  report.records = await checkRecords(zip, manifest, fold, listed);

  // 6. A scope names AI systems that are among the records (the replay, checked above), by the
  // names they had then.
  if (manifest.scope) {
    const systems = manifest.scope.ai_systems;
    const file = PATHS.records('ai_systems');
    const named = new Map<string, unknown>();
    if (systems.length && listed.has(file)) {
      const rows = JSON.parse((await zip.read(entry(file))).toString('utf8')) as {
        id: string;
        name: unknown;
      }[];
      for (const r of rows) named.set(r.id, r.name);
    }
    for (const sys of systems)
      if (named.get(sys.id) !== sys.name)
        fail(
          PATHS.manifest,
          'SCOPE_UNKNOWN',
          `the scope names the AI system ${sys.name} (${sys.id}), which is not among the pack's records under that name`,
        );
    report.scope = systems.map((x) => x.name);
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;
const isText = (v: unknown): v is string => typeof v === 'string';

function parseManifest(text: string): Manifest {
  const bad = (why: string) => fail(PATHS.manifest, 'MANIFEST_UNREADABLE', why);
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    return bad('the manifest is not JSON');
  }
  if (canonicalize(m) !== text) bad('the manifest is not canonical JSON (RFC 8785)');
  if (m.format !== PACK_FORMAT) bad(`the manifest is not of the format ${PACK_FORMAT}`);
  const o = m.organization as Partial<Manifest['organization']> | undefined;
  if (!o || !isText(o.id) || !isText(o.slug) || !isText(o.name)) bad('no organization');
  if (!isText(m.as_of) || !isText(m.generated_at)) bad('no as_of or generated_at');
  const l = m.ledger as Partial<Manifest['ledger']> | undefined;
  if (!l || !Number.isSafeInteger(l.events) || (l.events as number) < 0 || !isText(l.head))
    bad('no ledger segment');
  if (
    !Array.isArray(m.files) ||
    !m.files.every(
      (f) =>
        isText(f.path) && isText(f.sha256) && HEX64.test(f.sha256) && Number.isSafeInteger(f.size),
    )
  )
    bad('the list of files is malformed');
  if (
    !Array.isArray(m.tables) ||
    !m.tables.every(
      (t) =>
        isText(t.entity) &&
        /^[a-z0-9_]+$/.test(t.entity) &&
        Number.isSafeInteger(t.records) &&
        Array.isArray(t.columns) &&
        t.columns.every(isText),
    )
  )
    bad('the list of tables is malformed');
  const sc = m.scope as Partial<NonNullable<Manifest['scope']>> | undefined;
  if (
    sc !== undefined &&
    (!Array.isArray(sc.ai_systems) ||
      sc.ai_systems.length === 0 ||
      !sc.ai_systems.every((x) => isText(x.id) && isText(x.name)) ||
      !Array.isArray(sc.narrows) ||
      !sc.narrows.every(isText))
  )
    bad('the scope is malformed');
  return m;
}
