import os from 'node:os';

/**
 * Write lanes on PostgreSQL (src/kernel/group-commit.ts). The commands of all organizations are
 * spread over a few group-commit queues, so that commands of different organizations share a
 * transaction: one commit and one head-log transaction cover them, and each organization still
 * gets one signed head row per batch. An organization sticks to its lane while it has a command
 * queued or running in this process, so two lanes of one process never wait for each other's
 * head row lock; once it has none, its next command goes to the lane with the fewest commands.
 */

/**
 * How many transactions of organizations' commands one process keeps open at most, unless the
 * server is told otherwise (AIMS_WRITE_LANES, src/config.ts): the number of CPUs, at least 2 and
 * at most 8.
 */
export const LANES = Math.min(8, Math.max(2, os.availableParallelism()));

interface Assigned {
  lane: number;
  inFlight: number;
}

export class Lanes {
  readonly #orgs = new Map<string, Assigned>();
  readonly #load: number[];

  constructor(readonly count = LANES) {
    this.#load = Array.from({ length: count }, () => 0);
  }

  /** The organization's lane for one more command; `release` it when the command has answered. */
  take(orgId: string): number {
    let a = this.#orgs.get(orgId);
    if (!a) {
      let lane = 0;
      for (let i = 1; i < this.count; i++) if (this.#load[i]! < this.#load[lane]!) lane = i;
      this.#orgs.set(orgId, (a = { lane, inFlight: 0 }));
    }
    a.inFlight++;
    this.#load[a.lane]!++;
    return a.lane;
  }

  release(orgId: string) {
    const a = this.#orgs.get(orgId);
    if (!a) return;
    this.#load[a.lane]!--;
    if (--a.inFlight === 0) this.#orgs.delete(orgId);
  }

  /** The organization's lane while it has commands in flight (for tests). */
  laneOf(orgId: string): number | undefined {
    return this.#orgs.get(orgId)?.lane;
  }
}
