/**
 * The production build in a temporary directory laid out like the image's /app: dist/ from
 * `npm run build` (platform/build.ts) and node_modules (linked), so compiled processes run the way
 * a container runs them: `node … dist/<entry>.js`, NODE_ENV=production, no tsx.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from '../../platform/build';
import { captured, type NodeProcess } from './processes';

const ROOT = resolve(__dirname, '../..');

export interface CompiledBuild {
  /** Where `dist/` and `node_modules` are: the container's /app. */
  appDir: string;
  remove(): void;
}

export async function buildToTemp(): Promise<CompiledBuild> {
  const appDir = mkdtempSync(join(tmpdir(), 'bsg-build-'));
  await build(join(appDir, 'dist'));
  symlinkSync(resolve(ROOT, 'node_modules'), join(appDir, 'node_modules'), 'dir');
  return { appDir, remove: () => rmSync(appDir, { recursive: true, force: true }) };
}

/** Runs `node <args>` in appDir (args as in a compose `command`, after "node") with exactly env, plus PATH and HOME. */
export function spawnCompiled(appDir: string, args: string[], env: Record<string, string>): NodeProcess {
  const base = Object.fromEntries(['PATH', 'HOME'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]));
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: { ...base, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return captured(child);
}
