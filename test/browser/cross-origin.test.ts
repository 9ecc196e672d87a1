/**
 * Walk (d): a page on one origin calling the gateway on another, as a portal hosted elsewhere
 * would. A tiny page (the typed client bundled by esbuild) is served by a plain HTTP server here;
 * the gateway, started for this test, lists http://127.0.0.1:<that port> in CORS_ORIGINS. From
 * there the browser's preflights pass and the page reads the answers — an anonymous query and a
 * signed-in Bootstrap. The same page from http://localhost:<that port>, an origin not in the
 * list, is stopped by the browser: its preflight is refused and the page gets no answer.
 */
import http from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { BootstrapQuery, AgreementsQuery, Result } from '../../client';
import { launchBrowser, StepRecorder } from '../support/browser';
import { freePorts } from '../support/free-port';
import { startOwnGateway, type GatewayProcess } from '../support/gateway-process';
import { signUpUser, type TestUser } from '../support/graphql-client';

jest.setTimeout(120_000);

type Outcome = { agreements: Result<AgreementsQuery>; bootstrap: Result<BootstrapQuery> };

let browser: Browser;
let gateway: GatewayProcess;
let pages: http.Server;
let pagePort: number;
let user: TestUser;

async function servePage(port: number): Promise<http.Server> {
  const bundled = await build({ entryPoints: [join(__dirname, 'cross-origin-page.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome116', write: false, logLevel: 'silent' });
  const script = bundled.outputFiles[0].text;
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elsewhere</title><script src="/page.js"></script></head><body><p>A page on another origin.</p></body></html>';
  const server = http.createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(204).end(); // favicon.ico
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  [pagePort] = await freePorts(1);
  [browser, gateway, pages, user] = await Promise.all([
    launchBrowser(),
    startOwnGateway({ CORS_ORIGINS: `http://127.0.0.1:${pagePort}` }),
    servePage(pagePort),
    signUpUser('elsewhere'),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
});

async function callFrom(page: Page, origin: string): Promise<Outcome> {
  await page.goto(`${origin}/`);
  return page.evaluate(([url, tokens]) => (globalThis as unknown as { callGateway(u: string, t: unknown): Promise<Outcome> }).callGateway(url, tokens),
    [gateway.url, { accessToken: user.accessToken, refreshToken: user.refreshToken }] as const);
}

it('lets a listed origin call the gateway, and the browser blocks an origin that is not listed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const recorder = new StepRecorder('portal-cross-origin');
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  let passed = false;
  try {
    const allowed = await recorder.step(page, 'listed-origin', () => callFrom(page, `http://127.0.0.1:${pagePort}`));
    expect(allowed.agreements).toMatchObject({ ok: true, errors: [] });
    expect(allowed.agreements.ok && allowed.agreements.data.agreements.map((a) => a.kind)).toEqual(expect.arrayContaining(['TERMS_OF_SERVICE', 'PRIVACY_POLICY']));
    // Signed in across origins: the Authorization header passed the preflight.
    expect(allowed.bootstrap).toMatchObject({ ok: true, data: { me: { id: user.accountId, email: user.email } } });
    // The page may read the exposed request id.
    expect(allowed.bootstrap.requestId).toMatch(/^[\w.:-]{8,}$/);
    expect(consoleErrors).toEqual([]);

    const blocked = await recorder.step(page, 'unlisted-origin', () => callFrom(page, `http://localhost:${pagePort}`));
    expect(blocked.agreements).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(blocked.bootstrap).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(consoleErrors.filter((e) => e.includes(`from origin 'http://localhost:${pagePort}' has been blocked by CORS policy`))).toHaveLength(2);
    passed = true;
  } finally {
    const kept = recorder.finish(passed);
    if (kept) console.log(`screenshots of the failed walk: ${kept}`);
    await context.close();
  }
});
