/**
 * Supergraph reload without downtime, on a gateway of this file's own whose SUPERGRAPH_PATH is in a
 * temporary folder: a new supergraph is served after a file change or a SIGHUP without a restart,
 * an invalid one is refused while the one before keeps serving, and requests running while the
 * supergraph changes complete. Logs and this gateway's own metrics name the supergraph by its hash.
 *
 * The two supergraphs: the committed one (F) and the same without Query.experimentLifecycle (R),
 * the gateway as it was before that field was added. The steps build on each other, in order.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supergraphHash } from '../../gateway/supergraph-check';
import { freePorts } from '../support/free-port';
import { startOwnGateway, type GatewayProcess } from '../support/gateway-process';
import { errorCodes, gql } from '../support/graphql-client';
import { runNode } from '../support/processes';
import { fullSupergraph, withoutQueryField } from '../support/supergraph-files';

const F = fullSupergraph();
const R = withoutQueryField(F, 'experimentLifecycle');
const LIFECYCLE = '{ experimentLifecycle { from to gate } }';
/** Valid in both supergraphs; crosses two subgraphs, so each request takes a few hops. */
const BOTH = '{ experiments(first: 20) { slug name revisions(first: 3) { version } } agreements { kind currentVersion { version } } }';

let dir: string;
/** The folder the gateway watches, holding SUPERGRAPH_PATH. */
let live: string;
let path: string;
let gateway: GatewayProcess;
let pid: number;
let startedAt: number;

const lines = (text: string) => text.split('\n').filter(Boolean);

