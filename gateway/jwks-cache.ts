/**
 * identity's token verification keys (JWKS), held by the gateway: fetched at start-up, refreshed
 * in the background, refetched when a token names an unknown key id, and KEPT when a refresh
 * fails (stale-if-error), so an identity or PostgreSQL outage does not turn valid tokens into
 * refusals. jose's createRemoteJWKSet cannot do the last part: once its cache is older than
 * cacheMaxAge, every verification waits for a refetch and fails with it. So the fetching is ours
 * and the key selection stays jose's (createLocalJWKSet).
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../common/logger';

/** No key for the token is known and the JWKS cannot be fetched now: the token could not be checked. */
export class KeysUnavailableError extends Error {}

export interface JwksCacheOptions {
  url: string;
  /** Background refresh interval while fetching works. */
  refreshMs: number;
  /** Background retry interval while fetching fails (at most refreshMs). */
  retryMs?: number;
  /** One fetch may take this long. */
  timeoutMs?: number;
  /**
   * After a fetch, an unknown key id answers from that fetch's outcome instead of fetching again:
   * one fetch a second at most, whatever bogus key ids cost. Short, so the first token of a new
   * key is not refused for long (jose's 30 s default did that just after a rotation).
   */
  cooldownMs?: number;
  log: Logger;
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

export class JwksCache {
  private keys?: KeySet;
  private fetchedAt?: number;
  private lastAttempt?: { endedAt: number; ok: boolean };
  private pending?: Promise<boolean>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly retryMs: number;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;

  constructor(private readonly options: JwksCacheOptions) {
    this.retryMs = Math.min(options.retryMs ?? 5_000, options.refreshMs);
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.cooldownMs = options.cooldownMs ?? 1_000;
  }

  /** jose's key resolver: throws KeysUnavailableError when the token's key cannot be known now. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.keys) {
      try {
        return await this.keys(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      }
    }
    if (!(await this.fetchedSinceUnknownKey())) {
      throw new KeysUnavailableError(`no verification key for kid ${String(header.kid)} is cached and ${this.options.url} cannot be fetched`);
    }
    // The set is current: a key id it does not hold is unknown to identity too (JWKSNoMatchingKey).
    return this.keys!(header, token);
  };

  /** Whether the keys now held come from a fetch that succeeded after (or just before) the miss. */
  private async fetchedSinceUnknownKey(): Promise<boolean> {
    if (this.pending) return this.pending;
    const last = this.lastAttempt;
    if (last && Date.now() - last.endedAt < this.cooldownMs) return last.ok;
    return this.refresh();
  }

  /** One fetch at a time; resolves false (and keeps the cached keys) when it fails. */
  refresh(): Promise<boolean> {
    this.pending ??= this.fetchKeys().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchKeys(): Promise<boolean> {
    const wasFailing = this.lastAttempt?.ok === false;
    try {
      const res = await fetch(this.options.url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.keys = createLocalJWKSet((await res.json()) as JSONWebKeySet); // throws on a malformed set: the old one stays
      this.fetchedAt = Date.now();
      this.lastAttempt = { endedAt: Date.now(), ok: true };
      if (wasFailing) this.options.log.info('token verification keys fetched again', { url: this.options.url });
      return true;
    } catch (error) {
      this.lastAttempt = { endedAt: Date.now(), ok: false };
      // Once per outage at warn; the retries every few seconds at debug.
      this.options.log[wasFailing ? 'debug' : 'warn']('token verification keys not fetched; verifying with the cached ones', {
        url: this.options.url,
        error: (error as Error).message,
        cachedSince: this.fetchedAt ? new Date(this.fetchedAt).toISOString() : 'never (tokens get SERVICE_UNAVAILABLE until a fetch succeeds)',
      });
      return false;
    }
  }

  /** Fetches once (a failure is logged, not thrown: identity may come up later), then keeps refreshing. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().then(() => this.schedule()), this.lastAttempt?.ok ? this.options.refreshMs : this.retryMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
