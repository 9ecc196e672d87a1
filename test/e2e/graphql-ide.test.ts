/**
 * What a browser gets at GET /graphql (GRAPHQL_IDE). By default GraphiQL from the gateway's own
 * files, with its Content-Security-Policy (the page's with a nonce of its own per load) and its
 * hashed files cached for a year; API clients' GETs still run their queries, and GraphiQL's introspection query passes the
 * query limits. GRAPHQL_IDE=sandbox keeps Apollo Sandbox, `off` serves no page, a gateway whose
 * GraphiQL is not built says so, and an unknown value stops the start with one line.
 */
import { getIntrospectionQuery } from 'graphql';
import { IDE_ASSET_PATH } from '../../common/ide-files';
import { ideCsp } from '../../gateway/ide-headers';
import { freePorts } from '../support/free-port';
import { startOwnGateway } from '../support/gateway-process';
import { gql, signUpUser } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { runNode } from '../support/processes';
import { signUpStaff } from '../support/staff';

/** What Chromium sends when a person opens a URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

const origin = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');
const openInBrowser = (url: string) => fetch(url, { headers: { accept: BROWSER_ACCEPT } });

interface ErrorBody { errors: { message: string; extensions: { code: string } }[] }

describe('GraphiQL at GET /graphql (the default)', () => {
  const url = () => testPlatform().gatewayUrl;

  it('serves the page to a browser with the IDE policy and a style nonce new on every load', async () => {
    const res = await openInBrowser(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const nonce = res.headers.get('content-security-policy')!.match(/'nonce-([A-Za-z0-9+/=]+)'/)![1];
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(res.headers.get('content-security-policy')).toBe(ideCsp(nonce));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toMatch(/\bAccept\b/i);
    const html = await res.text();
    expect(html).toContain('<title>GraphiQL · Beta Services Gateway</title>');
    // One script, from this origin, carrying the nonce; nothing inline.
    const scripts = html.match(/<script[^>]*>/g)!;
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(new RegExp(`^<script src="${IDE_ASSET_PATH}/graphiql\\.[0-9a-f]{12}\\.js" defer nonce="`));
    expect(scripts[0].endsWith(` nonce="${nonce}">`)).toBe(true);
    const again = await openInBrowser(url());
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('serves the hashed script and stylesheet for a year, with the policy; nothing else under its path', async () => {
    const html = await (await openInBrowser(url())).text();
    const assets = [...html.matchAll(new RegExp(`(?:src|href)="(${IDE_ASSET_PATH}/graphiql\\.[0-9a-f]{12}\\.(?:js|css))"`, 'g'))].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const res = await fetch(`${origin(url())}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-security-policy')).toBe(ideCsp());
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toMatch(path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
    for (const path of [`${IDE_ASSET_PATH}/index.html`, `${IDE_ASSET_PATH}/ide-manifest.json`, `${IDE_ASSET_PATH}/`, `${IDE_ASSET_PATH}/graphiql.js`]) {
      const res = await fetch(`${origin(url())}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(((await res.json()) as ErrorBody).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('still runs an API client\'s GET query, with or without Accept: application/json', async () => {
    const variants: Record<string, string>[] = [{ accept: 'application/json' }, { accept: 'application/graphql-response+json, application/json' }, {}, { accept: '*/*' }];
    for (const headers of variants) {
      const res = await fetch(`${url()}?query=${encodeURIComponent('{ agreements { kind } }')}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
      expect({ headers, status: res.status, type: res.headers.get('content-type') }).toEqual({ headers, status: 200, type: expect.stringMatching(/json/) });
      const body = (await res.json()) as { data: { agreements: { kind: string }[] } };
      expect(body.data.agreements.map((a) => a.kind)).toEqual(expect.arrayContaining(['TERMS_OF_SERVICE', 'PRIVACY_POLICY']));
    }
  });

  it('answers GraphiQL\'s introspection query within the query limits, signed in or not', async () => {
    const user = await signUpUser('ide-introspection');
    for (const token of [undefined, user.accessToken]) {
      const res = await gql<{ __schema: { queryType: { name: string }; types: { name: string }[] } }>(getIntrospectionQuery(), {}, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.__schema.queryType.name).toBe('Query');
      expect(res.data!.__schema.types.map((t) => t.name)).toEqual(expect.arrayContaining(['Account', 'Experiment', 'AgreementKind']));
    }
  });
});

describe('GRAPHQL_IDE=sandbox', () => {
  it('serves Apollo Sandbox from Apollo\'s CDN, without the IDE policy, and none of GraphiQL\'s files', async () => {
    const gateway = await startOwnGateway({ GRAPHQL_IDE: 'sandbox' });
    try {
      const res = await openInBrowser(gateway.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
      expect(res.headers.get('content-security-policy')).toBeNull();
      const shared = await (await openInBrowser(testPlatform().gatewayUrl)).text();
      const script = shared.match(/src="([^"]+)"/)![1];
      expect((await fetch(`${origin(gateway.url)}${script}`)).status).toBe(404);
    } finally {
      await gateway.stop();
    }
  });
});

describe('GRAPHQL_IDE=off', () => {
  it('serves no page: a browser\'s GET /graphql gets the usual coded error (CSRF prevention), the API keeps working', async () => {
    const gateway = await startOwnGateway({ GRAPHQL_IDE: 'off' });
    try {
      const res = await openInBrowser(gateway.url);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      const body = (await res.json()) as ErrorBody;
      // A browser's GET carries none of the CSRF headers: Apollo's CSRF prevention answers it.
      expect(body.errors[0]).toMatchObject({ message: expect.stringContaining('Cross-Site Request Forgery'), extensions: { code: 'BAD_REQUEST' } });
      const api = await gql<{ agreements: unknown[] }>('{ agreements { kind } }', {}, { url: gateway.url });
      expect(api.errors).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });
});

describe('a gateway whose GraphiQL is not built', () => {
  it('answers a browser\'s GET /graphql with SERVICE_UNAVAILABLE and keeps serving the API', async () => {
    const gateway = await startOwnGateway({ GRAPHQL_IDE_DIR: '/nonexistent/ide' });
    try {
      const res = await openInBrowser(gateway.url);
      expect(res.status).toBe(503);
      expect(((await res.json()) as ErrorBody).errors[0]).toEqual({
        message: 'GraphiQL is not installed on this server: POST your queries to /graphql, or set GRAPHQL_IDE=sandbox for Apollo Sandbox.',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      const api = await gql<{ agreements: unknown[] }>('{ agreements { kind } }', {}, { url: gateway.url });
      expect(api.errors).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });
});

describe('GraphiQL with TRUSTED_DOCUMENTS_ONLY=true', () => {
  it('is served, but its ad-hoc text (introspection included) runs only for exempt staff roles', async () => {
    const gateway = await startOwnGateway({ TRUSTED_DOCUMENTS_ONLY: 'true' });
    try {
      expect((await openInBrowser(gateway.url)).status).toBe(200);
      const user = await signUpUser('ide-trusted');
      const refused = await gql(getIntrospectionQuery(), {}, { url: gateway.url, token: user.accessToken });
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      const staff = await signUpStaff(['ENGINEERING'], 'ide-staff');
      const allowed = await gql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery(), {}, { url: gateway.url, token: staff.accessToken });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data!.__schema.queryType.name).toBe('Query');
    } finally {
      await gateway.stop();
    }
  });
});

describe('an unknown GRAPHQL_IDE', () => {
  it('stops the start with one line naming the allowed values', async () => {
    const [port, opsPort] = await freePorts(2);
    const run = await runNode('gateway/main.ts', [], { GRAPHQL_IDE: 'playground', GATEWAY_SECRET: 'unused', PORT: String(port), OPS_PORT: String(opsPort), GATEWAY_HOST: '127.0.0.1' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', msg: 'GRAPHQL_IDE must be one of graphiql, sandbox, off; got "playground"' });
  });
});
