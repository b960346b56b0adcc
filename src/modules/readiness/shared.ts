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
const cache = new Map<string, { key: string; results: Promise<RequirementResult[]> }>();
let evaluations = 0;

export async function evaluateShared(
  db: Kysely<DB>,
  orgId: string,
  now: Date,
): Promise<RequirementResult[]> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const key = `${await ledgerHeadSeq(db, orgId)}|${minute.toISOString()}`;
  const hit = cache.get(orgId);
  if (hit && hit.key === key) {
    // Most recently used last, so the oldest organization is the one dropped.
    cache.delete(orgId);
    cache.set(orgId, hit);
    return hit.results;
  }
  evaluations++;
  const results = evaluate(db, orgId, ASSESSABLE, today(minute), minute.toISOString());
  const entry = { key, results };
  cache.delete(orgId);
  cache.set(orgId, entry);
  if (cache.size > MAX_ORGS) cache.delete(cache.keys().next().value!);
  // A failed evaluation is not kept: the next request tries again.
  results.catch(() => {
    if (cache.get(orgId) === entry) cache.delete(orgId);
  });
  return results;
}

/** How many evaluations have run in this process (the tests count them; /metrics may too). */
export const evaluationCount = (): number => evaluations;
