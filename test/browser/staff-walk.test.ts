/**
 * Walk (b): staff run the beta process in the portal — sign in, open an experiment, are told in
 * words what is missing when they try to start it too early, check the entry criteria, sign off,
 * release revision 1.0.0, set the rollout, start the beta and record the monthly review — and a
 * user whose page was open sees the feature with its revision after a reload. The user signs in
 * through the portal too, accepts the agreements it still has to accept there, and signs out.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, StepRecorder } from '../support/browser';
import { makeCrew, ok, randomSha256, uniqueSlug, type Crew } from '../support/experiments';
import { errorCodes, gql, signUpUser, type TestUser } from '../support/graphql-client';
import { portalPage, portalUrl, statusLine, unnamedControls } from '../support/portal';

jest.setTimeout(120_000);

let browser: Browser;
let crew: Crew;
let user: TestUser;
const slug = uniqueSlug('portal-staff');
const name = `Staff walk ${slug}`;

beforeAll(async () => {
  [browser, crew, user] = await Promise.all([launchBrowser(), makeCrew(), signUpUser('reader')]);
  // Proposed by its owner through the API: the walk is what the approver does next.
  ok(await gql(`mutation($input: ProposeExperimentInput!) { proposeExperiment(input: $input) { slug } }`, {
    input: { slug, name, description: 'Proposed for the staff walk.', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', rolloutPercent: 0, addonId: `${slug}@beta.example.org` },
  }, { token: crew.owner.accessToken }));
});

afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(portalUrl());
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Password').press('Enter');
  await statusLine(page).filter({ hasText: 'Signed in as' }).waitFor();
}

/** Submits one of the experiment page's forms and waits for the status line to say `done`. */
async function act(page: Page, form: string, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>, done: string): Promise<void> {
  const target = page.getByRole('form', { name: form });
  await fill(target);
  await target.locator('button[type=submit]').click();
  await statusLine(page).filter({ hasText: done }).waitFor();
}

