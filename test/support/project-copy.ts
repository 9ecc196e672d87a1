/**
 * A throwaway copy of this checkout for tests that change the project itself (the new-subgraph
 * generator): the sources copied, node_modules hard-linked (same files, made in seconds), under
 * .test-runs/ (git-ignored; on the checkout's own file system, which hard links need).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './launcher';

/** Not sources: dependencies, git, local data, build output, other test runs. */
const LEFT_OUT = ['node_modules', '.git', '.data', '.test-runs', 'dist', 'coverage', 'test-output'];

export interface ProjectCopy {
  /** The directory to remove afterwards. */
  dir: string;
  /** The copied checkout. */
  project: string;
}

export async function copyProject(prefix: string): Promise<ProjectCopy> {
  const runs = join(PROJECT_ROOT, '.test-runs');
  mkdirSync(runs, { recursive: true });
  const dir = mkdtempSync(join(runs, prefix));
  const project = join(dir, 'beta');
  mkdirSync(project);
  for (const entry of readdirSync(PROJECT_ROOT)) {
    if (!LEFT_OUT.includes(entry)) cpSync(join(PROJECT_ROOT, entry), join(project, entry), { recursive: true, verbatimSymlinks: true });
  }
  await promisify(execFile)('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules')]);
  return { dir, project };
}

/** Path → SHA-256 of every file of the copy's sources (node_modules and local data left out): equal digests, nothing written. */
export function sourceDigest(project: string): Record<string, string> {
  const digest: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!LEFT_OUT.includes(entry.name)) walk(path);
      } else {
        digest[relative(project, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(project);
  return digest;
}

export interface CommandRun {
  code: number | null;
  output: string;
}

/**
 * Runs `node args…` in the copy, output captured; killed (its own PID) after timeoutMs. The test
 * runner's own variables stay out, so a jest run in the copy starts the copy's platform.
 */
export function runNodeIn(project: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<CommandRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(JEST_|BSG_)/.test(key)));
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: project, env: { ...inherited, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}
