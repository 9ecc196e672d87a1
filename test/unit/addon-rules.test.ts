/**
 * The add-on's rules, apart from any browser: how a poll's answers become what the popup shows and
 * the news it tells (a kill, a graduation, a suspension, a return), when it asks for feedback, when
 * it reads the suspended and ended features, what it says when a step fails, which settings it takes.
 */
import type { BootstrapQuery } from '../../client';
import { isPromptDue, schedulePrompts } from '../../addon/src/rules/feedback-schedule';
import { DETAILS_MAX_AGE_MS, needsDetails, reconcile, type PollAnswer } from '../../addon/src/rules/reconcile';
import { checkSettings } from '../../addon/src/rules/settings';
import { feedbackSent, sessionEnded } from '../../addon/src/rules/state-changes';
import { endedWords, failureWords, suspensionWords } from '../../addon/src/rules/words';
import { EMPTY_STATE, type AddonState } from '../../addon/src/shared/state';

type Me = NonNullable<BootstrapQuery['me']>;
const T0 = new Date('2025-03-10T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const feature = (slug: string, version = '1.0.0') => ({
  slug, tier: 'BETA' as const, revision: { version, addonId: `${slug}@beta.example.org`, url: `https://addons.beta.example.org/${slug}-${version}.xpi`, sha256: 'a'.repeat(64) },
});
const me = (features: ReturnType<typeof feature>[] | null, consent: Me['consent'] = { compliant: true, experimentalOptIn: false, pending: [] }): Me => ({
  id: 'acc-1', email: 'ann@example.org', channel: 'BETA', consent, enabledFeatures: features,
});
const answer = (partial: Partial<PollAnswer> & { me: Me }): PollAnswer => ({ notModified: false, suspended: [], ended: [], ...partial });

