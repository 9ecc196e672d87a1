/**
 * GraphiQL at http://<gateway>/graphql in Chromium, offline: every request to another origin is
 * aborted, so the walk proves the page needs nothing but the gateway (no CDN). The schema loads
 * (GraphiQL's introspection query passes the query limits), the default query runs without a
 * token while the header editor still holds its placeholder, and once a signed-up account's
 * access token is pasted into the Authorization header, `query Me { me { id email } }` answers with that
 * account in the result pane. Script errors and CSP violations (Chromium reports both on the
 * console) fail the walk.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, StepRecorder } from '../support/browser';
import { signUpUser, type TestUser } from '../support/graphql-client';
import { testPlatform } from '../support/platform';

jest.setTimeout(120_000);

let browser: Browser;
let user: TestUser;

beforeAll(async () => {
  [browser, user] = await Promise.all([launchBrowser(), signUpUser('graphiql')]);
});

afterAll(async () => {
  await browser?.close();
});

/** Replaces the text of the visible CodeMirror editor inside `within` (typed keys would meet its auto-closed brackets). */
async function replaceEditorText(page: Page, within: string, text: string): Promise<void> {
  await page.locator(`${within} .CodeMirror`).filter({ visible: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

it('runs a signed-in query with nothing but the gateway reachable', async () => {
  const gatewayUrl = testPlatform().gatewayUrl;
  const gatewayOrigin = new URL(gatewayUrl).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  // Offline: the gateway's origin answers, every other one is cut (and noted).
  const elsewhere: string[] = [];
  await context.route('**', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === gatewayOrigin) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const recorder = new StepRecorder('graphiql');
  let passed = false;
  try {
    await recorder.step(page, 'open-graphiql', async () => {
      await page.goto(gatewayUrl);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      // The schema came through introspection: the documentation lists the root type.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
    });

    await recorder.step(page, 'default-query-without-token', async () => {
      // The header editor opens with the placeholder, which is not sent: the query runs anonymously.
      await page.locator('.graphiql-editor-tool').filter({ hasText: 'Bearer <accessToken from signUp or signIn>' }).waitFor();
      await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
      await page.locator('.graphiql-response').filter({ hasText: 'TERMS_OF_SERVICE' }).waitFor();
    });

    await recorder.step(page, 'me-with-token', async () => {
      await replaceEditorText(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${user.accessToken}` }, null, 2));
      await replaceEditorText(page, '.graphiql-query-editor', 'query Me { me { id email } }');
      // GraphiQL reads the operation's name from the edit a moment later; the tab shows it then.
      await page.locator('.graphiql-tabs').getByText('Me', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
      const response = page.locator('.graphiql-response');
      await response.filter({ hasText: user.accountId }).waitFor();
      await response.filter({ hasText: user.email }).waitFor();
    });

    await recorder.step(page, 'settings-dialog', async () => {
      // A dialog (Radix) locks the page's scrolling with a style element of its own: the policy must let it.
      await page.getByRole('button', { name: 'Open settings dialog' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Persist headers').waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });

    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    passed = true;
  } finally {
    const kept = recorder.finish(passed);
    if (kept) console.log(`screenshots of the failed walk: ${kept}`);
    await context.close();
  }
});
