/**
 * The account portal as the gateway serves it at `/`: the files the launcher built, each with the
 * portal's Content-Security-Policy and nosniff; index.html revalidated on every load (304 while
 * unchanged), the hashed script cached for good and within its size budget; nothing else of the
 * folder. /graphql gives browsers GraphiQL, under its own policy. A gateway with
 * no built portal still serves the API and says so at `/`.
 */
import http from 'node:http';
import { PORTAL_CSP } from '../../gateway/portal-headers';
import { SCRIPT_BUDGET_BYTES } from '../../portal/build';
import { startOwnGateway } from '../support/gateway-process';
import { testPlatform } from '../support/platform';

/** The status of a GET sent with exactly these headers. */
function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

const origin = () => new URL('/', testPlatform().gatewayUrl).toString().replace(/\/$/, '');

async function indexPage(): Promise<{ res: Response; html: string }> {
  const res = await fetch(`${origin()}/`);
  return { res, html: await res.text() };
}

describe('the portal at /', () => {
  it('serves index.html with a strict policy and revalidation', async () => {
    const { res, html } = await indexPage();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(PORTAL_CSP);
    expect(PORTAL_CSP).toContain("script-src 'self'");
    expect(PORTAL_CSP).toContain("connect-src 'self'");
    expect(PORTAL_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(html).toContain('<main id="main"');
    // No inline script: the policy would block it anyway.
    expect(html.match(/<script[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/app\.[0-9a-f]{12}\.js" defer>$/)]);

    // As a browser revalidates a page (fetch() would add Cache-Control: no-cache to a conditional request).
    expect(await statusOf(`${origin()}/`, { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' })).toBe(304);
  });

  it('serves the hashed script and stylesheet for a year, the script within its budget', async () => {
    const { html } = await indexPage();
    const assets = [...html.matchAll(/(?:src|href)="(\/(?:app|portal)\.[0-9a-f]{12}\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const res = await fetch(`${origin()}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-security-policy')).toBe(PORTAL_CSP);
      expect(res.headers.get('content-type')).toMatch(path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      const body = await res.arrayBuffer();
      if (path.endsWith('.js')) expect(body.byteLength).toBeLessThan(SCRIPT_BUDGET_BYTES);
    }
  });

  it('serves only the built files: the manifest, other paths and other methods get the JSON 404', async () => {
    for (const path of ['/portal-manifest.json', '/app.js', '/src/main.ts', '/../package.json', '/staff']) {
      const res = await fetch(`${origin()}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const post = await fetch(`${origin()}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(404);
  });

  it('leaves GET /graphql from a browser to GraphiQL, under its own policy (test/e2e/graphql-ide.test.ts)', async () => {
    const res = await fetch(testPlatform().gatewayUrl, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>GraphiQL');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self' 'nonce-/);
  });
});

describe('a gateway without a built portal', () => {
  it('answers / with SERVICE_UNAVAILABLE and keeps serving the API', async () => {
    const gateway = await startOwnGateway({ PORTAL_DIR: '/nonexistent/portal' });
    try {
      const res = await fetch(gateway.url.replace(/\/graphql$/, '/'));
      expect(res.status).toBe(503);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toEqual({ message: 'The account portal is not installed on this server. The API is at /graphql.', extensions: { code: 'SERVICE_UNAVAILABLE' } });
      const api = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ agreements { kind } }' }) });
      expect(api.status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});