describe('reconcile: a poll becomes the popup state', () => {
  const first = reconcile(EMPTY_STATE, answer({ me: me([feature('tabs'), feature('reader'), feature('pip')]) }), T0);

  it('lists the enabled features with what the browser fetches and verifies, and tells nothing on the first poll', () => {
    expect(first.signedIn).toBe(true);
    expect(first.account).toEqual({ id: 'acc-1', email: 'ann@example.org', channel: 'BETA', compliant: true, pending: [], experimentalOptIn: false });
    expect(first.features[0]).toEqual({ slug: 'tabs', tier: 'BETA', version: '1.0.0', addonId: 'tabs@beta.example.org', url: 'https://addons.beta.example.org/tabs-1.0.0.xpi', sha256: 'a'.repeat(64) });
    expect(first.notices).toEqual([]);
    expect(first.lastCheck).toEqual({ at: T0.toISOString(), outcome: 'ok' });
  });

  it('reacts to a kill, a graduation and a suspension on the next poll, each in its own words', () => {
    const next = reconcile(first, answer({
      me: me([]),
      suspended: [{ slug: 'pip', reason: 'PAUSED', reasons: ['PAUSED'] }, { slug: 'never-had', reason: 'NOT_ENROLLED', reasons: ['NOT_ENROLLED'] }],
      ended: [
        { slug: 'tabs', name: 'Tab groups', tier: 'BETA', outcome: 'KILLED', endedAt: T0.toISOString(), reason: 'It slowed page loads.', lastRevision: { version: '1.0.0', addonId: 'tabs@beta.example.org' } },
        { slug: 'reader', name: 'Reader view', tier: 'BETA', outcome: 'GRADUATED', endedAt: T0.toISOString(), reason: null, lastRevision: null },
      ],
    }), later(HOUR));
    expect(next.features).toEqual([]);
    expect(next.notices.map((n) => [n.slug, n.kind, n.text])).toEqual([
      ['tabs', 'ended', 'Tab groups: this experiment has ended. It slowed page loads.'],
      ['reader', 'graduated', 'Reader view graduated — now in the product.'],
      ['pip', 'suspended', 'pip is off for you for now. Paused for everyone while the beta team looks into it.'],
    ]);
    // Only features this add-on listed are shown as suspended: the account never had "never-had".
    expect(next.suspended).toEqual([{ slug: 'pip', reason: 'PAUSED' }]);
    expect(next.ended.map((f) => [f.slug, f.outcome, f.addonId])).toEqual([['tabs', 'KILLED', 'tabs@beta.example.org'], ['reader', 'GRADUATED', null]]);

    const back = reconcile(next, answer({ me: me([feature('pip')]), suspended: [], ended: next.ended.map((f) => ({ ...f, tier: 'BETA' as const, lastRevision: null })) }), later(2 * HOUR));
    expect(back.notices[0]).toMatchObject({ slug: 'pip', kind: 'back', text: 'pip is back on.' });
    expect(back.suspended).toEqual([]);
  });

  it('tells when a suspended feature ends, though it never came back to the enabled list', () => {
    const paused = reconcile(first, answer({ me: me([feature('tabs'), feature('reader')]), suspended: [{ slug: 'pip', reason: 'PAUSED', reasons: ['PAUSED'] }] }), later(HOUR));
    const killed = reconcile(paused, answer({
      me: me([feature('tabs'), feature('reader')]), notModified: true, suspended: [],
      ended: [{ slug: 'pip', name: 'Picture in picture', tier: 'BETA', outcome: 'KILLED', endedAt: T0.toISOString(), reason: null, lastRevision: null }],
    }), later(2 * HOUR));
    expect(killed.notices[0]).toMatchObject({ slug: 'pip', kind: 'ended', text: 'Picture in picture: this experiment has ended.' });
    expect(killed.suspended).toEqual([]);
    expect(killed.lastCheck?.outcome).toBe('unchanged');
  });

  it('keeps the last known features when the service cannot say (an outage is not a kill), and keeps consent it could not read', () => {
    const outage = reconcile(first, answer({ me: me(null, null), suspended: null, ended: null }), later(HOUR));
    expect(outage.features).toEqual(first.features);
    expect(outage.featuresUnavailable).toBe(true);
    expect(outage.notices).toEqual([]);
    expect(outage.account?.compliant).toBe(true);
    expect(outage.detailsAt).toBe(first.detailsAt);
  });

  it('reads suspended and ended features after Bootstrap changed, while one is suspended, and hourly; not on every unchanged poll', () => {
    expect(needsDetails(EMPTY_STATE, true, T0)).toBe(true); // never read
    expect(needsDetails(first, false, later(60_000))).toBe(true); // Bootstrap changed
    expect(needsDetails(first, true, later(60_000))).toBe(false);
    expect(needsDetails(first, true, later(DETAILS_MAX_AGE_MS))).toBe(true);
    expect(needsDetails({ ...first, suspended: [{ slug: 'pip', reason: 'PAUSED' }] }, true, later(60_000))).toBe(true);
  });
});

