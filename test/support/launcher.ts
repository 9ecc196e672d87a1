/**
 * Runs `npm start` (platform/start.ts) as a user would, for the tests of the launcher itself: its
 * own data directory, free ports, output captured; stopped by PID. Unlike the shared test platform
 * (globalSetup), these launchers are killed, restarted and broken on purpose.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { portVar, SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { freePorts } from './free-port';
import { TEST_PLATFORM_ENV } from './platform';
import { stillRunning, type ProcessIdentity } from '../../platform/process-identity';
import { readRunFile } from '../../platform/run-record';

export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface LauncherPorts {
  gateway: number;
  pg: number;
  env: Record<string, string>;
}

/** Free ports for a whole platform, as the environment variables that set them. */
export async function launcherPorts(): Promise<LauncherPorts> {
  const [gateway, pg, ops, ...subgraphs] = await freePorts(3 + SUBGRAPH_NAMES.length);
  return {
    gateway,
    pg,
    env: {
      PORT: String(gateway), PG_PORT: String(pg), OPS_PORT: String(ops),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [portVar(name), String(subgraphs[i])])),
    },
  };
}

/** A fresh data directory the postgres OS user may enter (mkdtemp makes 700). */
export function scratchDataDir(prefix = 'bsg-launcher-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

export interface Launcher {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves when "Gateway ready" is printed; rejects if the launcher exits first. */
  ready: Promise<void>;
}

export function startLauncher(env: Record<string, string>, cwd = PROJECT_ROOT): Launcher {
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/start.ts'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...TEST_PLATFORM_ENV, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<void>((resolveReady, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Gateway ready at')) {
        clearInterval(timer);
        resolveReady();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`launcher exited with ${code} before it was ready:\n${output}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output: () => output, exited, ready };
}

/** SIGINT (Ctrl-C) and wait; SIGKILL after 30 s. */
export async function stopLauncher(launcher: Launcher | undefined): Promise<void> {
  if (!launcher || launcher.child.exitCode !== null || launcher.child.signalCode !== null) return;
  launcher.child.kill('SIGINT');
  const timer = setTimeout(() => launcher.child.kill('SIGKILL'), 30_000);
  await launcher.exited;
  clearTimeout(timer);
}

/** Every process a launcher recorded in DATA_DIR/run.json, the launcher included. */
export function recordedProcesses(dataDir: string): Record<string, ProcessIdentity> {
  const run = readRunFile(dataDir);
  if (!run) throw new Error(`no run.json in ${dataDir}`);
  return { launcher: run.launcher, ...run.processes };
}

/** Waits until none of the processes runs any more; returns the names of those still running at the deadline. */
export async function waitUntilGone(processes: Record<string, ProcessIdentity>, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = Object.entries(processes).filter(([, p]) => stillRunning(p)).map(([name]) => name);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function gatewayAnswers(port: number, query = '{ agreements { kind } }'): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

export const readText = (file: string) => readFileSync(file, 'utf8');
