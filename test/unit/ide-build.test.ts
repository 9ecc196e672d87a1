/**
 * GraphiQL's build (ide/build.ts): one hashed script and one hashed stylesheet with everything in
 * them (no other origin, no eval), a page without inline script or style (the CSP allows neither) with a slot for the gateway's nonce,
 * the manifest the gateway serves from, and the browser code's types checked with the DOM's.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IDE_ASSET_PATH, IDE_MANIFEST, IDE_NONCE_SLOT, type IdeManifest } from '../../common/ide-files';
import { buildIde } from '../../ide/build';
import { runNode } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
let outDir: string;
let manifest: IdeManifest;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'bsg-ide-'));
  manifest = await buildIde(outDir);
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the IDE build', () => {
  it('writes the page, a hashed script and stylesheet, and the manifest listing them', () => {
    expect(manifest).toEqual({
      page: 'index.html',
      assets: [expect.stringMatching(/^graphiql\.[0-9a-f]{12}\.js$/), expect.stringMatching(/^graphiql\.[0-9a-f]{12}\.css$/)],
      script: manifest.assets[0],
      scriptBytes: readFileSync(join(outDir, manifest.assets[0])).length,
    });
    expect(readdirSync(outDir).sort()).toEqual([...manifest.assets, IDE_MANIFEST, 'index.html'].sort());
    expect(JSON.parse(readFileSync(join(outDir, IDE_MANIFEST), 'utf8'))).toEqual(manifest);
  });

  it('names the hashed files in a page without inline script or style', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain(`<script src="${IDE_ASSET_PATH}/${manifest.assets[0]}" defer nonce="${IDE_NONCE_SLOT}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${IDE_ASSET_PATH}/${manifest.assets[1]}">`);
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=/);
    // Only the nonce is left for the gateway to fill in.
    expect(html.replaceAll(IDE_NONCE_SLOT, '')).not.toContain('{{');
  });

  it('bundles GraphiQL with React in production mode, loading nothing from another origin', () => {
    const script = readFileSync(join(outDir, manifest.assets[0]), 'utf8');
    const css = readFileSync(join(outDir, manifest.assets[1]), 'utf8');
    expect(script).toContain('graphiql-query-editor');
    // React's development build (slower, and chatty on the console) is not in here.
    expect(script).not.toContain('Download the React DevTools');
    // Nothing fetched, imported or linked from elsewhere: the fonts and icons are inside the stylesheet.
    expect(script).not.toMatch(/\bimport\s*\(\s*["'`]https?:|importScripts\(/);
    expect(css).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
    expect(css).not.toMatch(/@import/);
  });

  it('type-checks the browser code with the DOM types', async () => {
    expect(existsSync(join(ROOT, 'ide/tsconfig.json'))).toBe(true);
    const tsc = await runNode(require.resolve('typescript/bin/tsc'), ['--noEmit', '-p', join(ROOT, 'ide')], {}, 120_000);
    expect({ code: tsc.code, output: tsc.stdout + tsc.stderr }).toEqual({ code: 0, output: '' });
  }, 130_000);
});
