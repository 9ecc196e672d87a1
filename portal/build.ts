/**
 * The account portal's production files, in one step of tens of milliseconds: esbuild bundles
 * portal/src (TypeScript and the typed client) into one minified script for current browsers;
 * the script and the stylesheet get content-hashed names (cached for a year), and index.html,
 * which is revalidated on every load, names them. portal-manifest.json, written last, lists what
 * the gateway serves (common/portal-files.ts). Run by the launcher (`npm start`, the test
 * platform) into DATA_DIR/portal and by `npm run build` into dist/portal; never committed.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, transform } from 'esbuild';
import { PORTAL_MANIFEST, type PortalManifest } from '../common/portal-files';

const HERE = __dirname;
/** Browsers with everything the client needs (fetch, AbortSignal.timeout, crypto.randomUUID). */
const TARGETS = ['chrome116', 'firefox115', 'safari16.4', 'edge116'];
/** Static files served as they are. */
const COPIED = ['favicon.svg'];
/** The budget of the issue: the page stays fast without a framework. */
export const SCRIPT_BUDGET_BYTES = 100 * 1024;

const hashed = (name: string, ext: string, content: string) => `${name}.${createHash('sha256').update(content).digest('hex').slice(0, 12)}.${ext}`;

export async function buildPortal(outDir: string): Promise<PortalManifest> {
  const version = (JSON.parse(readFileSync(resolve(HERE, '../package.json'), 'utf8')) as { version: string }).version;
  const bundled = await build({
    entryPoints: [join(HERE, 'src/main.ts')],
    tsconfig: join(HERE, 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: TARGETS,
    legalComments: 'none',
    charset: 'utf8',
    define: { PORTAL_VERSION: JSON.stringify(version) },
    write: false,
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0].text;
  const css = (await transform(readFileSync(join(HERE, 'static/portal.css'), 'utf8'), { loader: 'css', minify: true, target: TARGETS })).code;
  const scriptFile = hashed('app', 'js', script);
  const styleFile = hashed('portal', 'css', css);
  const html = readFileSync(join(HERE, 'static/index.html'), 'utf8').replace('{{script}}', `/${scriptFile}`).replace('{{style}}', `/${styleFile}`);
  const manifest: PortalManifest = { files: ['index.html', scriptFile, styleFile, ...COPIED], script: scriptFile, scriptBytes: Buffer.byteLength(script) };

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, scriptFile), script);
  writeFileSync(join(outDir, styleFile), css);
  writeFileSync(join(outDir, 'index.html'), html);
  for (const file of COPIED) copyFileSync(join(HERE, 'static', file), join(outDir, file));
  writeFileSync(join(outDir, PORTAL_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
