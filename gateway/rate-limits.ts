/**
 * Request quotas per account and per client address (rate-limiter-flexible), enforced when the
 * request's context is built: after the token is verified, before parsing, planning or any
 * subgraph call. A refusal is HTTP 429 with Retry-After and RATE_LIMITED with retryAfterSeconds.
 */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CallerContext } from '../common/caller-context';
import type { Logger } from '../common/logger';
import type { Channel } from './channel';
import { rateLimited as rateLimitedError } from './errors';
import { rateLimited } from './metrics';
import type { RateLimitConfig } from './rate-limit-config';
import { bucketLimits, quotaChecks, refusalMessage, retryAfterSeconds, type Bucket, type QuotaCheck } from './rate-limit-policy';
import { memoryStore, postgresStore } from './rate-limit-store';

export interface RateLimits {
  /** Counts the request against its quotas; throws RATE_LIMITED (HTTP 429) when one is used up. */
  enforce(caller: CallerContext, channel: Channel | undefined): Promise<void>;
  stop(): Promise<void>;
}

export function createRateLimits(config: RateLimitConfig, log: Logger): RateLimits {
  const store = config.databaseUrl
    ? postgresStore({ url: config.databaseUrl, timeoutMs: config.storeTimeoutMs, poolSize: config.storePoolSize, log })
    : memoryStore();
  const limiters = new Map<Bucket, RateLimiterAbstract>();
  for (const [bucket, points] of Object.entries(bucketLimits(config)) as [Bucket, number][]) {
    if (points > 0) limiters.set(bucket, store.limiter(bucket, points, config.windowSeconds));
  }

  /** The wait in ms if the quota is used up, else null. */
  const consume = (check: QuotaCheck): Promise<number | null> =>
    limiters.get(check.bucket)!.consume(check.key).then(
      () => null,
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
        // Not a refusal but a failure that even the insurance did not absorb: serve the request.
        log.error('rate limiter failed; request served without its quota check', { bucket: check.bucket, error: rejection });
        return null;
      },
    );

  const refund = (check: QuotaCheck): Promise<unknown> =>
    limiters.get(check.bucket)!.reward(check.key).catch((error: unknown) => log.warn('rate limiter could not give back a point', { bucket: check.bucket, error }));

  return {
    async enforce(caller, channel = 'BETA') {
      const checks = quotaChecks({ accountId: caller.accountId, channel, address: caller.clientAddress }, config);
      const taken: QuotaCheck[] = [];
      for (const check of checks) {
        const ms = await consume(check);
        if (ms === null) {
          taken.push(check);
          continue;
        }
        // A refused request is not served: it gives back what it took from the quotas checked before.
        await Promise.all(taken.map(refund));
        rateLimited.inc({ scope: check.scope, channel: caller.accountId ? channel : 'ANONYMOUS' });
        const wait = retryAfterSeconds(ms);
        throw rateLimitedError(refusalMessage(check, channel, config.windowSeconds, wait), wait);
      }
    },
    stop: () => store.stop(),
  };
}
