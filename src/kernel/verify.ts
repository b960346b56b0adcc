import { verify as edVerify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, DatabaseSource } from '../db/connect.js';
import { LEDGERED, type DB } from '../db/schema.js';
import { checkLink, GENESIS_HASH } from './chain.js';
import { HeadLogError } from './head-log.js';
import { canonicalize } from './jcs.js';
import type { KeyStore } from './keys.js';
import { CHECKPOINT_INTERVAL } from './ledger.js';
import { orgMissingMessage, sealStored } from './seal.js';
import { checkCredentials, type InstanceProblem } from './verify-credentials.js';
import { verifyParallelMin } from '../config.js';
import { readLastStates, scanChainInWorkers } from './verify-chain.js';
import { checkSignedHeads, readMirror, type MirrorHeads } from './verify-heads.js';

export { credentialProblems, type InstanceProblem } from './verify-credentials.js';
export { readMirror, type MirrorHeads } from './verify-heads.js';

export interface VerifyProblem {
  /** The first ledger event that the problem breaks or contradicts, when there is one. */
  seq: number | null;
  code: string;
  message: string;
}

export interface VerifyReport {
  orgId: string;
  slug: string;
  ok: boolean;
  events: number;
  checkpoints: number;
  records: number;
  /** The first problem found in chain order: what `aims ledger verify` names. */
  firstBroken: VerifyProblem | null;
  problems: VerifyProblem[];
}

const BATCH = 5_000;

/** The slug a report shows for an organization the database lost. */
export const MISSING_SLUG = '(missing organization)';

/**
 * Verifies one organization's ledger: every link hash, the head row, every signed checkpoint,
 * the head log kept outside the database (every signature, every link to the line before, seq
 * never going back, and the stored event at each signed seq has the signed hash), the mirror of
 * the head log when there is one, and that every current ledgered record equals the replay of its
 * events (and that no event's record is missing, nor any record without events). An organization
 * the data folder knows and the database lost is reported as ORG_MISSING.
 */
