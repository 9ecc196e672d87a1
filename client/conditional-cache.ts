/**
 * The last ETag and data per (operation, variables), for conditional GETs: the client sends
 * If-None-Match and a 304 answer reuses the data. Safe across accounts: the gateway's ETag is a
 * hash of the whole answer, so it matches only an identical answer. Bounded (least recently used
 * entries go first); cleared when the session ends. A client whose memory does not last (an MV3
 * service worker is stopped when idle) passes its own instance, restored from and saved to storage
 * with `snapshot()`, so its next start still sends If-None-Match.
 */
export interface Cached {
  etag: string;
  data: unknown;
}

export class ConditionalCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly maxEntries = 100, saved: Iterable<[string, Cached]> = []) {
    for (const [key, entry] of saved) this.put(key, entry);
  }

  static key(operationId: string, variables: unknown): string {
    return `${operationId}:${JSON.stringify(variables ?? {})}`;
  }

  get(key: string): Cached | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  put(key: string, entry: Cached | undefined): void {
    this.entries.delete(key);
    if (!entry) return;
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The entries, least recently used first: what `new ConditionalCache(max, saved)` restores. */
  snapshot(): [string, Cached][] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.clear();
  }
}
