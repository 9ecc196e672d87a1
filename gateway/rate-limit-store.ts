/**
 * Where the gateway's quota counters live: this process's memory, or a PostgreSQL table shared by
 * every gateway replica (RATE_LIMIT_DATABASE_URL), so N replicas do not grant N times the quota.
 *
 * The shared store fails open: rate-limiter-flexible's insuranceLimiter (an in-memory limiter with
 * the same quota) decides whenever a query fails or times out, so an outage of the limiter's
 * database only makes the limits per replica for a while. It is logged when it starts and ends.
 */
import { Pool, type QueryConfig } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../common/logger';
import { rateLimitStoreErrors } from './metrics';
import type { Bucket } from './rate-limit-policy';

export interface RateLimitStore {
  limiter(bucket: Bucket, points: number, windowSeconds: number): RateLimiterAbstract;
  stop(): Promise<void>;
}

const TABLE = 'gateway_rate_limits';

export function memoryStore(): RateLimitStore {
  return {
    limiter: (bucket, points, duration) => new RateLimiterMemory({ keyPrefix: bucket, points, duration }),
    stop: async () => {},
  };
}

export function postgresStore(options: { url: string; timeoutMs: number; poolSize: number; log: Logger }): RateLimitStore {
  const { log } = options;
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Bounds what a request waits for a decision (connecting, a pool slot, the statement) before
    // the in-memory insurance decides; without it an unreachable host would hang every request.
    connectionTimeoutMillis: options.timeoutMs,
    query_timeout: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    application_name: 'beta-gateway-rate-limits',
  });
  // An idle connection dropped by the server emits here; unhandled, it would end the process.
  pool.on('error', (error) => log.warn('rate limit store connection lost', { error: error.message }));

  let down = false;
  const failed = (error: Error) => {
    rateLimitStoreErrors.inc();
    if (down) return;
    down = true;
    log.warn('rate limit store unavailable: each gateway replica counts quotas in its own memory until it answers', { error: error.message });
  };
  const answered = () => {
    if (!down) return;
    down = false;
    log.info('rate limit store answers again: quotas are shared by the replicas again');
  };
  // The library queries through this client (storeType 'pool'): it sees every failure and recovery.
  const client = {
    query: (query: QueryConfig) =>
      pool.query(query).then(
        (result) => (answered(), result),
        (error: Error) => {
          failed(error);
          throw error;
        },
      ),
  };

  // The library creates its table when a limiter is constructed (CREATE TABLE IF NOT EXISTS). That
  // limiter is built only for this, retried until the database answers, and also deletes expired
  // rows every 5 minutes; the counting limiters skip both (tableCreated, clearExpiredByTimeout off).
  let retry: NodeJS.Timeout | undefined;
  const createTable = (attempt: number) => {
    new RateLimiterPostgres(
      { storeClient: client, storeType: 'pool', tableName: TABLE, keyPrefix: 'table', points: 1, duration: 1 },
      (error?: Error) => {
        if (!error) return log.info('rate limit store ready', { table: TABLE });
        const delayMs = Math.min(10_000, 1000 * 2 ** attempt);
        log.warn('rate limit store: cannot create its table yet, retrying', { error: error.message, retryInMs: delayMs });
        retry = setTimeout(() => createTable(attempt + 1), delayMs).unref();
      },
    );
  };
  createTable(0);

  return {
    limiter: (bucket, points, duration) =>
      new RateLimiterPostgres({
        storeClient: client,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: bucket,
        points,
        duration,
        // A key over its quota is refused from memory until its window ends: a flood from one
        // caller does not become a flood of writes to the shared database.
        inMemoryBlockOnConsumed: points + 1,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: bucket, points, duration }),
      }),
    stop: async () => {
      clearTimeout(retry);
      await pool.end();
    },
  };
}
