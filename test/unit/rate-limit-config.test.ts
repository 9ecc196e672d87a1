/** The gateway's quotas: parsing their configuration, which quotas a request counts against, how a refusal reads. */
import { channelClaim } from '../../gateway/channel';
import { DEFAULT_RATE_LIMITS, rateLimitConfigFrom, type RateLimitConfig } from '../../gateway/rate-limit-config';
import { addressKey, quotaChecks, refusalMessage, retryAfterSeconds } from '../../gateway/rate-limit-policy';

describe('rate limit configuration', () => {
  it('has the documented production defaults when nothing is set', () => {
    expect(rateLimitConfigFrom({})).toEqual({
      windowSeconds: 60,
      perAccount: { BETA: 600, EXPERIMENTAL: 1200 },
      perAddress: 1200,
      anonymousPerAddress: 300,
      databaseUrl: null,
      storeTimeoutMs: 1000,
      storePoolSize: 10,
    });
    expect(rateLimitConfigFrom({})).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('takes every value from its environment variable', () => {
    expect(rateLimitConfigFrom({
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_BETA_PER_ACCOUNT: '5',
      RATE_LIMIT_EXPERIMENTAL_PER_ACCOUNT: '9',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_ANONYMOUS_PER_ADDRESS: '3',
      RATE_LIMIT_DATABASE_URL: 'postgres://gw:secret@db.internal:5432/rate_limits',
      RATE_LIMIT_STORE_TIMEOUT_MS: '250',
      RATE_LIMIT_DB_POOL_SIZE: '4',
    })).toEqual({
      windowSeconds: 3600,
      perAccount: { BETA: 5, EXPERIMENTAL: 9 },
      perAddress: 0,
      anonymousPerAddress: 3,
      databaseUrl: 'postgres://gw:secret@db.internal:5432/rate_limits',
      storeTimeoutMs: 250,
      storePoolSize: 4,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(rateLimitConfigFrom({ RATE_LIMIT_DATABASE_URL: '', RATE_LIMIT_PER_ADDRESS: '' })).toEqual(DEFAULT_RATE_LIMITS);
  });

  it.each([
    ['RATE_LIMIT_BETA_PER_ACCOUNT', '-1', /RATE_LIMIT_BETA_PER_ACCOUNT must be a non-negative integer, got "-1"/],
    ['RATE_LIMIT_PER_ADDRESS', '12.5', /RATE_LIMIT_PER_ADDRESS must be a non-negative integer, got "12.5"/],
    ['RATE_LIMIT_ANONYMOUS_PER_ADDRESS', 'lots', /RATE_LIMIT_ANONYMOUS_PER_ADDRESS must be a non-negative integer/],
    ['RATE_LIMIT_WINDOW_SECONDS', '0', /RATE_LIMIT_WINDOW_SECONDS must be at least 1, got "0"/],
    ['RATE_LIMIT_STORE_TIMEOUT_MS', '0', /RATE_LIMIT_STORE_TIMEOUT_MS must be at least 1/],
    ['RATE_LIMIT_DB_POOL_SIZE', '0', /RATE_LIMIT_DB_POOL_SIZE must be at least 1/],
    ['RATE_LIMIT_DATABASE_URL', 'not a url', /RATE_LIMIT_DATABASE_URL must be a PostgreSQL URL/],
    ['RATE_LIMIT_DATABASE_URL', 'redis://cache:6379', /RATE_LIMIT_DATABASE_URL must be a PostgreSQL URL \(postgres:\/\/…\), got one starting with "redis:"/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => rateLimitConfigFrom({ [name]: value })).toThrow(message);
  });

  it('never repeats a database URL (it holds a password) in its error', () => {
    const message = (() => {
      try {
        rateLimitConfigFrom({ RATE_LIMIT_DATABASE_URL: 'mysql://gw:hunter2@db/x' });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/must be a PostgreSQL URL/);
    expect(message).not.toContain('hunter2');
  });
});

describe('which quotas a request counts against', () => {
  const config: RateLimitConfig = { ...DEFAULT_RATE_LIMITS, perAccount: { BETA: 10, EXPERIMENTAL: 20 }, perAddress: 100, anonymousPerAddress: 5 };

  it('an anonymous caller: the anonymous quota of its address, then its address', () => {
    expect(quotaChecks({ accountId: null, channel: 'BETA', address: '10.0.0.1' }, config)).toEqual([
      { bucket: 'anonymous-address', scope: 'address', key: '10.0.0.1', limit: 5 },
      { bucket: 'address', scope: 'address', key: '10.0.0.1', limit: 100 },
    ]);
  });

  it('a signed-in caller: its account, sized by its channel, then its address', () => {
    expect(quotaChecks({ accountId: 'acc-1', channel: 'BETA', address: '10.0.0.1' }, config)).toEqual([
      { bucket: 'account-beta', scope: 'account', key: 'acc-1', limit: 10 },
      { bucket: 'address', scope: 'address', key: '10.0.0.1', limit: 100 },
    ]);
    expect(quotaChecks({ accountId: 'acc-1', channel: 'EXPERIMENTAL', address: '10.0.0.1' }, config)[0])
      .toEqual({ bucket: 'account-experimental', scope: 'account', key: 'acc-1', limit: 20 });
  });

  it('skips a quota set to 0 and the address quotas when the address is unknown', () => {
    expect(quotaChecks({ accountId: 'acc-1', channel: 'BETA', address: '10.0.0.1' }, { ...config, perAddress: 0 }).map((c) => c.bucket)).toEqual(['account-beta']);
    expect(quotaChecks({ accountId: null, channel: 'BETA', address: null }, config)).toEqual([]);
    expect(quotaChecks({ accountId: 'acc-1', channel: 'EXPERIMENTAL', address: '10.0.0.1' }, { ...config, perAccount: { BETA: 10, EXPERIMENTAL: 0 } }).map((c) => c.bucket)).toEqual(['address']);
  });

  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:db8:aa:bb:ffff:ffff:ffff:ffff', '2001:db8:aa:bb::/64'],
    ['2001:0db8:00aa:00bb::1', '2001:db8:aa:bb::/64'],
    ['not-an-address', 'not-an-address'],
  ])('counts address %s as %s (IPv6 per /64, the block one client holds)', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  it('keeps different IPv6 /64 blocks apart', () => {
    expect(addressKey('2001:db8:aa:bb::1')).not.toBe(addressKey('2001:db8:aa:bc::1'));
  });
});

describe('refusals', () => {
  it('rounds the wait up to whole seconds, at least one', () => {
    expect([0, 1, 999, 1000, 1001, 59_999].map(retryAfterSeconds)).toEqual([1, 1, 1, 1, 2, 60]);
  });

  it('says which quota was used up, its size and how long to wait', () => {
    const account = { bucket: 'account-beta', scope: 'account', key: 'acc-1', limit: 600 } as const;
    expect(refusalMessage(account, 'BETA', 60, 42)).toBe('Too many requests from this account: the BETA channel allows 600 requests a minute. Wait 42 seconds before trying again.');
    const address = { bucket: 'address', scope: 'address', key: '10.0.0.1', limit: 1200 } as const;
    expect(refusalMessage(address, 'BETA', 3600, 1)).toBe('Too many requests from your network address: it allows 1200 requests an hour, from everyone using it together. Wait 1 second before trying again.');
    const anonymous = { bucket: 'anonymous-address', scope: 'address', key: '10.0.0.1', limit: 300 } as const;
    expect(refusalMessage(anonymous, 'BETA', 90, 7)).toBe('Too many requests without a sign-in from your network address: it allows 300 requests per 90 seconds. Wait 7 seconds before trying again, or sign in (accounts have a quota of their own).');
  });
});

describe('the channel claim', () => {
  it('reads EXPERIMENTAL, and anything else (a token from before the claim, a bad value) as BETA', () => {
    expect(['EXPERIMENTAL', 'BETA', undefined, 'experimental', 42].map(channelClaim)).toEqual(['EXPERIMENTAL', 'BETA', 'BETA', 'BETA', 'BETA']);
  });
});
