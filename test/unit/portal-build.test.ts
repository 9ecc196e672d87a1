/**
 * The account portal's build (portal/build.ts) and its source: the bundle, its hashed names and its
 * budget, the page without inline script or style (the CSP allows neither), the browser code's
 * types (checked with the DOM's, which the Node code does not get), and the colours of the
 * stylesheet against WCAG's 4.5:1 contrast for text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PORTAL_MANIFEST, type PortalManifest } from '../../common/portal-files';
import { buildPortal, SCRIPT_BUDGET_BYTES } from '../../portal/build';
import { runNode } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
let outDir: string;
let manifest: PortalManifest;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'bsg-portal-'));
  manifest = await buildPortal(outDir);
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the portal build', () => {
  it('writes the page, a hashed script within its budget and a hashed stylesheet, and the manifest listing them', () => {
    expect(manifest.files).toEqual(['index.html', manifest.script, expect.stringMatching(/^portal\.[0-9a-f]{12}\.css$/), 'favicon.svg']);
    expect(manifest.script).toMatch(/^app\.[0-9a-f]{12}\.js$/);
    for (const file of [...manifest.files, PORTAL_MANIFEST]) expect(existsSync(join(outDir, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(outDir, PORTAL_MANIFEST), 'utf8'))).toEqual(manifest);
    expect(manifest.scriptBytes).toBe(readFileSync(join(outDir, manifest.script)).length);
    expect(manifest.scriptBytes).toBeLessThan(SCRIPT_BUDGET_BYTES);
  });

  it('names the hashed files in a page without inline script or style', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain(`<script src="/${manifest.script}" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/${manifest.files[2]}">`);
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=/);
    expect(html).not.toContain('{{');
  });

  it('builds the same names from the same sources', async () => {
    const again = mkdtempSync(join(tmpdir(), 'bsg-portal-'));
    try {
      expect(await buildPortal(again)).toEqual(manifest);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('type-checks the browser code with the DOM types', async () => {
    const tsc = await runNode(require.resolve('typescript/bin/tsc'), ['--noEmit', '-p', join(ROOT, 'portal')], {}, 120_000);
    expect({ code: tsc.code, output: tsc.stdout + tsc.stderr }).toEqual({ code: 0, output: '' });
  }, 130_000);
});

/** WCAG 2 relative luminance and contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('the portal stylesheet', () => {
  const css = readFileSync(join(ROOT, 'portal/static/portal.css'), 'utf8');
  const colour = (name: string) => {
    const found = css.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`));
    if (!found) throw new Error(`portal.css defines no --${name}`);
    return found[1];
  };

  it('keeps every text colour at 4.5:1 or more against the backgrounds it is used on', () => {
    const white = '#ffffff';
    const pairs: [string, string, string][] = [
      ['text on white', colour('text'), white],
      ['muted text and hints on white', colour('muted'), white],
      ['links and secondary buttons on white', colour('accent'), white],
      ['hovered links on white', colour('accent-dark'), white],
      ['button text on the accent', white, colour('accent')],
      ['hovered button text', white, colour('accent-dark')],
      ['danger button text', white, colour('danger')],
      ['errors on white', colour('danger'), white],
      ['status and "ready" on white', colour('ok'), white],
      ['agreement texts on their panel', colour('text'), colour('soft')],
      ['muted text on a panel', colour('muted'), colour('soft')],
      ['notices', colour('text'), colour('warn-bg')],
    ];
    const low = pairs.map(([use, fg, bg]) => ({ use, ratio: Math.round(contrast(fg, bg) * 100) / 100 })).filter((p) => p.ratio < 4.5);
    expect(low).toEqual([]);
  });
});