async function metrics(): Promise<string> {
  const res = await fetch(`${gateway.opsUrl}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample, 0 when it has none yet; labels must all match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = lines(text).find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const reloads = async (trigger: string, outcome: string) => sample(await metrics(), 'gateway_supergraph_reloads_total', { trigger, outcome });

/** The hashes the gateway reports serving (gauge value 1). */
async function servedHashes(): Promise<string[]> {
  return lines(await metrics())
    .filter((l) => l.startsWith('gateway_supergraph_info{') && l.endsWith(' 1'))
    .map((l) => /hash="([0-9a-f]+)"/.exec(l)![1]);
}

/** Polls until `check` holds; a deadline only bounds the wait (the reload is asynchronous to the write). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${gateway.proc.output().stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const lifecycleAnswers = async () => {
  const res = await gql<{ experimentLifecycle: unknown[] }>(LIFECYCLE, {}, { url: gateway.url });
  return res.status === 200 && !res.errors && (res.data?.experimentLifecycle.length ?? 0) > 0;
};

/** The same process serves: not exited, and the start time it exports is the one it had. */
async function expectSameProcess(): Promise<void> {
  expect(gateway.proc.child.exitCode).toBeNull();
  expect(gateway.proc.child.pid).toBe(pid);
  expect(sample(await metrics(), 'process_start_time_seconds')).toBe(startedAt);
}

/** The gateway's JSON log entries with this message (other lines, such as Apollo's own, are skipped). */
function logged(msg: string): Record<string, unknown>[] {
  const { stdout, stderr } = gateway.proc.output();
  return lines(stdout + stderr).flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bsg-supergraph-'));
  live = join(dir, 'live');
  mkdirSync(live);
  path = join(live, 'supergraph.graphql');
  writeFileSync(path, R);
  gateway = await startOwnGateway({ SUPERGRAPH_PATH: path, LOG_LEVEL: 'info' });
  pid = gateway.proc.child.pid!;
  startedAt = sample(await metrics(), 'process_start_time_seconds');
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('supergraph reload without downtime', () => {
  it('serves the supergraph it started with and reports its hash', async () => {
    const res = await gql(LIFECYCLE, {}, { url: gateway.url });
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await servedHashes()).toEqual([supergraphHash(R)]);
    expect(logged('supergraph loaded')).toEqual([expect.objectContaining({ path, hash: supergraphHash(R) })]);
  });

  it('serves a new field once the file is rewritten, without a restart', async () => {
    writeFileSync(path, F);
    await until('the new field answers', lifecycleAnswers);
    await expectSameProcess();
    expect(await servedHashes()).toEqual([supergraphHash(F)]);
    expect(await reloads('file', 'applied')).toBe(1);
    expect(logged('supergraph reloaded')).toEqual([
      expect.objectContaining({ trigger: 'file', previousHash: supergraphHash(R), hash: supergraphHash(F) }),
    ]);
  });

  it('refuses an invalid supergraph, logs why, counts it, and keeps serving the one before', async () => {
    const broken = F.slice(0, Math.floor(F.length / 2));
    writeFileSync(path, broken);
    await until('the reload is refused', async () => (await reloads('file', 'failed')) >= 1);
    expect(await lifecycleAnswers()).toBe(true);
    expect(await servedHashes()).toEqual([supergraphHash(F)]);
    expect(await reloads('file', 'applied')).toBe(1);
    const refusal = logged('supergraph reload refused; the previous supergraph keeps serving')[0];
    expect(refusal).toMatchObject({ level: 'error', trigger: 'file', hash: supergraphHash(F), refusedHash: supergraphHash(broken) });
    expect(refusal.problem).toMatch(/^Syntax Error/);
    await expectSameProcess();

    // Putting the served supergraph back changes nothing.
    writeFileSync(path, F);
    await until('the rewrite is seen', async () => (await reloads('file', 'unchanged')) >= 1);
    expect(await reloads('file', 'applied')).toBe(1);
  });

  it('reloads on SIGHUP what the file watch cannot see (a symlink whose target changed elsewhere)', async () => {
    // SUPERGRAPH_PATH becomes a symlink to a release folder, as a deploy might lay it out.
    const release = join(dir, 'release');
    mkdirSync(release);
    writeFileSync(join(release, 'supergraph.graphql'), F);
    const unchangedBefore = await reloads('file', 'unchanged');
    symlinkSync(join(release, 'supergraph.graphql'), join(live, 'next.graphql'));
    renameSync(join(live, 'next.graphql'), path);
    await until('the swapped link is seen', async () => (await reloads('file', 'unchanged')) > unchangedBefore);

    writeFileSync(join(release, 'supergraph.graphql'), R);
    gateway.proc.child.kill('SIGHUP');
    await until('the field is gone', async () => errorCodes(await gql(LIFECYCLE, {}, { url: gateway.url }))[0] === 'GRAPHQL_VALIDATION_FAILED');
    expect(await reloads('signal', 'applied')).toBe(1);
    expect(await reloads('file', 'applied')).toBe(1);
    expect(await servedHashes()).toEqual([supergraphHash(R)]);
    expect(logged('supergraph reloaded').at(-1)).toMatchObject({ trigger: 'signal', previousHash: supergraphHash(F), hash: supergraphHash(R) });
    await expectSameProcess();
  });

  it('completes every request that runs while the supergraph changes', async () => {
    const outcomes: { status: number; errors: number }[] = [];
    let loading = true;
    let inFlight = 0;
    const worker = async () => {
      while (loading) {
        inFlight++;
        const res = await gql(BOTH, {}, { url: gateway.url });
        inFlight--;
        outcomes.push({ status: res.status, errors: res.errors?.length ?? 0 });
      }
    };
    const workers = Array.from({ length: 8 }, worker);

    const release = join(dir, 'release', 'supergraph.graphql');
    const appliedBefore = await reloads('signal', 'applied');
    /** Requests already sent and not yet answered when each reload was asked for. */
    const runningAtReload: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const served = outcomes.length;
      await until('requests flow before the reload', async () => outcomes.length > served + 8);
      writeFileSync(release, i % 2 === 1 ? F : R);
      runningAtReload.push(inFlight);
      gateway.proc.child.kill('SIGHUP');
      await until(`reload ${i} is applied`, async () => (await reloads('signal', 'applied')) === appliedBefore + i);
    }
    const afterLast = outcomes.length;
    await until('requests flow after the last reload', async () => outcomes.length > afterLast + 8);
    loading = false;
    await Promise.all(workers);

    expect(runningAtReload.every((n) => n > 0)).toBe(true);
    expect(outcomes.length).toBeGreaterThan(6 * 8);
    expect(outcomes.filter((o) => o.status !== 200 || o.errors > 0)).toEqual([]);
    expect(await servedHashes()).toEqual([supergraphHash(R)]);
    await expectSameProcess();
  });
});

describe('a supergraph the gateway cannot serve at start', () => {
  it('stops the start with one line naming the file and what is wrong', async () => {
    const broken = join(dir, 'broken.graphql');
    writeFileSync(broken, 'type Query {');
    const [port, opsPort] = await freePorts(2);
    const run = await runNode('gateway/main.ts', [], {
      SUPERGRAPH_PATH: broken, GATEWAY_SECRET: 'unused', PORT: String(port), OPS_PORT: String(opsPort), GATEWAY_HOST: '127.0.0.1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(JSON.stringify(`The supergraph ${broken} cannot be served: Syntax Error: Expected Name, found <EOF>. Run npm run compose, or set SUPERGRAPH_PATH.`));
  });
});
