/**
 * Walk (a): a person joins the beta in the portal (reads the agreements, signs up and accepts them
 * in one form, submitted with Enter), switches to the experimental channel with its opt-in, opts
 * into an experimental feature, finds it among their features with its add-on revision, sends
 * feedback once (and is told it is once a day), downloads their data and deletes the account —
 * in Debian's Chromium against the test platform's gateway, which serves the portal at `/`.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, StepRecorder } from '../support/browser';
import { launchExperiment, makeCrew, ok, type Crew } from '../support/experiments';
import { errorCodes, gql, uniqueEmail } from '../support/graphql-client';
import { portalPage, portalUrl, showcase, statusLine, unnamedControls } from '../support/portal';

jest.setTimeout(120_000);

let browser: Browser;
let crew: Crew;
let slug: string;

beforeAll(async () => {
  [browser, crew] = await Promise.all([launchBrowser(), makeCrew()]);
  // Experimental tier, each account opts in: the walk needs the channel switch and the opt-in.
  slug = await launchExperiment(crew, { tier: 'EXPERIMENTAL', optInPolicy: 'PER_EXPERIMENT' });
});

afterAll(async () => {
  await browser?.close();
});

it('joins, switches to the experimental channel, opts in, sees the feature, sends feedback, exports and deletes the account', async () => {
  const { context, page, errors } = await portalPage(browser);
  context.setDefaultTimeout(15_000);
  const recorder = new StepRecorder('portal-user-walk');
  const email = uniqueEmail('walker');
  const password = 'correct horse battery staple';
  const name = `Launch ${slug}`;
  const experiment = page.locator(`#experiment-${slug}`);
  const feature = page.locator(`#feature-${slug}`);
  let passed = false;
  try {
    await recorder.step(page, 'welcome', async () => {
      await page.goto(portalUrl());
      await page.getByRole('heading', { name: 'The beta program', level: 1 }).waitFor();
      await page.getByRole('region', { name: /^Terms of Service/ }).waitFor();
      await page.getByRole('region', { name: /^Privacy Policy/ }).waitFor();
      expect(unnamedControls(await page.locator('body').ariaSnapshot())).toEqual([]);
    });

    await recorder.step(page, 'join', async () => {
      const join = page.getByRole('form', { name: 'Join the beta' });
      await join.getByLabel('Email').fill(email);
      await join.getByLabel('Display name').fill('Walker');
      await join.getByLabel('Password').fill(password);
      // Keyboard only: Space ticks the box, Enter in a field submits the form.
      await join.getByRole('checkbox', { name: /I have read and accept the Terms of Service .* and the Privacy Policy/ }).press('Space');
      await join.getByLabel('Password').press('Enter');
      await page.getByRole('heading', { name: 'Hello, Walker', level: 1 }).waitFor();
      await statusLine(page).filter({ hasText: 'Welcome to the beta, Walker. You accepted the Terms of Service' }).waitFor();
      await page.getByText('You have accepted the current Terms of Service and Privacy Policy.').waitFor();
      await experiment.getByText('Only in the experimental channel.').waitFor();
      expect(unnamedControls(await page.locator('body').ariaSnapshot())).toEqual([]);
    });

    await recorder.step(page, 'experimental-channel', async () => {
      const channel = page.getByRole('form', { name: 'Switch to the experimental channel' });
      await channel.getByRole('checkbox', { name: /I have read and accept the Experimental opt-in/ }).check();
      await channel.getByRole('button', { name: 'Switch to the experimental channel' }).click();
      await statusLine(page).filter({ hasText: 'You are in the experimental channel now.' }).waitFor();
      await page.getByRole('form', { name: 'Go back to the beta channel' }).waitFor();
      await experiment.getByText('Opt in to get it.').waitFor();
    });

    await recorder.step(page, 'opt-in', async () => {
      await experiment.getByRole('button', { name: `Opt into ${name}` }).click();
      await statusLine(page).filter({ hasText: `You opted into ${name}.` }).waitFor();
      await feature.getByRole('heading', { name: `${name} experimental`, level: 3 }).waitFor();
      await feature.getByText(`Add-on ${slug}@beta.example.org, revision 1.0.0`).waitFor();
      expect(await experiment.count()).toBe(0);
    });

    await recorder.step(page, 'feedback', async () => {
      const form = feature.getByRole('form', { name: `Feedback on ${name}` });
      await feature.getByText('You can send one feedback per feature per day (days count in UTC).').waitFor();
      await form.getByRole('radio', { name: 'I like it' }).check();
      await form.getByLabel('Rating (optional)').selectOption('4');
      await form.getByLabel('Comment (optional)').fill('Walked through it in the portal.');
      await form.getByRole('button', { name: 'Send feedback' }).click();
      await statusLine(page).filter({ hasText: `Thank you: your feedback on ${name} was sent. You can send more on it tomorrow (UTC).` }).waitFor();
      await feature.getByText(`You sent feedback on ${name} today. You can send more from 00:00 UTC.`).waitFor();
      expect(await form.count()).toBe(0);
      await showcase(page, 'portal-account');
    });
    // What staff read: the feedback arrived as sent.
    const stored = ok(await gql<{ feedback: { entries: { sentiment: string; rating: number; comment: string; revision: string }[] } }>(
      'query($slug: String!) { feedback(experiment: $slug) { entries { sentiment rating comment revision } } }', { slug }, { token: crew.approver.accessToken },
    ));
    expect(stored.feedback.entries).toEqual([{ sentiment: 'HAPPY', rating: 4, comment: 'Walked through it in the portal.', revision: '1.0.0' }]);

    await recorder.step(page, 'export', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^beta-data-export-\d{4}-\d{2}-\d{2}\.json$/);
      const exported = readFileSync(await download.path(), 'utf8');
      expect(exported).toContain(email);
      expect(exported).toContain('Walked through it in the portal.');
      expect(exported).toContain(slug);
      await statusLine(page).filter({ hasText: 'Your data was downloaded as beta-data-export-' }).waitFor();
    });

    await recorder.step(page, 'delete', async () => {
      const form = page.getByRole('form', { name: 'Delete my account' });
      await form.getByLabel('Your password').fill('not my password at all');
      await form.getByRole('checkbox', { name: 'I understand that this deletes my beta account and its data.' }).check();
      await form.getByRole('button', { name: 'Delete my account' }).click();
      // A wrong password is said in words, on the field, and deletes nothing.
      await form.getByRole('alert').filter({ hasText: /password/i }).waitFor();
      await form.getByLabel('Your password').fill(password);
      await form.getByLabel('Your password').press('Enter');
      await page.getByRole('heading', { name: 'The beta program', level: 1 }).waitFor();
      await statusLine(page).filter({ hasText: 'Your account is being deleted' }).waitFor();
    });
    const signIn = await gql('mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }', { input: { email, password } });
    expect(errorCodes(signIn)).toEqual(['UNAUTHENTICATED']);
    expect(errors).toEqual([]);
    passed = true;
  } finally {
    const kept = recorder.finish(passed);
    if (kept) console.log(`screenshots of the failed walk: ${kept}`);
    await context.close();
  }
});
