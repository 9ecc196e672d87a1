/**
 * `npm run build:addon`: the add-on, ready to load unpacked, in addon/dist (or the folder given).
 * esbuild bundles each page's TypeScript with the typed client into one classic script (the
 * Chromium service worker and the Firefox event page load the same background.js); the manifest,
 * pages, style and icon are copied as they are. Type checking is `tsc -p addon` (the npm script runs
 * it first).
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = __dirname;
export const DEFAULT_OUT_DIR = join(ROOT, 'dist');

export async function buildAddon(outDir: string = DEFAULT_OUT_DIR): Promise<string> {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: {
      background: join(ROOT, 'src/background/main.ts'),
      popup: join(ROOT, 'src/popup/main.ts'),
      options: join(ROOT, 'src/options/main.ts'),
    },
    outdir: out,
    bundle: true,
    // Classic scripts: Firefox's event page and Chromium's service worker both take them.
    format: 'iife',
    target: ['chrome121', 'firefox121'],
    // Readable output: reviewers (and add-on stores) read what is loaded.
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  cpSync(join(ROOT, 'static'), out, { recursive: true });
  return out;
}

if (require.main === module) {
  buildAddon(process.argv[2]).then(
    (out) => console.log(`Add-on built in ${out}: load it unpacked (see README, "The beta add-on").`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