export async function verifyOrg(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
  opts: {
    mirror?: MirrorHeads | null;
    /** Where worker threads can reopen the store to walk a long chain (Database.source). */
    source?: DatabaseSource | undefined;
    /** From how many events the chain is walked in worker threads (default 50,000). */
    parallelMin?: number;
    /** How many worker threads (default: the CPUs, at least 2, at most 8). */
    workers?: number;
  } = {},
): Promise<VerifyReport> {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'slug'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  const problems: VerifyProblem[] = [];
  const add = (seq: number | null, code: string, message: string) =>
    problems.push({ seq, code, message });

  const checkpoints = await db
    .selectFrom('ledger_checkpoints')
    .select(['seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', orgId)
    .orderBy('seq')
    .execute();
  if (!org) add(null, 'ORG_MISSING', orgMissingMessage);
  let log: ReturnType<KeyStore['heads']['readAll']> = { lines: [], torn: false };
  try {
    log = keys.heads.readAll(orgId);
  } catch (e) {
    if (!(e instanceof HeadLogError)) throw e;
    add(null, e.code, e.message);
  }
  const mirrored = opts.mirror?.byOrg.get(orgId) ?? [];
  // Only the hashes that signatures vouch for are kept, so memory stays small on long chains.
  const hashes = new Map<number, string>();
  for (const c of checkpoints) hashes.set(c.seq, '');
  for (const l of [...log.lines, ...mirrored]) if (l.head) hashes.set(l.head.seq, '');

  // 1. The chain.
  const last = new Map<string, { seq: number; state: Record<string, unknown> | null }>();
  let prev = GENESIS_HASH;
  let expected = 1;
  let after = 0;
  let chainBroken = false;
  // Events of one transaction share request id and time: the checkpoint rule is per transaction.
  let groupKey = '';
  let groupEnd = 0;
  const dueCheckpoints: { from: number; to: number }[] = [];
  let pendingFrom: number | null = null;
  const closeGroup = () => {
    if (pendingFrom !== null) dueCheckpoints.push({ from: pendingFrom, to: groupEnd });
    pendingFrom = null;
  };
  // Batches are bounded by seq range, not by LIMIT alone, so each is an index range scan
  // whatever the planner knows about the table.
  const bounds = await db
    .selectFrom('ledger_events')
    .select((eb) => [eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('m')])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const max = Number(bounds?.m ?? 0);
  // A long chain is walked by worker threads; only a chain without problems is settled there.
  const walking =
    opts.source && max >= (opts.parallelMin ?? verifyParallelMin()) && Number(bounds?.lo) === 1
      ? scanChainInWorkers(opts.source, orgId, max, hashes.keys(), opts.workers)
      : null;
  // The checkpoints' signatures depend on nothing the chain walk finds: checked while it runs.
  const hasKey = keys.hasKey(orgId);
  let signatureOk: boolean[] = [];
  try {
    if (hasKey) signatureOk = checkpointSignatures(keys, orgId, checkpoints);
  } catch (e) {
    await walking?.catch(() => null);
    throw e;
  }
  const scan = walking ? await walking : null;
  const states = scan ? await readLastStates(db, orgId, scan.lastSeqs) : null;
  if (scan && states) {
    for (const [k, v] of states) last.set(k, v);
    for (const [seq, hash] of scan.hashes) hashes.set(seq, hash);
    dueCheckpoints.push(...scan.dueCheckpoints);
    prev = scan.prev;
    expected = scan.count + 1;
    after = max;
  }
  while (after < max) {
    const rows = await db
      .selectFrom('ledger_events')
      .select(['seq', 'entity', 'entity_id', 'body', 'hash'])
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .where('seq', '<=', after + BATCH)
      .orderBy('seq')
      .execute();
    const upTo = after + BATCH;
    for (const row of rows) {
      after = row.seq;
      // What is stored at a signed seq is compared even past a break: it shows what was rewritten.
      if (hashes.has(row.seq)) hashes.set(row.seq, row.hash);
      if (chainBroken) continue;
      const r = checkLink(row, orgId, expected, prev);
      if ('code' in r) {
        add(expected, r.code, r.message);
        chainBroken = true;
        continue;
      }
      const body = r.body;
      prev = row.hash;
      const key = `${body.request_id}\u0000${body.at}`;
      if (key !== groupKey) {
        closeGroup();
        groupKey = key;
      }
      groupEnd = row.seq;
      if (row.seq === 1 || row.seq % CHECKPOINT_INTERVAL === 0) pendingFrom ??= row.seq;
      last.set(`${body.entity}\u0000${body.entity_id}`, { seq: row.seq, state: body.state });
      expected++;
    }
    after = Math.max(after, upTo);
  }
  if (!(scan && states)) closeGroup();
  const count = expected - 1;

  // 2. The head row and the checkpoints.
  const head = await db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash', 'signed_at', 'signature'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!chainBroken && (head?.seq ?? 0) !== count)
    add(
      count + 1,
      'HEAD_MISMATCH',
      `the head row says ${head?.seq ?? 0} events, the chain has ${count}`,
    );
  else if (!chainBroken && head && head.hash !== prev)
    add(count, 'HEAD_MISMATCH', `the head row's hash differs from event ${count}`);

  if (!hasKey) add(null, 'KEY_MISSING', `no signing key for this organization in the keys folder`);
  if (hasKey) {
    checkpoints.forEach((c, i) => {
      const ok = signatureOk[i];
      if (!ok)
        add(c.seq, 'CHECKPOINT_SIGNATURE', `the checkpoint at event ${c.seq} has a bad signature`);
      else if (c.seq > count)
        add(
          count + 1,
          'CHECKPOINT_BEYOND_CHAIN',
          `a signed checkpoint covers event ${c.seq}, but the chain ends at ${count}`,
        );
      else if (hashes.get(c.seq) !== c.hash)
        add(
          c.seq,
          'CHECKPOINT_MISMATCH',
          `event ${c.seq} differs from what was signed at a checkpoint`,
        );
    });
    // Every transaction that reached event 1 or a multiple of the interval ended with a checkpoint.
    const have = checkpoints.map((c) => c.seq); // in seq order (the query's)
    if (!chainBroken) {
      for (const due of dueCheckpoints) {
        const i = firstAtLeast(have, due.from);
        if (!(i < have.length && have[i]! <= due.to))
          add(
            due.from,
            'CHECKPOINT_MISSING',
            `the signed checkpoint due at event ${due.from} is missing`,
          );
      }
    }
    checkSignedHeads(keys, orgId, log.lines, mirrored, hashes, count, chainBroken, add);
    if (head?.signature && head.signed_at) {
      const ok = keys.verifyHead({
        org_id: orgId,
        seq: head.seq,
        hash: head.hash,
        signed_at: head.signed_at,
        signature: head.signature,
      });
      if (!ok)
        add(null, 'HEAD_ROW_SIGNATURE', `the head row (event ${head.seq}) has a bad signature`);
    }
  }

  // 3. Replay: every current record equals the last state the ledger holds for it.
  let records = 0;
  if (!chainBroken) {
    // The records the ledger holds, by entity (in the order `last` has them), split once.
    const lastByEntity = new Map<string, [string, { seq: number; state: unknown }][]>();
    for (const [key, ev] of last) {
      const [e, id] = key.split('\u0000') as [string, string];
      const list = lastByEntity.get(e);
      if (list) list.push([id, ev]);
      else lastByEntity.set(e, [[id, ev]]);
    }
    for (const [entity, spec] of Object.entries(LEDGERED)) {
      const q = db.selectFrom(spec.table as 'orgs').selectAll();
      const rows = (await (
        entity === 'orgs' ? q.where('id', '=', orgId) : q.where('org_id' as 'id', '=', orgId)
      ).execute()) as Record<string, unknown>[];
      const seen = new Set<string>();
      for (const row of rows) {
        records++;
        const id = String(row.id);
        seen.add(id);
        const ev = last.get(`${entity}\u0000${id}`);
        const state: Record<string, unknown> = {};
        for (const c of spec.columns) state[c] = row[c] ?? null;
        if (!ev)
          add(
            count + 1,
            'RECORD_WITHOUT_EVENT',
            `${entity} ${id} exists but no ledger event records it`,
          );
        else if (ev.state === null)
          add(
            ev.seq,
            'RECORD_DELETED_IN_LEDGER',
            `${entity} ${id} exists but event ${ev.seq} deleted it`,
          );
        else if (canonicalize(state) !== canonicalize(stateAsOfNow(spec.columns, ev.state)))
          add(
            ev.seq,
            'RECORD_MISMATCH',
            `${entity} ${id} differs from its state at event ${ev.seq}`,
          );
      }
      for (const [id, ev] of lastByEntity.get(entity) ?? []) {
        if (ev.state !== null && !seen.has(id))
          add(
            ev.seq,
            'RECORD_MISSING',
            `${entity} ${id} is gone, but event ${ev.seq} says it exists`,
          );
      }
    }
  }

  // 4. The seals on the organization's credentials: its API tokens, its members' passwords.
  await checkCredentials(db, keys, orgId, last, add);

  // A lost organization comes first: nothing else about it matters as much.
  const rank = (p: VerifyProblem) =>
    p.code === 'ORG_MISSING' ? -1 : (p.seq ?? Number.MAX_SAFE_INTEGER);
  problems.sort((a, b) => rank(a) - rank(b));
  return {
    orgId,
    slug: org?.slug ?? MISSING_SLUG,
    ok: problems.length === 0,
    events: count,
    checkpoints: checkpoints.length,
    records,
    firstBroken: problems[0] ?? null,
    problems,
  };
}

/** The index of the first element of an ascending list that is at least `v` (the length if none). */
function firstAtLeast(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether each checkpoint's signature is good (the organization's key is in the key store). */
function checkpointSignatures(
  keys: KeyStore,
  orgId: string,
  checkpoints: { seq: number; hash: string; signed_at: string; signature: string }[],
): boolean[] {
  const pub = keys.keyPair(orgId).pub;
  return checkpoints.map((c) => {
    const payload = Buffer.from(
      canonicalize({ org_id: orgId, seq: c.seq, hash: c.hash, signed_at: c.signed_at }),
    );
    try {
      return edVerify(null, payload, pub, Buffer.from(c.signature, 'base64'));
    } catch {
      return false;
    }
  });
}

/**
 * A recorded state in terms of today's columns: a column added by a later migration is absent
 * from the events written before it and must still be null in the table (so a migration that adds
 * a column to a ledgered table adds it nullable, without a default); a column since dropped is
 * no longer compared.
 */
export function stateAsOfNow(
  columns: readonly string[],
  recorded: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, c in recorded ? recorded[c] : null]));
}

