/**
 * The gateway's request quotas, in one place: every value comes from an environment variable with
 * the default below (README's configuration table lists them).
 *
 * Why these defaults: the add-on polls Bootstrap every few minutes and runs a handful of calls at
 * start-up; a portal page makes a few queries per view. 600 a minute per account is two orders of
 * magnitude above that for one person on several browsers, so only a runaway client or a stolen
 * token meets it. EXPERIMENTAL gets twice BETA's (the plan trades bigger quotas for closer
 * tracking). An address is shared by everyone behind one NAT or proxy, so its limit (1200, every
 * caller together) is only a flood guard; anonymous callers — public portal pages, sign-up and
 * sign-in, which identity also limits on its own — get 300 a minute per address on top of it.
 */
import { envInt, envString } from '../common/env';
import type { Channel } from './channel';

export interface RateLimitConfig {
  /** Length of a counting window. Each key's window starts with its first request (fixed window per key). */
  windowSeconds: number;
  /** Requests per window of one signed-in account, by the channel in its access token. 0 = no limit. */
  perAccount: Record<Channel, number>;
  /** Requests per window from one client address, every caller together. 0 = no limit. */
  perAddress: number;
  /** Requests per window from one client address without a sign-in, counted on top of perAddress. 0 = no limit. */
  anonymousPerAddress: number;
  /** PostgreSQL shared by all gateway replicas, so their budgets add up to one; null = this process's memory. */
  databaseUrl: string | null;
  /** How long a decision may wait for the shared store before this process's memory decides instead. */
  storeTimeoutMs: number;
  /** Connections to the shared store per gateway process. */
  storePoolSize: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  windowSeconds: 60,
  perAccount: { BETA: 600, EXPERIMENTAL: 1200 },
  perAddress: 1200,
  anonymousPerAddress: 300,
  databaseUrl: null,
  storeTimeoutMs: 1000,
  storePoolSize: 10,
};

function positive(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const value = envInt(name, fallback, env);
  if (value < 1) throw new Error(`Environment variable ${name} must be at least 1, got "${env[name]}"`);
  return value;
}

function postgresUrl(name: string, env: NodeJS.ProcessEnv): string | null {
  const raw = envString(name, '', env);
  if (!raw) return null;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new Error(`Environment variable ${name} must be a PostgreSQL URL (postgres://user:password@host:port/database)`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new Error(`Environment variable ${name} must be a PostgreSQL URL (postgres://…), got one starting with "${protocol}"`);
  }
  return raw;
}

/** Pure: the quotas from an environment (process.env in the gateway, a literal in tests). */
export function rateLimitConfigFrom(env: NodeJS.ProcessEnv): RateLimitConfig {
  const d = DEFAULT_RATE_LIMITS;
  return {
    windowSeconds: positive('RATE_LIMIT_WINDOW_SECONDS', d.windowSeconds, env),
    perAccount: {
      BETA: envInt('RATE_LIMIT_BETA_PER_ACCOUNT', d.perAccount.BETA, env),
      EXPERIMENTAL: envInt('RATE_LIMIT_EXPERIMENTAL_PER_ACCOUNT', d.perAccount.EXPERIMENTAL, env),
    },
    perAddress: envInt('RATE_LIMIT_PER_ADDRESS', d.perAddress, env),
    anonymousPerAddress: envInt('RATE_LIMIT_ANONYMOUS_PER_ADDRESS', d.anonymousPerAddress, env),
    databaseUrl: postgresUrl('RATE_LIMIT_DATABASE_URL', env),
    storeTimeoutMs: positive('RATE_LIMIT_STORE_TIMEOUT_MS', d.storeTimeoutMs, env),
    storePoolSize: positive('RATE_LIMIT_DB_POOL_SIZE', d.storePoolSize, env),
  };
}

export const rateLimitConfigFromEnv = (): RateLimitConfig => rateLimitConfigFrom(process.env);
