import { randomUUID } from 'node:crypto';
import { gql, errorCodes, signUpUser, type TestUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { acceptAgreements, launchExperiment, makeCompliantUser, makeCrew, makeStaff, ok, type Crew } from '../support/experiments';

const SUBMIT = `mutation Submit($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { id revision sentiment rating comment locale clientVersion platform createdAt experiment { slug } }
}`;
const SUMMARY = `query Summary($slug: String!) { experiment(slug: $slug) {
  feedbackSummary { count happy sad averageRating uniqueAccounts last7Days { count uniqueAccounts } last30Days { count } }
  adoption { enrolledAccounts activeAccounts7d activeAccounts30d }
} }`;
const USAGE = `mutation Usage($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`;

type Summary = { feedbackSummary: { count: number; happy: number; sad: number; averageRating: number | null; uniqueAccounts: number; last7Days: { count: number; uniqueAccounts: number }; last30Days: { count: number } }; adoption: { enrolledAccounts: number; activeAccounts7d: number; activeAccounts30d: number } };

const feedbackInput = (experiment: string, extra: Record<string, unknown> = {}) => ({ experiment, sentiment: 'HAPPY', locale: 'en-US', clientVersion: '128.0.1', ...extra });
const summary = async (slug: string) => ok(await gql<{ experiment: Summary }>(SUMMARY, { slug })).experiment;
const rowCount = (table: string, accountId: string) =>
  withDatabase('beta_feedback', async (db) => (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE account_id = $1`, [accountId])).rows[0].n as number);

let crew: Crew;
beforeAll(async () => {
  crew = await makeCrew();
}, 60_000);

describe('feedback (through the gateway)', () => {
  it('round trip: feedback on an enabled feature lands with its revision, and the summary counts it', async () => {
    const slug = await launchExperiment(crew);
    const [ann, bob] = await Promise.all([makeCompliantUser('ann'), makeCompliantUser('bob')]);
    const stored = ok(await gql<{ submitFeedback: Record<string, unknown> }>(
      SUBMIT, { input: feedbackInput(slug, { rating: 4, comment: '  Love the <b>panel</b>  ', platform: 'linux' }) }, { token: ann.accessToken },
    )).submitFeedback;
    expect(stored).toMatchObject({ revision: '1.0.0', sentiment: 'HAPPY', rating: 4, comment: 'Love the <b>panel</b>', platform: 'linux', experiment: { slug } });
    ok(await gql(SUBMIT, { input: feedbackInput(slug, { sentiment: 'SAD', rating: 1 }) }, { token: bob.accessToken }));

    const s = await summary(slug);
    expect(s.feedbackSummary).toEqual({ count: 2, happy: 1, sad: 1, averageRating: 2.5, uniqueAccounts: 2, last7Days: { count: 2, uniqueAccounts: 2 }, last30Days: { count: 2 } });
  });

  it('takes one feedback per account, experiment and UTC day; a retry with the same clientRequestId returns the stored entry', async () => {
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('once');
    const clientRequestId = randomUUID();
    const first = ok(await gql<{ submitFeedback: { id: string } }>(SUBMIT, { input: feedbackInput(slug, { clientRequestId }) }, { token: user.accessToken }));
    const retry = ok(await gql<{ submitFeedback: { id: string } }>(SUBMIT, { input: feedbackInput(slug, { clientRequestId }) }, { token: user.accessToken }));
    expect(retry.submitFeedback.id).toBe(first.submitFeedback.id);
    const again = await gql(SUBMIT, { input: feedbackInput(slug, { sentiment: 'SAD' }) }, { token: user.accessToken });
    expect(errorCodes(again)).toEqual(['RATE_LIMITED']);
    expect(again.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await rowCount('feedback', user.accountId)).toBe(1);
    expect((await summary(slug)).feedbackSummary.count).toBe(1);
  });

  it('refuses feedback for an unknown or killed experiment, for a feature not enabled, and without sign-in', async () => {
    const user = await makeCompliantUser('refused');
    expect(errorCodes(await gql(SUBMIT, { input: feedbackInput('no-such-experiment') }, { token: user.accessToken }))).toEqual(['NOT_FOUND']);

    const killed = await launchExperiment(crew);
    ok(await gql(`mutation($slug: String!) { transitionExperiment(slug: $slug, to: KILLED, reason: "broken") { status } }`, { slug: killed }, { token: crew.approver.accessToken }));
    const onKilled = await gql(SUBMIT, { input: feedbackInput(killed) }, { token: user.accessToken });
    // Users cannot see killed experiments at all, so it reads as not found (no longer in the beta).
    expect(errorCodes(onKilled)).toEqual(['NOT_FOUND']);
    expect(onKilled.errors![0].message).toMatch(/no longer in the beta/);

    const perExperiment = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const notEnrolled = await gql(SUBMIT, { input: feedbackInput(perExperiment) }, { token: user.accessToken });
    expect(errorCodes(notEnrolled)).toEqual(['FORBIDDEN']);
    expect(notEnrolled.errors![0].message).toMatch(/not enabled for your account/);

    const open = await launchExperiment(crew);
    const nonCompliant = await signUpUser('noconsent');
    expect(errorCodes(await gql(SUBMIT, { input: feedbackInput(open) }, { token: nonCompliant.accessToken }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(SUBMIT, { input: feedbackInput(open) }))).toEqual(['UNAUTHENTICATED']);
    expect(await rowCount('feedback', user.accountId)).toBe(0);
    expect(await rowCount('feedback', nonCompliant.accountId)).toBe(0);
  });

  it('takes feedback on a PAUSED experiment from accounts it is suspended for only because of the pause', async () => {
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const [enrolled, notEnrolled] = await Promise.all([makeCompliantUser('pausedfan'), makeCompliantUser('pausedother')]);
    ok(await gql(`mutation($slug: String!) { optIn(experiment: $slug) { status } }`, { slug }, { token: enrolled.accessToken }));
    ok(await gql(`mutation($slug: String!) { transitionExperiment(slug: $slug, to: PAUSED, reason: "crash on start") { status } }`, { slug }, { token: crew.approver.accessToken }));

    const stored = ok(await gql<{ submitFeedback: { revision: string; comment: string } }>(
      SUBMIT, { input: feedbackInput(slug, { sentiment: 'SAD', comment: 'It crashed on start' }) }, { token: enrolled.accessToken },
    )).submitFeedback;
    expect(stored).toMatchObject({ revision: '1.0.0', comment: 'It crashed on start' });

    // Not enrolled: suspended for NOT_ENROLLED besides PAUSED, so still refused.
    const refused = await gql(SUBMIT, { input: feedbackInput(slug) }, { token: notEnrolled.accessToken });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(await rowCount('feedback', enrolled.accountId)).toBe(1);
    expect(await rowCount('feedback', notEnrolled.accountId)).toBe(0);
  });

  it('refuses invalid fields with BAD_USER_INPUT naming the field, storing nothing', async () => {
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('invalid');
    for (const [extra, field] of [[{ rating: 7 }, 'rating'], [{ comment: 'x'.repeat(2001) }, 'comment'], [{ locale: 'english' }, 'locale']] as const) {
      const res = await gql(SUBMIT, { input: feedbackInput(slug, extra) }, { token: user.accessToken });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
    }
    expect(await rowCount('feedback', user.accountId)).toBe(0);
  });

  it('PRODUCT and UX staff page through comments newest first; other users may not', async () => {
    const slug = await launchExperiment(crew);
    const users = await Promise.all([0, 1, 2].map((i) => makeCompliantUser(`commenter${i}`)));
    for (const [i, u] of users.entries()) ok(await gql(SUBMIT, { input: feedbackInput(slug, { comment: `comment ${i}` }) }, { token: u.accessToken }));
    const ux = await makeStaff('ux', ['UX']);
    type Page = { feedback: { entries: { comment: string }[]; nextCursor: string | null } };
    const page1 = ok(await gql<Page>(`query($slug: String!) { feedback(experiment: $slug, first: 2) { entries { comment } nextCursor } }`, { slug }, { token: ux.accessToken }));
    expect(page1.feedback.entries.map((e) => e.comment)).toEqual(['comment 2', 'comment 1']);
    const page2 = ok(await gql<Page>(`query($slug: String!, $after: String) { feedback(experiment: $slug, first: 2, after: $after) { entries { comment } nextCursor } }`, { slug, after: page1.feedback.nextCursor }, { token: ux.accessToken }));
    expect(page2.feedback).toEqual({ entries: [{ comment: 'comment 0' }], nextCursor: null });
    expect(errorCodes(await gql(`query($slug: String!) { feedback(experiment: $slug) { entries { id } } }`, { slug }, { token: users[0].accessToken }))).toEqual(['FORBIDDEN']);
  });
});

describe('usage instrumentation', () => {
  const event = (experiment: string, name = 'panel.opened') => ({ experiment, name, at: new Date().toISOString(), value: 1 });

  it('is refused with FORBIDDEN and nothing stored without the experimental opt-in', async () => {
    const slug = await launchExperiment(crew);
    const user = await signUpUser('noinstrument');
    await acceptAgreements(user, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const res = await gql(USAGE, { events: [event(slug)] }, { token: user.accessToken });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0].message).toMatch(/Experimental Features Opt-in/);
    expect(await rowCount('usage_events', user.accountId)).toBe(0);
  });

  it('is stored with the opt-in and counts towards adoption; enrolled accounts come from experiments', async () => {
    const slug = await launchExperiment(crew, { optInPolicy: 'PER_EXPERIMENT' });
    const [a, b] = await Promise.all([makeCompliantUser('active'), makeCompliantUser('enrolled')]);
    for (const u of [a, b]) ok(await gql(`mutation($slug: String!) { optIn(experiment: $slug) { status } }`, { slug }, { token: u.accessToken }));
    const res = ok(await gql<{ recordUsage: { accepted: number } }>(USAGE, { events: [event(slug), event(slug, 'panel.closed'), event(slug)] }, { token: a.accessToken }));
    expect(res.recordUsage.accepted).toBe(3);
    expect(await rowCount('usage_events', a.accountId)).toBe(3);
    expect((await summary(slug)).adoption).toEqual({ enrolledAccounts: 2, activeAccounts7d: 1, activeAccounts30d: 1 });
  });

  it('refuses a batch over 100 events, and events for an unknown experiment, storing none of the batch', async () => {
    const slug = await launchExperiment(crew);
    const user = await makeCompliantUser('bigbatch');
    expect(errorCodes(await gql(USAGE, { events: Array.from({ length: 101 }, () => event(slug)) }, { token: user.accessToken }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(USAGE, { events: [event(slug), event('not-an-experiment')] }, { token: user.accessToken }))).toEqual(['NOT_FOUND']);
    expect(await rowCount('usage_events', user.accountId)).toBe(0);
  });
});

describe('exit readiness uses the feedback numbers', () => {
  const GRADUATE = `mutation($slug: String!) { transitionExperiment(slug: $slug, to: GRADUATED) { status } }`;
  const SIGN = `mutation($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind) { id } }`;

  it('refuses graduation below the thresholds, listing them, and allows it once they are met', async () => {
    const slug = await launchExperiment(crew, { exitThresholds: { minFeedbackCount: 2, minHappyShare: 0.5, minActiveAccounts30d: 1 } });
    for (const kind of ['EXIT_UX', 'EXIT_PRODUCT']) ok(await gql(SIGN, { slug, kind }, { token: crew.approver.accessToken }));

    const early = await gql(GRADUATE, { slug }, { token: crew.owner.accessToken });
    expect(errorCodes(early)).toEqual(['FAILED_PRECONDITION']);
    expect(early.errors![0].extensions!.missing).toEqual(expect.arrayContaining(['FEEDBACK_THRESHOLD', 'ADOPTION_THRESHOLD']));

    const users: TestUser[] = await Promise.all([makeCompliantUser('grad1'), makeCompliantUser('grad2')]);
    for (const u of users) ok(await gql(SUBMIT, { input: feedbackInput(slug) }, { token: u.accessToken }));
    const gate = ok(await gql<{ experiment: { gateStatus: { to: string; allowed: boolean; missing: string[] }[] } }>(
      `query($slug: String!) { experiment(slug: $slug) { gateStatus { to allowed missing } } }`, { slug }, { token: crew.owner.accessToken },
    ));
    expect(gate.experiment.gateStatus.find((g) => g.to === 'GRADUATED')).toMatchObject({ allowed: false, missing: ['ADOPTION_THRESHOLD'] });

    ok(await gql(USAGE, { events: [{ experiment: slug, name: 'used', at: new Date().toISOString() }] }, { token: users[0].accessToken }));
    const graduated = ok(await gql<{ transitionExperiment: { status: string } }>(GRADUATE, { slug }, { token: crew.owner.accessToken }));
    expect(graduated.transitionExperiment.status).toBe('GRADUATED');
  });
});
