/**
 * A fixed-window counter of failed attempts per key (here: client address and email). Kept in
 * process memory: behind several API processes each counts on its own, which still bounds guessing.
 */
export class AttemptLimiter {
  readonly #hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one is allowed. */
  retryAfter(key: string, now = Date.now()): number {
    const h = this.#hits.get(key);
    if (!h || h.resetAt <= now) return 0;
    return h.count >= this.max ? Math.ceil((h.resetAt - now) / 1000) : 0;
  }

  fail(key: string, now = Date.now()) {
    const h = this.#hits.get(key);
    if (!h || h.resetAt <= now) this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else h.count++;
    if (this.#hits.size > 100_000)
      for (const [k, v] of this.#hits) if (v.resetAt <= now) this.#hits.delete(k);
  }

  reset(key: string) {
    this.#hits.delete(key);
  }
}
