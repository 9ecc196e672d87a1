/**
 * The add-on's background (what the popup asks, what the alarm runs) in Node against the real
 * gateway, with storage on a Map as browser.storage.local would keep it across the worker's
 * restarts: joining refused in words, an account that still has to accept the agreements, polls
 * that stay conditional GETs after a restart, the news after a graduation, a kill, a pause and a
 * return, and a session ended elsewhere. The browser walk (test/browser/addon.test.ts) drives the
 * popup; this file covers what a walk cannot reach cheaply.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KEYS } from '../../addon/src/shared/storage';
import { memoryStorage, startBackground, type RecordedExchange } from '../support/addon';
import { launchExperiment, makeCrew, ok, type Crew } from '../support/experiments';
import { DEFAULT_PASSWORD, gql, signUpUser, uniqueEmail, type TestUser } from '../support/graphql-client';

const MOVE = `mutation($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;
const SIGN = `mutation($slug: String!, $kind: SignOffKind!) { signOff(slug: $slug, kind: $kind) { id } }`;
const ZERO_THRESHOLDS = { minFeedbackCount: 0, minHappyShare: null, minActiveAccounts30d: 0 };
const as = (user: TestUser) => ({ token: user.accessToken });

const joinInput = (acceptVersionIds: string[], password = DEFAULT_PASSWORD, experimental = false) => ({
  type: 'join' as const, email: uniqueEmail('addon'), password, displayName: 'Add-on user', acceptVersionIds, experimental,
});

describe('the add-on background against the gateway', () => {
  let crew: Crew;
  let requiredIds: string[];
  let optInId: string;

  beforeAll(async () => {
    crew = await makeCrew();
    const agreements = await (await startBackground(memoryStorage())).handle({ type: 'agreements' });
    if (!agreements.ok) throw new Error(agreements.message);
    requiredIds = agreements.agreements.filter((a) => a.required).map((a) => a.versionId);
    optInId = agreements.agreements.find((a) => a.kind === 'EXPERIMENTAL_OPT_IN')!.versionId;
  });

  it('refuses a join in words naming the failed step and the field, and holds no session after it', async () => {
    const storage = memoryStorage();
    const background = await startBackground(storage);
    const short = await background.handle(joinInput(requiredIds, 'short'));
    expect(short).toEqual({ ok: false, code: 'BAD_USER_INPUT', field: 'password', message: expect.stringMatching(/^Signing up did not work: The password is too short: use at least \d+ characters\.$/) });

    const taken = await signUpUser('taken');
    const conflict = await background.handle({ ...joinInput(requiredIds), email: taken.email });
    expect(conflict).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringMatching(/^Signing up did not work: /) });
    expect(await storage.get(KEYS.session)).toBeUndefined();
    expect((await background.state()).signedIn).toBe(false);
    expect(await background.handle({ type: 'poll' })).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: 'Join the beta or sign in first.' });
  });

  it('joins the experimental channel in the same step when chosen, and renews the session so the token carries the channel', async () => {
    const storage = memoryStorage();
    const background = await startBackground(storage);
    expect(await background.handle(joinInput([...requiredIds, optInId], DEFAULT_PASSWORD, true))).toEqual({ ok: true });
    expect((await background.state()).account).toMatchObject({ channel: 'EXPERIMENTAL', compliant: true, experimentalOptIn: true });
    const { accessToken } = (await storage.get(KEYS.session)) as { accessToken: string };
    expect(JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString())).toMatchObject({ channel: 'EXPERIMENTAL' });

    // Without the opt-in the channel step is refused, in words; the account exists and stays signed in.
    const refused = await (await startBackground(memoryStorage())).handle({ ...joinInput(requiredIds), experimental: true });
    expect(refused).toMatchObject({ ok: false, code: 'FAILED_PRECONDITION', message: expect.stringMatching(/^You joined the beta, but joining the experimental channel did not work: /) });
  });

  it('signs in an existing account (a wrong password refused in words); another gateway in the settings starts signed out', async () => {
    const user = await signUpUser('signin');
    const storage = memoryStorage();
    const background = await startBackground(storage);
    const wrong = await background.handle({ type: 'signIn', email: user.email, password: 'not the password at all' });
    expect(wrong).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Signing in did not work: /) });
    expect(await background.handle({ type: 'signIn', email: user.email, password: user.password })).toEqual({ ok: true });
    expect((await background.state()).account).toMatchObject({ id: user.accountId, email: user.email, compliant: false });

    expect(await background.handle({ type: 'saveSettings', settings: { gatewayUrl: 'beta.example.org', pollMinutes: 15 } }))
      .toEqual({ ok: false, code: 'BAD_USER_INPUT', field: 'gatewayUrl', message: 'The gateway URL is not a URL: write it like https://beta.example.org/graphql.' });
    expect((await background.state()).signedIn).toBe(true);
    expect(await background.handle({ type: 'saveSettings', settings: { gatewayUrl: 'https://beta.example.org/graphql', pollMinutes: 60 } }))
      .toEqual({ ok: true, settings: { gatewayUrl: 'https://beta.example.org/graphql', pollMinutes: 60 } });
    expect((await background.state()).signedIn).toBe(false);
    expect(await storage.get(KEYS.session)).toBeUndefined();
  });

  it('shows an account without consent no features and asks for the agreements; after a restart its poll is still a conditional GET (304)', async () => {
    const storage = memoryStorage();
    const joined = await (await startBackground(storage)).handle(joinInput([]));
    expect(joined).toEqual({ ok: true });
    const first = await (await startBackground(storage)).state();
    expect(first.account).toMatchObject({ compliant: false, pending: expect.arrayContaining([expect.objectContaining({ kind: 'TERMS_OF_SERVICE' }), expect.objectContaining({ kind: 'PRIVACY_POLICY' })]) });
    // No consent, no features (whatever other tests launch meanwhile): Bootstrap's answer stays the same.
    expect(first.features).toEqual([]);

    // The worker was stopped and starts again: its ETags come back from storage.
    const exchanges: RecordedExchange[] = [];
    const restarted = await startBackground(storage, exchanges);
    expect(await restarted.handle({ type: 'poll' })).toEqual({ ok: true });
    expect(exchanges).toEqual([{ method: 'GET', operation: 'Bootstrap', ifNoneMatch: expect.stringMatching(/^W\/"/), status: 304 }]);
    expect((await restarted.state()).lastCheck).toMatchObject({ outcome: 'unchanged' });

    expect(await restarted.handle({ type: 'acceptAgreements', versionIds: requiredIds })).toEqual({ ok: true });
    expect((await restarted.state()).account).toMatchObject({ compliant: true, pending: [] });
  });

  it('tells on the next poll which feature graduated, which was killed (with the reason) and which is paused; and when the paused one is back', async () => {
    // EXPERIMENTAL tier for an experimental-channel account: other files' beta-channel accounts
    // never get these features, so their answers do not change with them.
    const tier = 'EXPERIMENTAL' as const;
    const [graduating, killing, pausing] = await Promise.all([
      launchExperiment(crew, { optInPolicy: 'CHANNEL', tier, exitThresholds: ZERO_THRESHOLDS }),
      launchExperiment(crew, { optInPolicy: 'CHANNEL', tier }),
      launchExperiment(crew, { optInPolicy: 'CHANNEL', tier }),
    ]);
    const mine = [graduating, killing, pausing];
    const storage = memoryStorage();
    const background = await startBackground(storage);
    expect(await background.handle(joinInput([...requiredIds, optInId], DEFAULT_PASSWORD, true))).toEqual({ ok: true });
    expect((await background.state()).features.map((f) => f.slug)).toEqual(expect.arrayContaining(mine));

    for (const kind of ['EXIT_UX', 'EXIT_PRODUCT']) ok(await gql(SIGN, { slug: graduating, kind }, as(crew.approver)));
    ok(await gql(MOVE, { slug: graduating, to: 'GRADUATED' }, as(crew.owner)));
    ok(await gql(MOVE, { slug: killing, to: 'KILLED', reason: 'It broke video playback.' }, as(crew.approver)));
    ok(await gql(MOVE, { slug: pausing, to: 'PAUSED', reason: 'Crash reports to look into.' }, as(crew.approver)));

    expect(await background.handle({ type: 'poll' })).toEqual({ ok: true });
    const after = await background.state();
    expect(after.features.map((f) => f.slug).filter((s) => mine.includes(s))).toEqual([]);
    const news = after.notices.filter((n) => mine.includes(n.slug)).map((n) => [n.slug, n.kind, n.text]);
    expect(news).toEqual(expect.arrayContaining([
      [graduating, 'graduated', `Launch ${graduating} graduated — now in the product.`],
      [killing, 'ended', `Launch ${killing}: this experiment has ended. It broke video playback.`],
      [pausing, 'suspended', `${pausing} is off for you for now. Paused for everyone while the beta team looks into it.`],
    ]));
    expect(news).toHaveLength(3);
    expect(after.suspended.filter((f) => mine.includes(f.slug))).toEqual([{ slug: pausing, reason: 'PAUSED' }]);
    expect(after.ended.filter((f) => mine.includes(f.slug)).map((f) => [f.slug, f.outcome, f.addonId]).sort()).toEqual([
      [graduating, 'GRADUATED', `${graduating}@beta.example.org`],
      [killing, 'KILLED', `${killing}@beta.example.org`],
    ].sort());

    ok(await gql(MOVE, { slug: pausing, to: 'IN_BETA', reason: 'Fixed.' }, as(crew.approver)));
    expect(await background.handle({ type: 'poll' })).toEqual({ ok: true });
    const resumed = await background.state();
    expect(resumed.features.map((f) => f.slug)).toContain(pausing);
    expect(resumed.suspended.filter((f) => f.slug === pausing)).toEqual([]);
    expect(resumed.notices.find((n) => n.slug === pausing)).toMatchObject({ kind: 'back', text: `${pausing} is back on.` });
  });

  it('signs out on its next poll when the session was ended elsewhere, and says why', async () => {
    const storage = memoryStorage();
    const background = await startBackground(storage);
    expect(await background.handle(joinInput(requiredIds))).toEqual({ ok: true });
    const tokens = (await storage.get(KEYS.session)) as { accessToken: string };
    ok(await gql(`mutation { signOut }`, {}, { token: tokens.accessToken }));

    // The gateway learns of revoked sessions within REVOCATION_POLL_SECONDS (1 in tests): poll until it refuses.
    let reply = await background.handle({ type: 'poll' });
    for (let i = 0; i < 40 && reply.ok; i++) {
      await sleep(250);
      reply = await background.handle({ type: 'poll' });
    }
    expect(reply).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Your beta session ended/) });
    const state = await background.state();
    expect(state.signedIn).toBe(false);
    expect(state.notices.map((n) => n.kind)).toEqual(['session']);
    expect(await storage.get(KEYS.session)).toBeUndefined();
  });
});