it('signs off, releases a revision and starts the beta; the user sees the feature after a reload', async () => {
  const member = await portalPage(browser);
  const staff = await portalPage(browser);
  for (const { context } of [member, staff]) context.setDefaultTimeout(15_000);
  const userSteps = new StepRecorder('portal-staff-walk-user');
  const staffSteps = new StepRecorder('portal-staff-walk-staff');
  const mine = member.page;
  const page = staff.page;
  let passed = false;
  try {
    await userSteps.step(mine, 'sign-in-and-accept', async () => {
      await signIn(mine, user.email, user.password);
      await mine.getByText('Your beta features are off until you accept the versions below.').waitFor();
      await mine.getByRole('heading', { name: /^Terms of Service, / }).waitFor();
      await mine.getByRole('heading', { name: /^Privacy Policy, / }).waitFor();
      // The full text is fetched when opened.
      await mine.getByText(/^Read the Terms of Service, /).click();
      await mine.getByRole('region', { name: /^Terms of Service, / }).getByText(/Terms of Service/).first().waitFor();
      const accept = mine.getByRole('form', { name: 'Accept the new versions' });
      await accept.getByRole('checkbox').check();
      await accept.getByRole('button', { name: 'Accept these versions' }).click();
      await statusLine(mine).filter({ hasText: 'Thank you: you accepted the Terms of Service' }).waitFor();
      await mine.getByText('You have accepted the current Terms of Service and Privacy Policy.').waitFor();
      // Proposed experiments are not shown to users.
      expect(await mine.locator(`#feature-${slug}, #experiment-${slug}`).count()).toBe(0);
      // Nor is the staff view.
      await mine.goto(`${portalUrl()}#/staff`);
      await mine.getByText('The staff view is for beta staff').waitFor();
    });

    await staffSteps.step(page, 'open-experiment', async () => {
      await signIn(page, crew.approver.email, crew.approver.password);
      await page.getByRole('navigation').getByRole('link', { name: 'Staff' }).click();
      await page.getByRole('heading', { name: 'Beta process', level: 1 }).waitFor();
      await page.getByRole('table').first().waitFor();
      const open = page.getByRole('form', { name: 'Open an experiment' });
      await open.getByLabel('Experiment slug').fill(slug);
      await open.getByLabel('Experiment slug').press('Enter');
      await page.getByRole('heading', { name: `${name} PROPOSED`, level: 1 }).waitFor();
      expect(unnamedControls(await page.locator('body').ariaSnapshot())).toEqual([]);
    });

    await staffSteps.step(page, 'too-early', async () => {
      const start = page.getByRole('form', { name: 'Start the beta' });
      await start.getByRole('button', { name: 'Start the beta' }).click();
      const refusal = start.getByRole('alert');
      await refusal.filter({ hasText: `"${slug}" cannot move from PROPOSED to IN_BETA yet` }).waitFor();
      for (const missing of ['the security sign-off', 'the privacy sign-off', 'the product sign-off', 'a released revision', 'the entry criterion “the prototype evolved into a compelling feature”']) {
        await refusal.getByRole('listitem').filter({ hasText: missing }).waitFor();
      }
    });

    await staffSteps.step(page, 'entry-criteria', async () => {
      for (const criterion of ['the prototype evolved into a compelling feature', 'product wants it moved towards inclusion', 'UX and product requirements are defined and built']) {
        await act(page, 'Check an entry criterion', async (form) => { await form.getByLabel('Entry criterion').selectOption({ label: criterion }); }, `Entry criterion checked: ${criterion}.`);
      }
    });

    await staffSteps.step(page, 'sign-offs', async () => {
      for (const [kind, words] of [['SECURITY', 'security'], ['PRIVACY', 'privacy'], ['PRODUCT', 'product']]) {
        await act(page, 'Sign off', async (form) => { await form.getByLabel('Sign-off').selectOption(kind); }, `Signed off: ${words}.`);
      }
      for (const [kind, words] of [['QA', 'QA'], ['UX', 'UX'], ['INFRASEC', 'infrastructure security']]) {
        await act(page, 'Sign off', async (form) => {
          await form.getByLabel('Sign-off').selectOption(kind);
          await form.getByLabel('Revision').fill('1.0.0');
        }, `Signed off: ${words} for revision 1.0.0.`);
      }
    });

    await staffSteps.step(page, 'release', async () => {
      await act(page, 'Release a revision', async (form) => {
        await form.getByLabel('Version').fill('1.0.0');
        await form.getByLabel('Add-on download URL').fill(`https://addons.beta.example.org/${slug}-1.0.0.xpi`);
        await form.getByLabel('SHA-256 of the add-on file').fill(randomSha256());
      }, 'Revision 1.0.0 released.');
      await page.getByRole('table', { name: 'Released revisions, newest first' }).getByRole('cell', { name: '1.0.0', exact: true }).waitFor();
    });

    await staffSteps.step(page, 'rollout', async () => {
      await act(page, 'Change the rollout', async (form) => { await form.getByLabel('Rollout (percent of accounts)').fill('100'); }, 'Rollout set to 100 %.');
    });

    await staffSteps.step(page, 'start-the-beta', async () => {
      await page.getByRole('form', { name: 'Start the beta' }).getByRole('button', { name: 'Start the beta' }).click();
      await statusLine(page).filter({ hasText: `${name}: start the beta — done, it is IN_BETA now.` }).waitFor();
      await page.getByRole('heading', { name: `${name} IN_BETA`, level: 1 }).waitFor();
      await page.getByRole('form', { name: 'Pause' }).waitFor();
    });

    await staffSteps.step(page, 'monthly-review', async () => {
      await act(page, 'Record the monthly review', async (form) => {
        await form.getByLabel('Decision').selectOption('CONTINUE');
        await form.getByLabel('Notes').fill('Off to a good start.');
      }, 'Monthly review recorded.');
      const audit = page.getByRole('table', { name: 'Every change, oldest first' });
      for (const action of ['proposed', 'criterion checked', 'signed off', 'revision released', 'rollout set', 'transitioned', 'review recorded']) {
        await audit.getByRole('cell', { name: action, exact: true }).first().waitFor();
      }
      await audit.getByRole('cell', { name: 'PROPOSED → IN_BETA' }).waitFor();
    });

    await userSteps.step(mine, 'reload', async () => {
      await mine.goto(portalUrl());
      await mine.reload();
      const feature = mine.locator(`#feature-${slug}`);
      await feature.getByRole('heading', { name: `${name} beta`, level: 3 }).waitFor();
      await feature.getByText(`Add-on ${slug}@beta.example.org, revision 1.0.0`).waitFor();
    });

    await userSteps.step(mine, 'sign-out', async () => {
      // The tab's session (sessionStorage), to check that signing out ends it at the server too.
      const session = JSON.parse(String(await mine.evaluate('sessionStorage.getItem("beta-portal.session")'))) as { refreshToken: string };
      await mine.getByRole('navigation').getByRole('button', { name: 'Sign out' }).click();
      await statusLine(mine).filter({ hasText: 'You are signed out.' }).waitFor();
      await mine.getByRole('form', { name: 'Sign in' }).waitFor();
      expect(await mine.evaluate('sessionStorage.getItem("beta-portal.session")')).toBeNull();
      const refreshed = await gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken });
      expect(errorCodes(refreshed)).toEqual(['UNAUTHENTICATED']);
      await mine.reload();
      await mine.getByRole('heading', { name: 'The beta program', level: 1 }).waitFor();
    });
    expect([...member.errors, ...staff.errors]).toEqual([]);
    passed = true;
  } finally {
    for (const kept of [userSteps.finish(passed), staffSteps.finish(passed)]) if (kept) console.log(`screenshots of the failed walk: ${kept}`);
    await Promise.all([member.context.close(), staff.context.close()]);
  }
});
