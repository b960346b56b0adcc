/**
 * The records of an organization at a point of its ledger, folded from its events: pure and free
 * of any database, so the same fold serves the as-of reads of the API (src/kernel/as-of.ts), the
 * verification of records against their events and an offline reader of an exported ledger.
 */

/** What the fold needs of one ledger event (a parsed event body has these fields and more). */
export interface ReplayEvent {
  seq: number;
  at: string;
  entity: string;
  entity_id: string;
  /** The record's whole ledgered state after the event; null when the event deleted it. */
  state: Record<string, unknown> | null;
}

/** The latest state of each record: entity (table) → record id → state. */
export type ReplayState = Map<string, Map<string, Record<string, unknown>>>;

/** Where a fold stands: its records and the last event it took in (0 before the first). */
export interface Replay {
  records: ReplayState;
  seq: number;
  at: string | null;
}

export const emptyReplay = (): Replay => ({ records: new Map(), seq: 0, at: null });

/**
 * Takes events in chain order into `into` (which it changes and returns, so a long chain can be
 * folded batch by batch with little more memory than its latest states), stopping before the
 * first event past `upTo`. An event out of order (seq not after the last one taken) is an error:
 * the fold would otherwise silently describe a state that never was.
 */
export function foldEvents(
  events: Iterable<ReplayEvent>,
  upTo = Number.POSITIVE_INFINITY,
  into: Replay = emptyReplay(),
): Replay {
  for (const e of events) {
    if (e.seq > upTo) break;
    if (e.seq <= into.seq)
      throw new Error(`ledger event ${e.seq} comes after event ${into.seq} in the fold`);
    let table = into.records.get(e.entity);
    if (e.state === null) table?.delete(e.entity_id);
    else {
      if (!table) into.records.set(e.entity, (table = new Map()));
      table.set(e.entity_id, e.state);
    }
    into.seq = e.seq;
    into.at = e.at;
  }
  return into;
}

/**
 * The seq of the last event at or before `at` in a chain whose times never go back (the ledger
 * appends under the chain's lock with the transaction's clock), by bisection over `atOf(seq)`
 * for seq in 1..`head`: 0 when the chain starts after `at`. Times are ISO-8601 UTC text of one
 * length, so text order is time order.
 */
export async function lastSeqAt(
  head: number,
  at: string,
  atOf: (seq: number) => Promise<string>,
): Promise<number> {
  let lo = 0;
  let hi = head;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await atOf(mid)) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
