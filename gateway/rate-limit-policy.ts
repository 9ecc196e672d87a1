/**
 * Which quotas a request counts against, and how a refusal reads. Pure rules; the counting is in
 * rate-limits.ts.
 */
import ipaddr from 'ipaddr.js';
import type { Channel } from './channel';
import type { RateLimitConfig } from './rate-limit-config';

/** One counter family: its own limiter (and key prefix in the shared store). */
export type Bucket = 'account-beta' | 'account-experimental' | 'address' | 'anonymous-address';
export type Scope = 'account' | 'address';

export interface RateLimitSubject {
  accountId: string | null;
  /** From the verified token; ignored without an account. */
  channel: Channel;
  /** The client address as express's req.ip gives it (TRUST_PROXY_HOPS applied). */
  address: string | null;
}

export interface QuotaCheck {
  bucket: Bucket;
  scope: Scope;
  key: string;
  limit: number;
}

const ACCOUNT_BUCKET: Record<Channel, Bucket> = { BETA: 'account-beta', EXPERIMENTAL: 'account-experimental' };

/** The limit of each bucket under a configuration (0 = that bucket is off). */
export function bucketLimits(config: RateLimitConfig): Record<Bucket, number> {
  return {
    'account-beta': config.perAccount.BETA,
    'account-experimental': config.perAccount.EXPERIMENTAL,
    address: config.perAddress,
    'anonymous-address': config.anonymousPerAddress,
  };
}

/**
 * The key of a client address. An IPv6 client usually holds a whole /64 (its ISP hands out the
 * prefix; the device picks the rest and rotates it), so per-address counting of IPv6 counts per /64;
 * otherwise one client could send from 2^64 addresses. IPv4-mapped IPv6 counts as the IPv4 address.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = [...parsed.toByteArray().slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0];
  return `${ipaddr.fromByteArray(prefix).toString()}/64`;
}

/**
 * The quotas a request counts against, in the order they are checked: its account (or, without a
 * sign-in, the anonymous quota of its address), then its address. The caller's own quota comes
 * first so that a client over it never reaches, and so never uses up, the address it shares.
 */
export function quotaChecks(subject: RateLimitSubject, config: RateLimitConfig): QuotaCheck[] {
  const limits = bucketLimits(config);
  const checks: QuotaCheck[] = [];
  const address = subject.address ? addressKey(subject.address) : null;
  const add = (bucket: Bucket, scope: Scope, key: string | null) => {
    if (key !== null && limits[bucket] > 0) checks.push({ bucket, scope, key, limit: limits[bucket] });
  };
  if (subject.accountId) add(ACCOUNT_BUCKET[subject.channel], 'account', subject.accountId);
  else add('anonymous-address', 'address', address);
  add('address', 'address', address);
  return checks;
}

/** Whole seconds to wait, never 0: a client told to wait 0 s would retry at once. */
export const retryAfterSeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

function per(windowSeconds: number): string {
  if (windowSeconds === 60) return 'a minute';
  if (windowSeconds === 3600) return 'an hour';
  return `per ${windowSeconds} seconds`;
}

const seconds = (n: number) => (n === 1 ? '1 second' : `${n} seconds`);

/** The message of a refusal: which quota, how big, and how long to wait. */
export function refusalMessage(check: QuotaCheck, channel: Channel, windowSeconds: number, waitSeconds: number): string {
  const wait = `Wait ${seconds(waitSeconds)} before trying again`;
  switch (check.bucket) {
    case 'account-beta':
    case 'account-experimental':
      return `Too many requests from this account: the ${channel} channel allows ${check.limit} requests ${per(windowSeconds)}. ${wait}.`;
    case 'address':
      return `Too many requests from your network address: it allows ${check.limit} requests ${per(windowSeconds)}, from everyone using it together. ${wait}.`;
    case 'anonymous-address':
      return `Too many requests without a sign-in from your network address: it allows ${check.limit} requests ${per(windowSeconds)}. ${wait}, or sign in (accounts have a quota of their own).`;
  }
}
