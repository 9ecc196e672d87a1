/**
 * The beta add-on as a user meets it: built from addon/, loaded unpacked into Chromium (headless
 * Chromium runs extensions), pointed at the shared test platform's gateway from its options page.
 * The walk: join from the popup (sign-up, consent and the experimental channel in one step) → the
 * feature staff launched for the experimental channel appears after the poll, with what the browser fetches and verifies → feedback
 * once, a second time refused in words → staff kill the feature → still listed until the next poll
 * (the add-on reacts on its next poll) → gone on it, shown as ended with staff's reason.
 * Screenshots of every step stay under test-output/ when the walk fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, Worker } from 'playwright-core';
import { buildAddon } from '../../addon/build';
import { launchWithExtension, StepRecorder } from '../support/browser';
import { launchExperiment, makeCrew, ok, type Crew } from '../support/experiments';
import { gql, uniqueEmail } from '../support/graphql-client';
import { testPlatform } from '../support/platform';

/** The extension APIs the test reads inside the add-on's service worker (the test's own types have no `chrome`). */
interface WorkerGlobals {
  chrome: {
    alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> };
    action: { getBadgeText(details: object): Promise<string> };
    storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  };
}

const KILL = `mutation($slug: String!, $reason: String) { transitionExperiment(slug: $slug, to: KILLED, reason: $reason) { status } }`;
const KILL_REASON = 'It slowed page loads down; we are sorry.';

/** The badge's text once it reads `expected` (the worker sets it when the stored state changes), or what it reads after a while. */
async function badgeWhenSet(worker: Worker, expected: string): Promise<string> {
  let text = '';
  for (let i = 0; i < 50 && text !== expected; i++) {
    if (i) await sleep(100);
    text = await worker.evaluate(() => (globalThis as unknown as WorkerGlobals).chrome.action.getBadgeText({}));
  }
  return text;
}

