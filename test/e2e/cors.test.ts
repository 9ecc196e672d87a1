/**
 * CORS and CSRF at the gateway, with the Origin headers browsers send. The test platform runs the
 * default CORS_ORIGINS: the portal on the gateway's own origin (http://localhost:<port>) and the
 * add-on (moz-extension://*, chrome-extension://*).
 */
import { registeredOperations } from '../../client/generated/operations';
import { testPlatform } from '../support/platform';

const ADDON_FIREFOX = 'moz-extension://0f3c5a1e-8d2b-4c7a-9e61-3b2d8f7a6c10';
const ADDON_CHROMIUM = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const STRANGER = 'https://evil.example';

const url = () => testPlatform().gatewayUrl;
const preflight = (origin: string, method: string, headers: string) =>
  fetch(url(), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

function agreementsByIdUrl(): string {
  const target = new URL(url());
  target.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: registeredOperations.Agreements.id } }));
  return target.toString();
}

describe('CORS', () => {
  it('answers a preflight of the add-on and of the portal with the headers beta and Apollo clients send, without credentials', async () => {
    for (const origin of [ADDON_FIREFOX, ADDON_CHROMIUM, `http://localhost:${testPlatform().gatewayPort}`]) {
      const res = await preflight(origin, 'GET', 'authorization,x-beta-client,if-none-match,apollo-require-preflight,content-type,x-request-id');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(res.headers.get('access-control-allow-headers')!.split(',')).toEqual(expect.arrayContaining(
        ['content-type', 'authorization', 'apollo-require-preflight', 'x-beta-client', 'x-request-id', 'if-none-match'],
      ));
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('refuses a preflight from any other origin: no Access-Control-* header, a coded JSON answer', async () => {
    const res = await preflight(STRANGER, 'POST', 'content-type,authorization');
    expect(res.status).toBe(403);
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toContain('CORS_ORIGINS');
  });

  it('lets the add-on read the answer, its request id and its ETag; another origin gets the answer without permission to read it', async () => {
    const allowed = await fetch(agreementsByIdUrl(), { headers: { origin: ADDON_FIREFOX, 'x-beta-client': 'addon' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ADDON_FIREFOX);
    expect(allowed.headers.get('access-control-expose-headers')!.split(',')).toEqual(['x-request-id', 'etag', 'retry-after']);
    expect(allowed.headers.get('etag')).toBeTruthy();

    const stranger = await fetch(url(), { method: 'POST', headers: { origin: STRANGER, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CSRF prevention', () => {
  it('refuses a simple POST (no preflight-forcing header), whatever its origin', async () => {
    for (const origin of [STRANGER, ADDON_FIREFOX]) {
      const res = await fetch(url(), { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toContain('Cross-Site Request Forgery');
    }
  });

  it('refuses a GET without x-beta-client or apollo-require-preflight (an <img> or a link), runs it with either', async () => {
    const bare = await fetch(agreementsByIdUrl(), { headers: { origin: STRANGER } });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { errors: { message: string }[] }).errors[0].message).toContain('x-beta-client');
    for (const header of ['x-beta-client', 'apollo-require-preflight']) {
      const res = await fetch(agreementsByIdUrl(), { headers: { [header]: 'portal' } });
      expect(res.status).toBe(200);
    }
  });
});
