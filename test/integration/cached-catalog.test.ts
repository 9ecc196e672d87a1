/**
 * kit/cached-catalog.ts against the real PostgreSQL of the test platform: LISTEN/NOTIFY on a
 * channel of this file's own (nothing else listens or notifies there), a listener connection
 * killed with pg_terminate_backend, failed loads and the periodic re-check. The catalog's "load"
 * reads a value the test controls, so each test sees exactly what was loaded and when.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../../common/logger';
import { CachedCatalog } from '../../subgraphs/kit/cached-catalog';
import { superuserUrl, withDatabase } from '../support/database';

const DATABASE = 'beta_experiments';

interface Harness {
  catalog: CachedCatalog<number>;
  channel: string;
  applicationName: string;
  source: { value: number; failing: boolean; delayMs: number };
  loads: () => number;
  logs: { level: string; msg: string }[];
}

const started: CachedCatalog<number>[] = [];

function harness(recheckMs = 3_600_000): Harness {
  const channel = `cached_catalog_test_${randomBytes(4).toString('hex')}`;
  const applicationName = `${channel} listener`;
  const source = { value: 1, failing: false, delayMs: 0 };
  let loads = 0;
  const logs: { level: string; msg: string }[] = [];
  const log = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (msg: string) => logs.push({ level, msg })])) as unknown as Logger;
  const catalog = new CachedCatalog<number>({
    name: 'test catalog',
    channel,
    connect: () => new Client({ connectionString: superuserUrl(DATABASE), application_name: applicationName }),
    async load() {
      loads++;
      const value = source.value;
      if (source.delayMs) await new Promise((r) => setTimeout(r, source.delayMs));
      if (source.failing) throw new Error('database unreachable (test)');
      return value;
    },
    log,
    recheckMs,
  });
  started.push(catalog);
  return { catalog, channel, applicationName, source, loads: () => loads, logs };
}

/** NOTIFY from another session (autocommit: delivered at once). */
const notify = (channel: string) => withDatabase(DATABASE, (db) => db.query(`SELECT pg_notify($1, 'test')`, [channel]));

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const listenerPids = (applicationName: string) =>
  withDatabase(DATABASE, async (db) =>
    (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid`, [applicationName])).rows.map((r) => r.pid));

afterAll(async () => {
  await Promise.all(started.map((c) => c.stop()));
});

describe('CachedCatalog', () => {
  it('serves from memory until a committed NOTIFY on its channel, then loads once', async () => {
    const h = harness();
    await h.catalog.start();
    expect(h.loads()).toBe(1);
    expect(await Promise.all([h.catalog.get(), h.catalog.get(), h.catalog.get()])).toEqual([1, 1, 1]);
    expect(h.loads()).toBe(1);

    h.source.value = 2;
    await notify(h.channel);
    expect(await eventually(() => h.catalog.get(), (v) => v === 2, 'the value after NOTIFY')).toBe(2);
    expect(await h.catalog.get()).toBe(2);
    expect(h.loads()).toBe(2);
  });

  it('lets concurrent reads share one load, and never lets a read after an invalidation join an older load', async () => {
    const h = harness();
    await h.catalog.start();
    h.source.delayMs = 100;
    h.catalog.invalidate();
    const shared = await Promise.all(Array.from({ length: 20 }, () => h.catalog.get()));
    expect(shared).toEqual(Array(20).fill(1));
    expect(h.loads()).toBe(2);

    // A load under way when a change is announced: reads after the announcement wait for a new one.
    h.catalog.invalidate();
    const before = h.catalog.get();
    h.source.value = 3;
    h.catalog.invalidate();
    const after = h.catalog.get();
    expect(await before).toBe(1);
    expect(await after).toBe(3);
    expect(await h.catalog.get()).toBe(3);
    expect(h.loads()).toBe(4);
  });

  it('keeps serving the value it holds when a load fails (logged once), and loads again on the next read', async () => {
    const h = harness();
    await h.catalog.start();
    h.source.failing = true;
    h.source.value = 4;
    h.catalog.invalidate();
    expect(await h.catalog.get()).toBe(1);
    expect(await h.catalog.get()).toBe(1);
    expect(h.loads()).toBe(3); // each read tried again
    expect(h.logs.filter((l) => l.level === 'warn' && /load failed/.test(l.msg))).toHaveLength(1);

    h.source.failing = false;
    expect(await h.catalog.get()).toBe(4);
    expect(h.logs.filter((l) => /loads again/.test(l.msg))).toHaveLength(1);

    const empty = harness();
    empty.source.failing = true;
    await expect(empty.catalog.start()).rejects.toThrow(/database unreachable/);
  });

  it('when its listener connection is killed: loads on every read meanwhile, reconnects, reloads, and hears NOTIFY again', async () => {
    const h = harness();
    await h.catalog.start();
    const [first] = await listenerPids(h.applicationName);
    expect(first).toEqual(expect.any(Number));

    const loadsBefore = h.loads();
    h.source.value = 5; // changed while nobody listens: its NOTIFY would be lost
    const terminated = await withDatabase(DATABASE, async (db) =>
      (await db.query(`SELECT pg_terminate_backend($1) AS ok`, [first])).rows[0].ok as boolean);
    expect(terminated).toBe(true);
    await notify(h.channel);

    // Whether it is still reconnecting or listening again, it serves the change.
    expect(await eventually(() => h.catalog.get(), (v) => v === 5, 'the value after the listener was killed')).toBe(5);
    const pids = await eventually(() => listenerPids(h.applicationName), (p) => p.length === 1 && p[0] !== first, 'a new listener session');
    expect(pids).toHaveLength(1);
    await eventually(async () => h.catalog.isListening, (listening) => listening, 'listening again');
    expect(h.loads()).toBeGreaterThan(loadsBefore);
    expect(h.logs.some((l) => l.level === 'warn' && /listener lost/.test(l.msg))).toBe(true);

    // The new session listens: a later change is announced and served.
    const loadsListening = h.loads();
    expect(await h.catalog.get()).toBe(5);
    h.source.value = 6;
    await notify(h.channel);
    expect(await eventually(() => h.catalog.get(), (v) => v === 6, 'the value after the next NOTIFY')).toBe(6);
    expect(h.loads()).toBeGreaterThan(loadsListening);
  });

  it('re-checks periodically, so a change whose notification never came is still served', async () => {
    const h = harness(200);
    await h.catalog.start();
    h.source.value = 7; // no NOTIFY at all
    expect(await eventually(() => h.catalog.get(), (v) => v === 7, 'the value after the re-check')).toBe(7);
  });
});