/**
 * The organizations to verify: every one with a row or a chain in the database, and every one
 * the data folder holds a key or signed heads for (the database may have lost it).
 */
export async function orgIdsToVerify(db: Kysely<DB>, keys?: KeyStore): Promise<string[]> {
  const a = await db.selectFrom('orgs').select('id').execute();
  const b = await db.selectFrom('ledger_heads').select('org_id').execute();
  const c = await db.selectFrom('ledger_events').select('org_id').distinct().execute();
  return [
    ...new Set([
      ...a.map((r) => r.id),
      ...b.map((r) => r.org_id),
      ...c.map((r) => r.org_id),
      ...(keys?.orgIdsOnDisk() ?? []),
    ]),
  ];
}

/**
 * Organizations this instance has signed for (a key or signed heads in the data folder) that the
 * database no longer holds.
 */
export async function missingOrgs(db: Kysely<DB>, keys: KeyStore): Promise<InstanceProblem[]> {
  const inDb = new Set((await db.selectFrom('orgs').select('id').execute()).map((r) => r.id));
  return keys
    .orgIdsOnDisk()
    .filter((id) => !inDb.has(id))
    .sort()
    .map((orgId) => ({ orgId, code: 'ORG_MISSING', message: orgMissingMessage }));
}

/**
 * What `aims ledger verify` and the verification route run for one organization: first what a
 * crash left unsigned is signed, once the chain checks out through the last signed head (stray
 * temporary files removed); then the whole ledger is verified, with the mirror of the head log
 * (the configured one unless another is given). With `raise`, a chain that may not be signed over
 * puts the organization in alarm in this process (the server); the CLI only reports.
 */
export async function verifyLedger(
  database: Database,
  keys: KeyStore,
  orgId: string,
  opts: { mirror?: MirrorHeads | null; now?: Date; raise?: boolean } = {},
): Promise<VerifyReport> {
  keys.heads.cleanTemp(orgId);
  const exists = await database.db
    .selectFrom('orgs')
    .select('id')
    .where('id', '=', orgId)
    .executeTakeFirst();
  // Nothing is signed for an organization the database lost.
  if (exists) {
    const p = await sealStored(database, keys, orgId, opts.now ?? new Date());
    if (p && opts.raise) keys.alarms.raise(orgId, p.code, p.message);
  } else if (opts.raise) keys.alarms.raise(orgId, 'ORG_MISSING', orgMissingMessage);
  const mirror =
    opts.mirror !== undefined
      ? opts.mirror
      : keys.heads.mirror
        ? readMirror(keys.heads.mirror)
        : null;
  return verifyOrg(database.db, keys, orgId, { mirror, source: database.source });
}
