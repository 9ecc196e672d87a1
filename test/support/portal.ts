/**
 * The account portal in a real browser, for the walks in test/browser: a context per person (its
 * own sessionStorage, so its own session), coming from a client address of its own (sign-up and
 * sign-in limits count per address; the test platform trusts one proxy hop), and the checks every
 * walk makes on the page.
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testPlatform } from './platform';

/** The portal of the shared test platform: the gateway's origin. */
export const portalUrl = (): string => new URL('/', testPlatform().gatewayUrl).toString();

export async function portalPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address }, acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  // Script errors and CSP violations fail the walk: the page must run under its own policy.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/** Form controls in the accessibility tree without a name: an input nobody labelled. */
export function unnamedControls(ariaSnapshot: string): string[] {
  return ariaSnapshot.split('\n').map((line) => line.trim())
    .filter((line) => /^- (textbox|checkbox|radio|combobox|spinbutton|slider|searchbox|listbox|switch)\b/.test(line))
    .filter((line) => !/^- \w+ "[^"]+"/.test(line));
}

/** The polite status line the portal announces results in. */
export const statusLine = (page: Page) => page.locator('#status');

/**
 * A picture of the page for people (test-output/showcase/, git-ignored), kept whether the walk
 * passes or not: docs/portal-account.png in the README is the user walk's, copied from there.
 */
export async function showcase(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(__dirname, '../../test-output/showcase', `${name}.png`), fullPage: true });
}