describe('feedback prompts: at most once a day per feature', () => {
  const DAY = 24 * HOUR;

  it('asks a day after the feature arrived, once per UTC day, never on a day feedback was sent', () => {
    expect(isPromptDue({ firstSeenAt: T0.toISOString() }, later(DAY - 1))).toBe(false);
    expect(isPromptDue({ firstSeenAt: T0.toISOString() }, later(DAY))).toBe(true);
    expect(isPromptDue({ firstSeenAt: T0.toISOString(), lastPromptAt: later(DAY).toISOString() }, later(DAY + HOUR))).toBe(false);
    expect(isPromptDue({ firstSeenAt: T0.toISOString(), lastPromptAt: later(DAY).toISOString() }, later(2 * DAY))).toBe(true);
    expect(isPromptDue({ firstSeenAt: T0.toISOString(), lastSentAt: later(DAY).toISOString() }, later(DAY + HOUR))).toBe(false);
  });

  it('prompts each due feature once, keeps an open prompt, forgets features that left', () => {
    const day1 = schedulePrompts({}, ['tabs', 'pip'], [], T0);
    expect(day1.prompts).toEqual([]);
    const day2 = schedulePrompts(day1.records, ['tabs', 'pip'], [], later(DAY));
    expect(day2.prompts).toEqual(['tabs', 'pip']);
    expect(day2.records.tabs.lastPromptAt).toBe(later(DAY).toISOString());
    // Polls later that day: the open prompts stay, none is added twice.
    const sameDay = schedulePrompts(day2.records, ['tabs', 'pip'], ['pip'], later(DAY + HOUR));
    expect(sameDay.prompts).toEqual(['pip']);
    const gone = schedulePrompts(sameDay.records, ['tabs'], ['pip'], later(DAY + 2 * HOUR));
    expect(gone.prompts).toEqual([]);
    expect(Object.keys(gone.records)).toEqual(['tabs']);
  });

  it('sending feedback closes the prompt and counts for the day', () => {
    const state: AddonState = { ...EMPTY_STATE, prompts: ['tabs'], feedback: { tabs: { firstSeenAt: T0.toISOString() } } };
    const sent = feedbackSent(state, 'tabs', later(DAY));
    expect(sent.prompts).toEqual([]);
    expect(isPromptDue(sent.feedback.tabs, later(DAY + HOUR))).toBe(false);
  });
});

describe('words', () => {
  it('says how a feature ended, why one is off, and which step failed with the gateway\'s message', () => {
    expect(endedWords({ name: 'Tab groups', outcome: 'GRADUATED', reason: 'ignored for graduations' })).toBe('Tab groups graduated — now in the product.');
    expect(endedWords({ name: 'Tab groups', outcome: 'KILLED', reason: null })).toBe('Tab groups: this experiment has ended.');
    expect(suspensionWords('CONSENT_OUTDATED')).toBe('The agreements changed: accept the new versions to get it back.');
    expect(failureWords('signUp', { code: 'BAD_USER_INPUT', message: 'The password is too short: use at least 12 characters.' }))
      .toBe('Signing up did not work: The password is too short: use at least 12 characters.');
    expect(failureWords('accept', { code: 'NETWORK', message: 'The beta service could not be reached. Check the connection and retry.' }))
      .toBe('Your account was created, but accepting the agreements did not work: The beta service could not be reached. Check the connection and retry.');
    expect(failureWords('poll', { code: 'RATE_LIMITED', message: 'Too many requests.', retryAfterSeconds: 90 })).toBe('Checking for features did not work: Too many requests. Try again in 2 minute(s).');
  });

  it('a session that ended leaves only the reason', () => {
    expect(sessionEnded(T0, 'Sign in again.')).toEqual({ ...EMPTY_STATE, notices: [{ id: `${T0.toISOString()}:session`, slug: '', kind: 'session', text: 'Sign in again.', at: T0.toISOString() }] });
  });
});

describe('settings', () => {
  it('takes an http(s) gateway URL and a period the alarms can keep; says what is wrong otherwise', () => {
    expect(checkSettings({ gatewayUrl: ' https://beta.example.org/graphql ', pollMinutes: 15 })).toEqual({ ok: true, settings: { gatewayUrl: 'https://beta.example.org/graphql', pollMinutes: 15 } });
    expect(checkSettings({ gatewayUrl: 'beta.example.org', pollMinutes: 15 })).toMatchObject({ ok: false, field: 'gatewayUrl' });
    expect(checkSettings({ gatewayUrl: 'ftp://beta.example.org/graphql', pollMinutes: 15 })).toMatchObject({ ok: false, field: 'gatewayUrl' });
    expect(checkSettings({ gatewayUrl: 'https://user:pw@beta.example.org/graphql', pollMinutes: 15 })).toMatchObject({ ok: false, field: 'gatewayUrl' });
    expect(checkSettings({ gatewayUrl: 'http://localhost:4000/graphql', pollMinutes: 0.1 })).toEqual({ ok: false, field: 'pollMinutes', message: 'Check for changes every 0.5 to 1440 minutes.' });
  });
});
