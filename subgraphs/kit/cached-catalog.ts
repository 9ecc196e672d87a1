/**
 * A catalog (data that changes rarely and is read by every request, such as the live experiments or
 * the agreement versions) loaded from the subgraph's own database and kept in memory across
 * requests, correct across replicas:
 *
 * - Invalidated by PostgreSQL LISTEN/NOTIFY. Triggers on the catalog tables NOTIFY the channel
 *   inside the writing transaction, so every replica hears of a change when it commits (and never
 *   of one rolled back). The session listens on a dedicated connection (a pooled one would be
 *   released and stop listening); when it drops, it reconnects with backoff, and since
 *   notifications sent meanwhile are lost, every read loads from the database until it listens
 *   again, and the first load after that is a fresh one.
 * - A periodic re-check (`CATALOG_RECHECK_SECONDS`, 30 s) reloads in the background and pings the
 *   listener, as a safety net against a notification lost some way we did not foresee; a value
 *   older than twice that is loaded again before it is served.
 * - Concurrent reads during a load share it. A read after an invalidation never joins a load that
 *   started before it.
 * - A failed load serves the value held before (logged once per failure streak); without one, it
 *   fails (the request gets the database error's code).
 *
 * pg-listen would do the listening, but is unmaintained since 2020; pg's Client does it directly.
 */
import type { Client } from 'pg';
import { envInt } from '../../common/env';
import type { Logger } from '../../common/logger';
import { isFresh, reconnectDelayMs, type HeldValue } from './catalog-freshness';

export interface CachedCatalogOptions<T> {
  /** For logs, e.g. "experiments catalog". */
  name: string;
  /** The channel the catalog tables' triggers NOTIFY (a plain lower-case identifier). */
  channel: string;
  /** A new connection outside the pool (Database.dedicatedClient). */
  connect(): Client;
  /** Reads the whole catalog; runs in the async context of the request that needed it (its statements count there). */
  load(): Promise<T>;
  log: Logger;
  recheckMs?: number;
}

export const CATALOG_RECHECK_MS = envInt('CATALOG_RECHECK_SECONDS', 30) * 1000;

export class CachedCatalog<T> {
  private generation = 0;
  private held?: HeldValue & { value: T };
  private inflight?: { generation: number; promise: Promise<T> };
  private client?: Client;
  private listening = false;
  private stopped = false;
  private reconnectAttempt = 0;
  private failing = false;
  private reconnectTimer?: NodeJS.Timeout;
  private recheckTimer?: NodeJS.Timeout;
  private readonly recheckMs: number;

  constructor(private readonly options: CachedCatalogOptions<T>) {
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(options.channel)) throw new Error(`invalid channel name ${options.channel}`);
    this.recheckMs = options.recheckMs ?? CATALOG_RECHECK_MS;
  }

  /** Listens, then loads (in that order: a change between the two is not missed). A failed first load fails the start. */
  async start(): Promise<void> {
    await this.listen();
    await this.refresh();
    this.recheckTimer = setInterval(() => void this.recheck(), this.recheckMs);
    this.recheckTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheckTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  /** The catalog: from memory while nothing changed, otherwise loaded (shared with concurrent reads). */
  get(): Promise<T> {
    const facts = { generation: this.generation, listening: this.listening, now: Date.now(), maxAgeMs: 2 * this.recheckMs };
    if (this.held && isFresh(this.held, facts)) return Promise.resolve(this.held.value);
    return this.refresh();
  }

  /** Something changed (a local write has committed, or a notification came): the next read loads. */
  invalidate(): void {
    this.generation++;
  }

  /** Loads now, for a read that met a row the held catalog does not know yet (written through another replica a moment ago). */
  reload(): Promise<T> {
    this.invalidate();
    return this.refresh();
  }

  /** Whether a LISTEN session is open (for diagnostics and tests). */
  get isListening(): boolean {
    return this.listening;
  }

  private refresh(): Promise<T> {
    if (this.inflight && this.inflight.generation === this.generation) return this.inflight.promise;
    const flight = { generation: this.generation, promise: this.loadAt(this.generation) };
    this.inflight = flight;
    const clear = () => {
      if (this.inflight === flight) this.inflight = undefined;
    };
    flight.promise.then(clear, clear);
    return flight.promise;
  }

  private async loadAt(generation: number): Promise<T> {
    try {
      const value = await this.options.load();
      // A slower load that started earlier must not replace a newer one.
      if (!this.held || this.held.generation <= generation) this.held = { value, generation, loadedAt: Date.now() };
      if (this.failing) this.options.log.info('catalog loads again', { catalog: this.options.name });
      this.failing = false;
      return value;
    } catch (error) {
      if (!this.failing) {
        this.options.log.warn('catalog load failed; serving the catalog held before, if any', { catalog: this.options.name, error: (error as Error).message });
      }
      this.failing = true;
      if (this.held) return this.held.value;
      throw error;
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = this.options.connect();
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.invalidate();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    const reconnected = this.reconnectAttempt > 0;
    this.listening = true;
    this.reconnectAttempt = 0;
    // Whatever was notified while nobody listened is lost: what is held may be stale.
    this.invalidate();
    if (reconnected) {
      this.options.log.info('catalog listener connected again; reloading', { catalog: this.options.name });
      this.refresh().catch(() => undefined);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.reconnectAttempt++;
    const delay = reconnectDelayMs(this.reconnectAttempt);
    this.options.log.warn('catalog listener lost; every read loads until it listens again', {
      catalog: this.options.name, error: error instanceof Error ? error.message : 'connection ended', attempt: this.reconnectAttempt, retryInMs: delay,
    });
    this.reconnectTimer = setTimeout(() => void this.listen(), delay);
    this.reconnectTimer.unref();
  }

  /** The safety net: a listener that stopped answering is replaced, and the catalog is loaded again. */
  private async recheck(): Promise<void> {
    const client = this.listening ? this.client : undefined;
    if (client) {
      try {
        await client.query('SELECT 1');
      } catch (error) {
        this.lost(client, error);
      }
    }
    await this.refresh().catch(() => undefined);
  }
}
