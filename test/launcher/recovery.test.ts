/**
 * The launcher leaves nothing behind and heals what it runs: every process dies with it, whatever
 * kills it; a new start on the same data directory clears an earlier run's leftovers; a crashed
 * subgraph comes back by itself while the rest keeps serving; PostgreSQL restarted behind the
 * launcher's back is survived and still stopped by Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readlinkSync, lstatSync } from 'node:fs';
import { readRunFile } from '../../platform/run-record';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { stillRunning } from '../../platform/process-identity';
import {
  gatewayAnswers, launcherPorts, recordedProcesses, removeDir, scratchDataDir, startLauncher, stopLauncher, waitUntilGone, type Launcher,
} from '../support/launcher';

const agreementsOk = (answer: unknown) => expect(answer).toEqual({ data: { agreements: expect.arrayContaining([{ kind: 'TERMS_OF_SERVICE' }]) } });

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((error: unknown) => error as T);
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the launcher and the processes it starts', () => {
  let launcher: Launcher | undefined;
  const dirs: string[] = [];
  afterEach(() => stopLauncher(launcher));
  afterAll(() => dirs.forEach(removeDir));

  it('stop with a launcher killed by SIGKILL, and a second start on the same data serves alone', async () => {
    const dataDir = scratchDataDir();
    dirs.push(dataDir);
    const ports = await launcherPorts();
    const first = startLauncher({ ...ports.env, DATA_DIR: dataDir });
    launcher = first;
    await first.ready;
    const firstRun = recordedProcesses(dataDir);
    expect(Object.keys(firstRun).sort()).toEqual([...SUBGRAPH_NAMES, 'gateway', 'launcher', 'postgres'].sort());

    first.child.kill('SIGKILL');
    expect(await waitUntilGone(firstRun)).toEqual([]); // every process of the first run died with its launcher

    launcher = startLauncher({ ...ports.env, DATA_DIR: dataDir });
    await launcher.ready;
    agreementsOk(await gatewayAnswers(ports.gateway));
    const secondRun = recordedProcesses(dataDir);
    for (const name of Object.keys(firstRun)) expect(secondRun[name].pid).not.toBe(firstRun[name].pid);
    expect(Object.values(firstRun).filter(stillRunning)).toEqual([]);
  });

  it('restarts a crashed subgraph while the others keep serving, and survives PostgreSQL restarted outside it', async () => {
    const dataDir = scratchDataDir();
    dirs.push(dataDir);
    const ports = await launcherPorts();
    launcher = startLauncher({ ...ports.env, DATA_DIR: dataDir });
    await launcher.ready;

    // kill -9 of the experiments subgraph: agreements still answers, experiments comes back on its own.
    const before = recordedProcesses(dataDir);
    process.kill(before.experiments.pid, 'SIGKILL');
    agreementsOk(await gatewayAnswers(ports.gateway));
    const experimentsBack = await eventually(
      () => gatewayAnswers(ports.gateway, '{ experiments { slug } }'),
      (answer) => Array.isArray((answer as { data?: { experiments?: unknown } })?.data?.experiments),
    );
    expect(experimentsBack).toEqual({ data: { experiments: expect.any(Array) } });
    const after = recordedProcesses(dataDir);
    expect(after.experiments.pid).not.toBe(before.experiments.pid);
    expect(after.identity).toEqual(before.identity); // nothing else was restarted
    expect(launcher.output()).toMatch(/experiments stopped unexpectedly \(exit code SIGKILL\); restarting it in \d+ ms/);

    // PostgreSQL stops (an operator's pg_ctl stop): meanwhile what needs the database is coded
    // SERVICE_UNAVAILABLE, never an internal error, while the agreement catalog is still served from
    // memory; the launcher starts it again; no service process is restarted.
    const pgData = lstatSync(join(dataDir, 'postgres')).isSymbolicLink() ? readlinkSync(join(dataDir, 'postgres')) : join(dataDir, 'postgres');
    const asPostgres = process.getuid?.() === 0 ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--clear-groups'] : [];
    const pgCtlOf = (pid: number) => readlinkSync(`/proc/${pid}/exe`).replace(/postgres$/, 'pg_ctl');
    const first = readRunFile(dataDir)!.processes.postgres;
    const [stopCommand, ...stopArgs] = [...asPostgres, pgCtlOf(first.pid), 'stop', '-D', pgData, '-m', 'fast', '-w'];
    const stopped = spawnSync(stopCommand, stopArgs, { encoding: 'utf8' });
    expect(stopped.status).toBe(0);
    const codesDuringOutage = new Set<string>();
    let catalogFromMemory = false;
    type Answer = { data?: { agreements?: { currentVersion: { text: string } | null }[] }; errors?: { extensions?: { code?: string } }[] };
    const healed = await eventually(async () => {
      // The texts are read from the database on each request; the catalog is held in memory.
      const [texts, catalog] = (await Promise.all([gatewayAnswers(ports.gateway, '{ agreements { kind currentVersion { text } } }'), gatewayAnswers(ports.gateway)])) as Answer[];
      for (const e of texts.errors ?? []) codesDuringOutage.add(String(e.extensions?.code));
      if (texts.errors?.length && Array.isArray(catalog.data?.agreements)) catalogFromMemory = true;
      return texts;
    }, (answer) => !answer.errors && (answer.data?.agreements ?? []).length > 0);
    expect(healed.data!.agreements!.every((a) => typeof a.currentVersion?.text === 'string')).toBe(true);
    agreementsOk(await gatewayAnswers(ports.gateway));
    expect([...codesDuringOutage]).toEqual(['SERVICE_UNAVAILABLE']); // seen while it was down (the launcher waits 0.5 s first)
    expect(catalogFromMemory).toBe(true);
    expect(launcher.output()).toMatch(/PostgreSQL stopped \(exit 0\); checking again in \d+ ms/);
    // The launcher records the new server once its own readiness check passes (it may trail the first answers).
    expect((await eventually(async () => recordedProcesses(dataDir).postgres, (p) => p.pid !== first.pid)).pid).not.toBe(first.pid);
    expect(recordedProcesses(dataDir).agreements).toEqual(after.agreements);

    // An operator restarts PostgreSQL with pg_ctl behind the launcher's back.
    const postgresBin = readRunFile(dataDir)!.processes.postgres;
    const pgCtl = pgCtlOf(postgresBin.pid);
    const [command, ...args] = [...asPostgres, pgCtl, 'restart', '-D', pgData, '-m', 'fast', '-w', '-l', join(pgData, 'pg_ctl.log')];
    const restart = spawnSync(command, args, { encoding: 'utf8' });
    expect(restart.stderr).toBe('');
    expect(restart.status).toBe(0);
    const outside = await eventually(async () => readRunFile(dataDir)!.processes.postgres, (p) => p.pid !== postgresBin.pid);
    expect(outside.pid).not.toBe(postgresBin.pid); // the launcher found and adopted the new server
    agreementsOk(await eventually(() => gatewayAnswers(ports.gateway), (a) => Array.isArray((a as { data?: { agreements?: unknown } })?.data?.agreements)));
    const unchanged = recordedProcesses(dataDir);
    expect(unchanged.identity).toEqual(after.identity); // the outage was survived without process restarts
    expect(unchanged.agreements).toEqual(after.agreements);

    // Ctrl-C still stops everything, the adopted PostgreSQL included.
    const all = recordedProcesses(dataDir);
    await stopLauncher(launcher);
    expect(await launcher.exited).toBe(0);
    expect(await waitUntilGone(all, 5_000)).toEqual([]);
  });
});
