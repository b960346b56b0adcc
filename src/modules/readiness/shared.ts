import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { today } from '../../kernel/records.js';
import { evaluate, type RequirementResult } from './engine.js';
import { ledgerHeadSeq } from './queries-documents.js';
import { ASSESSABLE } from './requirements.js';

/**
 * Readiness evaluated once per state of an organization and shared: every record it reads is
 * ledgered (or written with a ledgered record, as metric points are with their batch), so the
 * ledger head names the state, and the minute names the clock (due dates are by day, reporting
 * clocks to the minute). Concurrent requests for the same key share one evaluation in flight.
 * The head is read before the evaluation, so a write that lands during it moves the head and
 * the next request evaluates again: a result is never older than the head it is filed under.
 * Several processes on one database each keep their own copy, keyed by the same head.
 *
 * The results are the organization's, unredacted: routes redact per caller (forCaller).
 */
const MAX_ORGS = 500;

/**
 * A cache of values computed once per organization state (its ledger head and the minute) and
 * key within that state, for what is a function of the records and the clock alone: the first
 * request computes, concurrent ones share the promise, a failed computation is not kept, and the
 * least recently used organizations are dropped past 500. Up to `maxKeys` keys per state.
 */
export function perOrgState<T>(maxKeys = 1) {
  type Entry = { state: string; values: Map<string, Promise<T>> };
  // One cache per database: an as-of snapshot (src/kernel/as-of.ts) is a database of its own, and
  // its reads neither take the place of the live organization's entry nor outlive the snapshot.
  const byDatabase = new WeakMap<Kysely<DB>, Map<string, Entry>>();
  return async (
    db: Kysely<DB>,
    orgId: string,
    now: Date,
    key: string,
    compute: (minute: Date) => Promise<T>,
  ): Promise<T> => {
    let cache = byDatabase.get(db);
    if (!cache) byDatabase.set(db, (cache = new Map()));
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const state = `${await ledgerHeadSeq(db, orgId)}|${minute.toISOString()}`;
    let entry = cache.get(orgId);
    if (!entry || entry.state !== state || (!entry.values.has(key) && entry.values.size >= maxKeys))
      entry = { state, values: new Map() };
    // Most recently used last, so the oldest organization is the one dropped.
    cache.delete(orgId);
    cache.set(orgId, entry);
    if (cache.size > MAX_ORGS) cache.delete(cache.keys().next().value!);
    const values = entry.values;
    let value = values.get(key);
    if (!value) {
      const computed = compute(minute);
      value = computed;
      values.set(key, computed);
      computed.catch(() => {
        if (values.get(key) === computed) values.delete(key);
      });
    }
    return value;
  };
}

const readiness = perOrgState<RequirementResult[]>();
let evaluations = 0;

export const evaluateShared = (
  db: Kysely<DB>,
  orgId: string,
  now: Date,
): Promise<RequirementResult[]> =>
  readiness(db, orgId, now, '', (minute) => {
    evaluations++;
    return evaluate(db, orgId, ASSESSABLE, today(minute), minute.toISOString());
  });

/** How many evaluations have run in this process (the tests count them; /metrics may too). */
export const evaluationCount = (): number => evaluations;
