import { createHash } from 'node:crypto';
import { canonicalize } from '../../kernel/jcs.js';
import { fail } from './failure.js';
import {
  csvHeader,
  csvText,
  PATHS,
  type Manifest,
  type ManifestFile,
  type ManifestTable,
} from './format.js';
import { foldKey, stateDigest, type Fold } from './verify-ledger.js';
import type { ZipReader } from './zip-read.js';

const CSV_BATCH = 500;

/**
 * Checks that the records files hold exactly the replay of the ledger segment: each record equal
 * to its last state, none the segment does not have, none it has missing; that each CSV is
 * exactly what its JSON gives; and that the evidence files are there and named by their hash.
 * Returns the number of records.
 */
export async function checkRecords(
  zip: ZipReader,
  manifest: Manifest,
  fold: Fold,
  listed: Map<string, ManifestFile>,
): Promise<number> {
  const files = new Set<string>();
  const blobs = new Set<string>();
  let total = 0;
  for (const t of manifest.tables) {
    const path = PATHS.records(t.entity);
    if (files.has(t.entity)) fail(PATHS.manifest, 'MANIFEST_UNREADABLE', `${t.entity} twice`);
    files.add(t.entity);
    if (!listed.has(path)) fail(path, 'FILE_MISSING', 'the manifest does not list this file');
    total += await checkTable(zip, t, fold, listed, blobs);
  }
  for (const [key, v] of fold) {
    if (v.digest === null) continue;
    const [entity, id] = key.split('\u0000') as [string, string];
    fail(
      PATHS.records(entity),
      'RECORD_MISSING',
      `${entity} ${id} is missing, but event ${v.seq} of the ledger says it exists`,
    );
  }
  for (const sha of blobs)
    if (!listed.has(PATHS.evidence(sha)))
      fail(PATHS.evidence(sha), 'EVIDENCE_MISSING', 'an evidence record names this file');
  for (const f of manifest.files)
    if (f.path.startsWith('evidence/') && f.path !== PATHS.evidence(f.sha256))
      fail(f.path, 'EVIDENCE_ALTERED', "the file's content does not match its name (its SHA-256)");
  return total;
}

async function checkTable(
  zip: ZipReader,
  t: ManifestTable,
  fold: Fold,
  listed: Map<string, ManifestFile>,
  blobs: Set<string>,
): Promise<number> {
  const path = PATHS.records(t.entity);
  const csvPath = PATHS.csv(t.entity);
  const csvListed = listed.get(csvPath);
  if (!csvListed) return fail(csvPath, 'FILE_MISSING', 'the manifest does not list this file');
  const csv = createHash('sha256').update(csvHeader(t.columns));
  let batch: Record<string, unknown>[] = [];
  const flush = () => {
    csv.update(csvText(t.columns, batch));
    batch = [];
  };
  const bad = (n: number, why: string) => fail(path, 'RECORDS_UNREADABLE', `line ${n}: ${why}`);
  let n = 0;
  let count = 0;
  let closed = false;
  // Every record but the last ends with a comma.
  let comma = true;
  for await (const raw of zip.lines(zip.entries.get(path)!)) {
    n++;
    if (closed) {
      if (raw !== '') bad(n, 'text after the end of the array');
      continue;
    }
    if (n === 1) {
      if (raw === '[]') closed = true;
      else if (raw !== '[') bad(n, 'the file does not start a JSON array');
      continue;
    }
    if (raw === ']') {
      if (comma) bad(n, 'the array ends after a comma or holds nothing');
      closed = true;
      continue;
    }
    if (!comma) bad(n, 'a record without a comma after it');
    comma = raw.endsWith(',');
    const line = comma ? raw.slice(0, -1) : raw;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return bad(n, 'not JSON');
    }
    if (
      !record ||
      typeof record !== 'object' ||
      Array.isArray(record) ||
      canonicalize(record) !== line
    )
      bad(n, 'not a record in canonical JSON');
    if (typeof record.id !== 'string') bad(n, 'a record without an id');
    const id = record.id as string;
    const key = foldKey(t.entity, id);
    const last = fold.get(key);
    if (!last || last.digest === null)
      fail(
        path,
        'RECORD_NOT_IN_LEDGER',
        `${t.entity} ${id} is not a record the ledger has as of the pack`,
      );
    else if (last.digest !== stateDigest(record))
      fail(
        path,
        'RECORD_MISMATCH',
        `${t.entity} ${id} differs from its state at event ${last.seq}`,
      );
    fold.delete(key);
    count++;
    if (t.entity === 'evidence' && typeof record.blob_sha256 === 'string')
      blobs.add(record.blob_sha256);
    batch.push(record);
    if (batch.length === CSV_BATCH) flush();
  }
  if (!closed) bad(n, 'the JSON array is not closed');
  if (count !== t.records)
    fail(path, 'RECORDS_COUNT', `the file holds ${count} records; the manifest says ${t.records}`);
  flush();
  if (csv.digest('hex') !== csvListed.sha256)
    fail(csvPath, 'CSV_MISMATCH', `the CSV does not hold exactly the records of ${path}`);
  return count;
}
