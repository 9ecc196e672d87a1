/**
 * The GraphQL IDE's production files: esbuild bundles ide/src (GraphiQL with React, CodeMirror and
 * their stylesheets) into one minified script and one stylesheet, both content-hashed (cached for a
 * year), and index.html, which is revalidated on every load, names them. ide-manifest.json,
 * written last, lists what the gateway serves (common/ide-files.ts). Run by the launcher
 * (`npm start`, the test platform) into DATA_DIR/ide and by `npm run build` into dist/ide; never
 * committed. graphiql and React are dev dependencies: the production image gets these files only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { IDE_ASSET_PATH, IDE_MANIFEST, type IdeManifest } from '../common/ide-files';

const HERE = __dirname;
/** GraphiQL's own browser support; the gateway's users are developers with current browsers. */
const TARGETS = ['chrome116', 'firefox115', 'safari16.4', 'edge116'];

const hashed = (name: string, ext: string, content: string) => `${name}.${createHash('sha256').update(content).digest('hex').slice(0, 12)}.${ext}`;

export async function buildIde(outDir: string): Promise<IdeManifest> {
  const bundled = await build({
    entryPoints: { graphiql: join(HERE, 'src/main.ts') },
    tsconfig: join(HERE, 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: TARGETS,
    // React's production build (no development checks, no eval-based source maps).
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    charset: 'utf8',
    // The stylesheets main.ts imports come out as graphiql.css beside graphiql.js.
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  const output = (ext: string) => {
    const file = bundled.outputFiles.find((f) => f.path.endsWith(`.${ext}`));
    if (!file) throw new Error(`esbuild wrote no .${ext} file for the IDE`);
    return file.text;
  };
  const script = output('js');
  const css = output('css');
  const scriptFile = hashed('graphiql', 'js', script);
  const styleFile = hashed('graphiql', 'css', css);
  const html = readFileSync(join(HERE, 'static/index.html'), 'utf8')
    .replace('{{script}}', `${IDE_ASSET_PATH}/${scriptFile}`)
    .replace('{{style}}', `${IDE_ASSET_PATH}/${styleFile}`);
  const manifest: IdeManifest = { page: 'index.html', assets: [scriptFile, styleFile], script: scriptFile, scriptBytes: Buffer.byteLength(script) };

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, scriptFile), script);
  writeFileSync(join(outDir, styleFile), css);
  writeFileSync(join(outDir, 'index.html'), html);
  writeFileSync(join(outDir, IDE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

