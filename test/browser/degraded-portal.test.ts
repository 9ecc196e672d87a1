/**
 * The portal when a service does not answer, on a gateway configured as in production: trusted
 * documents only (the portal sends registered ids, nothing else) and its experiments subgraph
 * unreachable. A signed-in account's page still shows who it is, its agreements and its data
 * section, and says in words that its features could not be loaded — a partial answer, not an
 * error page.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, StepRecorder } from '../support/browser';
import { makeCompliantUser } from '../support/experiments';
import { freePorts } from '../support/free-port';
import { startOwnGateway, type GatewayProcess } from '../support/gateway-process';
import type { TestUser } from '../support/graphql-client';
import { portalPage, statusLine } from '../support/portal';

jest.setTimeout(120_000);

let browser: Browser;
let gateway: GatewayProcess;
let user: TestUser;

beforeAll(async () => {
  const [closed] = await freePorts(1);
  [browser, gateway, user] = await Promise.all([
    launchBrowser(),
    startOwnGateway({ EXPERIMENTS_URL: `http://127.0.0.1:${closed}/graphql`, TRUSTED_DOCUMENTS_ONLY: 'true' }),
    makeCompliantUser('degraded'),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

it('runs on registered operations only, shows the rest of the account and says the features could not be loaded while experiments is down', async () => {
  const { context, page, errors } = await portalPage(browser);
  context.setDefaultTimeout(15_000);
  const recorder = new StepRecorder('portal-degraded');
  let passed = false;
  try {
    await recorder.step(page, 'account-without-experiments', async () => {
      await page.goto(gateway.url.replace(/\/graphql$/, '/'));
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('Email').fill(user.email);
      await form.getByLabel('Password').fill(user.password);
      await form.getByLabel('Password').press('Enter');
      await statusLine(page).filter({ hasText: 'Signed in as degraded.' }).waitFor();
      await page.getByRole('heading', { name: 'Hello, degraded', level: 1 }).waitFor();
      await page.getByText('You have accepted the current Terms of Service and Privacy Policy.').waitFor();
      await page.getByText('Your features could not be loaded just now. Nothing was lost; reload the page in a moment.').waitFor();
      await page.getByText('The experiments could not be loaded just now. Nothing was lost; reload the page in a moment.').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^beta-data-export-/);
    });
    expect(errors).toEqual([]);
    passed = true;
  } finally {
    const kept = recorder.finish(passed);
    if (kept) console.log(`screenshots of the failed walk: ${kept}`);
    await context.close();
  }
});
