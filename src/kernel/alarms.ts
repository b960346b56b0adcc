/** Why an organization's ledger is in alarm: a code (as verify names it) and what was found. */
export interface LedgerAlarm {
  orgId: string;
  code: string;
  message: string;
  /** When this process raised it. */
  at: string;
}

/**
 * The organizations whose ledger this process refuses to sign for, because the stored chain no
 * longer passes through what was signed (or the organization is gone from the database). An
 * alarm stays until the process restarts: start-up checks every organization again, so an
 * operator who restored the database or the data folder clears it by restarting.
 */
export class LedgerAlarms {
  readonly #alarms = new Map<string, LedgerAlarm>();
  readonly #listeners: ((a: LedgerAlarm) => void)[] = [];

  /** Raises an alarm (the first reason is kept) and tells the listeners (the server logs at error). */
  raise(orgId: string, code: string, message: string, now = new Date()): LedgerAlarm {
    const existing = this.#alarms.get(orgId);
    if (existing) return existing;
    const alarm = { orgId, code, message, at: now.toISOString() };
    this.#alarms.set(orgId, alarm);
    for (const l of this.#listeners) l(alarm);
    return alarm;
  }

  of(orgId: string): LedgerAlarm | undefined {
    return this.#alarms.get(orgId);
  }

  list(): LedgerAlarm[] {
    return [...this.#alarms.values()];
  }

  /** Calls `fn` for every alarm raised from now on. */
  listen(fn: (a: LedgerAlarm) => void) {
    this.#listeners.push(fn);
  }
}
