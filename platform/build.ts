/**
 * `npm run build [outDir]`: the production build. tsc compiles the process entries listed in
 * tsconfig.build.json to CommonJS with source maps (dist/ by default), then the files that compiled
 * code reads beside itself through __dirname — the SDL in schema/, the agreement texts — are copied
 * next to it, so `node dist/gateway/main.js` and `node dist/subgraphs/<name>/main.js` run with no
 * TypeScript at all. The account portal is bundled into dist/portal (portal/build.ts) and GraphiQL
 * into dist/ide (ide/build.ts), where the compiled gateway serves them from by default. Development
 * keeps running the sources through tsx (`npm start`).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildPortal } from '../portal/build';
import { buildIde } from '../ide/build';

const ROOT = resolve(__dirname, '..');

/** Source folders whose non-TypeScript files are runtime assets (copied whole, so a new one cannot be forgotten). */
export const ASSET_FOLDERS = ['common', 'gateway', 'subgraphs', 'migrations', 'schema', 'client/generated'];

const isAsset = (path: string) => statSync(path).isDirectory() || !path.endsWith('.ts');

/** Copies every non-TypeScript file of ASSET_FOLDERS into outDir, keeping its relative path. */
export function copyRuntimeAssets(outDir: string): void {
  for (const folder of ASSET_FOLDERS) {
    const from = resolve(ROOT, folder);
    if (existsSync(from)) cpSync(from, resolve(outDir, folder), { recursive: true, filter: isAsset });
  }
}

/** A clean build into outDir: compile, then copy the assets. Rejects with tsc's output on a type error. */
export async function build(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', resolve(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${stdout}${stderr}`);
  }
  copyRuntimeAssets(outDir);
  await buildPortal(resolve(outDir, 'portal'));
  await buildIde(resolve(outDir, 'ide'));
}

if (require.main === module) {
  const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
  build(outDir).then(
    () => console.log(`Built ${outDir}`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
