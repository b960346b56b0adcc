import { verify as edVerify } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LEDGERED, type DB } from '../db/schema.js';
import { canonicalize } from './jcs.js';
import type { KeyStore } from './keys.js';
import { CHECKPOINT_INTERVAL, GENESIS_HASH, linkHash, type LedgerBody } from './ledger.js';

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

const BATCH = 20_000;

/**
 * Verifies one organization's ledger: every link hash, the head row, every signed checkpoint, the
 * signed head kept outside the database, and that every current ledgered record equals the replay
 * of its events (and that no event's record is missing, nor any record without events).
 */
export async function verifyOrg(
  db: Kysely<DB>,
  keys: KeyStore,
  orgId: string,
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
  const signed = keys.readHead(orgId);
  // Only the hashes that signatures vouch for are kept, so memory stays small on long chains.
  const hashes = new Map<number, string>();
  for (const c of checkpoints) hashes.set(c.seq, '');
  if (signed) hashes.set(signed.seq, '');

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
  const max = Number(
    (
      await db
        .selectFrom('ledger_events')
        .select((eb) => eb.fn.max('seq').as('m'))
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    )?.m ?? 0,
  );
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
      if (chainBroken) continue;
      const fail = (code: string, msg: string) => {
        add(expected, code, msg);
        chainBroken = true;
      };
      if (row.seq !== expected) {
        fail('SEQ_GAP', `event ${expected} is missing: the next stored event is ${row.seq}`);
        continue;
      }
      let body: LedgerBody;
      try {
        body = JSON.parse(row.body) as LedgerBody;
      } catch {
        fail('BODY_UNREADABLE', `event ${row.seq} is not valid JSON`);
        continue;
      }
      if (canonicalize(body) !== row.body)
        fail('BODY_NOT_CANONICAL', `event ${row.seq} is not in canonical form`);
      else if (body.seq !== row.seq || body.org_id !== orgId)
        fail('BODY_MISPLACED', `event ${row.seq} says it is event ${body.seq} of another place`);
      else if (body.entity !== row.entity || body.entity_id !== row.entity_id)
        fail('INDEX_MISMATCH', `event ${row.seq}'s entity columns differ from its body`);
      else if (body.prev_hash !== prev)
        fail('PREV_HASH_MISMATCH', `event ${row.seq} does not link to event ${row.seq - 1}`);
      else if (linkHash(prev, row.body) !== row.hash)
        fail('HASH_MISMATCH', `event ${row.seq}'s hash does not match its content`);
      if (chainBroken) continue;
      prev = row.hash;
      const key = `${body.request_id}\u0000${body.at}`;
      if (key !== groupKey) {
        closeGroup();
        groupKey = key;
      }
      groupEnd = row.seq;
      if (row.seq === 1 || row.seq % CHECKPOINT_INTERVAL === 0) pendingFrom ??= row.seq;
      if (hashes.has(row.seq)) hashes.set(row.seq, row.hash);
      last.set(`${body.entity}\u0000${body.entity_id}`, { seq: row.seq, state: body.state });
      expected++;
    }
    after = Math.max(after, upTo);
  }
  closeGroup();
  const count = expected - 1;

  // 2. The head row and the checkpoints.
  const head = await db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash'])
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

  const hasKey = keys.hasKey(orgId);
  if (!hasKey) add(null, 'KEY_MISSING', `no signing key for this organization in the data folder`);
  if (hasKey) {
    const pub = keys.keyPair(orgId).pub;
    for (const c of checkpoints) {
      const payload = Buffer.from(
        canonicalize({ org_id: orgId, seq: c.seq, hash: c.hash, signed_at: c.signed_at }),
      );
      let ok = false;
      try {
        ok = edVerify(null, payload, pub, Buffer.from(c.signature, 'base64'));
      } catch {
        ok = false;
      }
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
    }
    // Every transaction that reached event 1 or a multiple of the interval ended with a checkpoint.
    const have = checkpoints.map((c) => c.seq);
    if (!chainBroken) {
      for (const due of dueCheckpoints) {
        if (!have.some((c) => c >= due.from && c <= due.to))
          add(
            due.from,
            'CHECKPOINT_MISSING',
            `the signed checkpoint due at event ${due.from} is missing`,
          );
      }
    }
    if (signed) {
      if (signed.org_id !== orgId || !keys.verifyHead(signed))
        add(null, 'HEAD_SIGNATURE', 'the signed head in the data folder has a bad signature');
      else if (signed.seq > count)
        add(
          count + 1,
          'TRUNCATED',
          `the signed head covers event ${signed.seq}, but the chain ends at ${count}`,
        );
      else if (hashes.get(signed.seq) !== signed.hash)
        add(signed.seq, 'HEAD_FILE_MISMATCH', `event ${signed.seq} differs from the signed head`);
      else if (signed.seq < count && !chainBroken) {
        add(
          signed.seq + 1,
          'UNSIGNED_EVENTS',
          `events ${signed.seq + 1}–${count} come after the last signed head: nothing vouches for them`,
        );
      }
    } else if (count > 0) {
      add(null, 'HEAD_FILE_MISSING', 'no signed head in the data folder for a chain with events');
    }
  }

  // 3. Replay: every current record equals the last state the ledger holds for it.
  let records = 0;
  if (!chainBroken) {
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
      for (const [key, ev] of last) {
        const [e, id] = key.split('\u0000') as [string, string];
        if (e === entity && ev.state !== null && !seen.has(id))
          add(
            ev.seq,
            'RECORD_MISSING',
            `${entity} ${id} is gone, but event ${ev.seq} says it exists`,
          );
      }
    }
  }

  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return {
    orgId,
    slug: org?.slug ?? '(missing organization)',
    ok: problems.length === 0,
    events: count,
    checkpoints: checkpoints.length,
    records,
    firstBroken: problems[0] ?? null,
    problems,
  };
}

/** The organizations to verify: every one with a chain or a row. */
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

export async function orgIdsToVerify(db: Kysely<DB>): Promise<string[]> {
  const a = await db.selectFrom('orgs').select('id').execute();
  const b = await db.selectFrom('ledger_heads').select('org_id').execute();
  const c = await db.selectFrom('ledger_events').select('org_id').distinct().execute();
  return [
    ...new Set([...a.map((r) => r.id), ...b.map((r) => r.org_id), ...c.map((r) => r.org_id)]),
  ];
}
