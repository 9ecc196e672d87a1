/**
 * Extra node processes a test starts (a second gateway, a subgraph on a scratch database, the admin
 * CLI): one PID each, output captured for assertions and failure messages, stopped by that PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface NodeProcess {
  child: ChildProcess;
  /** Everything written so far (read it after `exited` for the full text). */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (null if killed by a signal). */
  exited: Promise<number | null>;
}

/** Only what node itself needs: the platform's variables must not leak into a process that a test configures. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
}

/** Keeps a piped child's output and tells when it exits. */
export function captured(child: ChildProcess): NodeProcess {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Starts `node --import tsx <entry> ...args` from the project root with exactly the given extra env. */
export function spawnNode(entry: string, args: string[] = [], env: Record<string, string> = {}): NodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return captured(child);
}

/** Runs a short-lived command to completion (the admin CLI, a subgraph expected to refuse to start). */
export async function runNode(entry: string, args: string[], env: Record<string, string>, timeoutMs = 45_000) {
  const proc = spawnNode(entry, args, env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, ...proc.output() };
}

/** Polls url until it answers 2xx; fails early, with the process output, if the process exits first. */
export async function waitForHttpOk(url: string, proc: NodeProcess, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`process exited with code ${exitCode} before ${url} answered:\n${proc.output().stderr}${proc.output().stdout}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s:\n${proc.output().stderr}`);
}

/** SIGTERM, then SIGKILL if it does not exit in time; resolves once the process is gone. */
export async function stopNode(proc: NodeProcess | undefined, timeoutMs = 10_000): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  await proc.exited;
  clearTimeout(timer);
}
