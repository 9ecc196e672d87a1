/** The pure rules of kit/cached-catalog.ts: when a value held in memory may be served, and the reconnect backoff. */

export interface HeldValue {
  /** The invalidation generation the load started in. */
  generation: number;
  /** When the load that produced it finished (ms since the epoch). */
  loadedAt: number;
}

export interface FreshnessFacts {
  /** Bumped by every notification, local change and reconnect. */
  generation: number;
  /** A LISTEN session is open: a change committed now would reach us. */
  listening: boolean;
  now: number;
  /** The safety bound: an older value is loaded again before it is served. */
  maxAgeMs: number;
}

/**
 * A held value may be served without asking the database when nothing changed since its load
 * started, a listener would have told us of a change, and it is younger than the safety bound.
 * Without a listener every read loads (a missed notification must not hide a kill).
 */
export function isFresh(held: HeldValue | undefined, facts: FreshnessFacts): boolean {
  return held !== undefined && facts.listening && held.generation === facts.generation && facts.now - held.loadedAt < facts.maxAgeMs;
}

/** Reconnect delays: 100 ms doubling to at most `maxMs`. */
export function reconnectDelayMs(attempt: number, maxMs = 5_000): number {
  return Math.min(maxMs, 100 * 2 ** Math.max(0, attempt - 1));
}