describe('the beta add-on in Chromium', () => {
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchWithExtension>>;
  let crew: Crew;
  let slug: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bsg-addon-'));
    // Staff launch a beta-channel feature while the add-on builds and the browser starts.
    await Promise.all([
      (async () => {
        crew = await makeCrew();
        // EXPERIMENTAL tier: only experimental-channel accounts get it, so launching and killing it
        // does not change the answers of other files' beta-channel accounts.
        slug = await launchExperiment(crew, { optInPolicy: 'CHANNEL', tier: 'EXPERIMENTAL' });
      })(),
      (async () => {
        await buildAddon(dir);
        browser = await launchWithExtension(dir);
      })(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function extensionWorker(): Promise<Worker> {
    return browser.context.serviceWorkers()[0] ?? browser.context.waitForEvent('serviceworker');
  }

  it('joins from the popup, lists the launched feature after a poll, and drops it on the next poll once staff killed it', async () => {
    const recorder = new StepRecorder('addon-join-kill');
    let passed = false;
    let page: Page | undefined;
    try {
      const worker = await extensionWorker();
      const id = new URL(worker.url()).host;
      page = await browser.context.newPage();
      const popup = page;

      await recorder.step(popup, 'settings', async () => {
        await popup.goto(`chrome-extension://${id}/options.html`);
        await popup.waitForSelector('body[data-ready]');
        expect(await popup.inputValue('#gateway-url')).toBe('http://localhost:4000/graphql');
        await popup.fill('#gateway-url', testPlatform().gatewayUrl);
        await popup.fill('#poll-minutes', '30');
        await popup.click('button[type=submit]');
        await popup.waitForSelector('#settings-result.ok');
        expect(await popup.textContent('#settings-result')).toContain('every 30 minute(s)');
      });
      // The background polls on that schedule (Chromium keeps periods of 30 s and more).
      expect(await worker.evaluate(async () => (await (globalThis as unknown as WorkerGlobals).chrome.alarms.get('poll'))?.periodInMinutes)).toBe(30);

      const email = uniqueEmail('addon');
      await recorder.step(popup, 'join-form', async () => {
        await popup.goto(`chrome-extension://${id}/popup.html`);
        await popup.waitForSelector('#terms details.agreement');
        const terms = await popup.locator('#terms details.agreement summary').allTextContents();
        expect(terms).toEqual(expect.arrayContaining([
          expect.stringMatching(/Terms of Service — version .+ \(required\)/), expect.stringMatching(/Privacy Policy — version .+ \(required\)/), expect.stringMatching(/Opt-in — version .+ \(optional\)/),
        ]));
        await popup.fill('#join-form [name=email]', email);
        await popup.fill('#join-form [name=password]', 'correct horse battery staple');
        await popup.fill('#join-form [name=displayName]', 'Walker');
        await popup.check('#join-form [name=acceptRequired]');
        await popup.check('#join-form [name=experimental]');
      });

      await recorder.step(popup, 'joined', async () => {
        await popup.click('#join-button');
        await popup.waitForSelector(`#feature-list li[data-slug="${slug}"]`);
        expect(await popup.textContent('#who')).toBe(`Signed in as ${email} · experimental channel`);
        expect(await popup.isVisible('#consent')).toBe(false);
        const item = popup.locator(`#feature-list li[data-slug="${slug}"]`);
        expect(await item.locator('a.url').getAttribute('href')).toBe(`https://addons.beta.example.org/${slug}-1.0.0.xpi`);
        expect(await item.locator('code.sha256').textContent()).toMatch(/^[0-9a-f]{64}$/);
        expect(await item.textContent()).toContain(`${slug} EXPERIMENTAL`);
        expect(await item.textContent()).toContain(`Revision 1.0.0 · add-on ${slug}@beta.example.org`);
      });

      await recorder.step(popup, 'feedback', async () => {
        const item = popup.locator(`#feature-list li[data-slug="${slug}"]`);
        const result = item.locator(`[id="feedback-result-${slug}"]`);
        const send = async (comment: string) => {
          await item.locator('button.give-feedback').click();
          await item.locator('input[value=HAPPY]').check();
          await item.locator('textarea[name=comment]').fill(comment);
          await item.locator('form.feedback-form button[type=submit]').click();
        };
        await send('Works for me.');
        await result.filter({ hasText: 'Thank you' }).waitFor();
        // The gateway takes one feedback per feature a day: a second one is refused, in words.
        await send('And again.');
        await result.filter({ hasText: 'not sent' }).waitFor();
        expect(await result.textContent()).toMatch(new RegExp(`^Your feedback was not sent: You already sent feedback on ${slug} today`));
      });

      ok(await gql(KILL, { slug, reason: KILL_REASON }, { token: crew.approver.accessToken }));

      await recorder.step(popup, 'killed-before-poll', async () => {
        // Nothing polled yet (the next alarm is 30 minutes away): the add-on still lists it.
        expect(await popup.isVisible(`#feature-list li[data-slug="${slug}"]`)).toBe(true);
      });

      await recorder.step(popup, 'next-poll', async () => {
        await popup.click('#check-now');
        await popup.waitForSelector(`#ended-list li[data-slug="${slug}"]`);
        expect(await popup.locator(`#feature-list li[data-slug="${slug}"]`).count()).toBe(0);
        const ended = popup.locator(`#ended-list li[data-slug="${slug}"]`);
        expect(await ended.getAttribute('data-outcome')).toBe('KILLED');
        expect(await ended.locator('.words').textContent()).toBe(`Launch ${slug}: this experiment has ended. ${KILL_REASON}`);
        expect(await ended.locator('.remove').textContent()).toBe(`Your browser removes the add-on ${slug}@beta.example.org.`);
        expect(await popup.locator(`#notice-list li[data-slug="${slug}"]`).textContent()).toBe(`Launch ${slug}: this experiment has ended. ${KILL_REASON}`);
      });

      // The toolbar badge counts what waits in the popup (other files' features ending meanwhile add to both).
      const waiting = await popup.locator('#notice-list li, #prompt-list li').count();
      expect(waiting).toBeGreaterThanOrEqual(1);
      expect(await badgeWhenSet(worker, String(waiting))).toBe(String(waiting));

      // What the popup shows is what the background stored: the feature is gone from the state too.
      const stored = await worker.evaluate(async () => (await (globalThis as unknown as WorkerGlobals).chrome.storage.local.get('state')).state as { features: { slug: string }[] });
      expect(stored.features.map((f) => f.slug)).not.toContain(slug);
      passed = true;
    } finally {
      const kept = recorder.finish(passed);
      if (kept) console.log(`Screenshots of the failed walk: ${kept}`);
    }
  });
});
