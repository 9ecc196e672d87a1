/**
 * `npm run codegen`: validates client/operations against the supergraph and writes client/generated.
 * With --check it writes nothing and exits 1 naming the stale files (the test suite runs that:
 * jest cannot load codegen's ES-module dependencies itself).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateClientFiles, type GeneratedFile } from './generate';

const ROOT = resolve(__dirname, '../..');
const check = process.argv.includes('--check');

function current(path: string): string | undefined {
  try {
    return readFileSync(resolve(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}

function write(files: GeneratedFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(resolve(ROOT, file.path)), { recursive: true });
    writeFileSync(resolve(ROOT, file.path), file.content);
    console.log(`Wrote ${file.path}`);
  }
}

generateClientFiles().then(
  (files) => {
    if (!check) return write(files);
    const stale = files.filter((f) => current(f.path) !== f.content).map((f) => f.path);
    if (stale.length) {
      console.error(`Stale generated client files: ${stale.join(', ')}. Run npm run codegen and commit the result.`);
      process.exit(1);
    }
  },
  (error: unknown) => {
    console.error(`codegen failed: ${(error as Error).message ?? error}`);
    process.exit(1);
  },
);
