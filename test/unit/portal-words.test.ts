/**
 * What the portal says and offers, as pure rules: API codes and keys in words, the choice offered
 * for an experiment the account does not get, once-a-day feedback, and the headers of its files.
 */
import type { ClientError } from '../../client';
import { isContentHashed } from '../../common/portal-files';
import { PORTAL_CSP, portalHeaders } from '../../gateway/portal-headers';
import { offeredChoice } from '../../portal/src/enrollment-rule';
import { markSent, sentToday, utcDay, type KeyValueStore } from '../../portal/src/feedback-day';
import { errorWords, gateItemWords, isStaff, missingWords, transitionWords, versionWords, waitWords } from '../../portal/src/words';

/** Keys and values as sessionStorage keeps them, for the rule that keeps a flag there. */
function storage(): KeyValueStore {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('the portal in words', () => {
  it('says what a gate or a refusal is missing', () => {
    expect(missingWords('SIGN_OFF:INFRASEC')).toBe('the infrastructure security sign-off');
    expect(missingWords('ENTRY_CRITERION:USER_DATA_ASSESSMENT')).toBe('the entry criterion “the initial user-data assessment is done”');
    expect(missingWords('RELEASED_REVISION')).toBe('a released revision');
    expect(missingWords('EXPERIMENTAL_OPT_IN')).toBe('the experimental opt-in agreement, accepted');
    expect(missingWords('SOMETHING_NEW')).toBe('something new');
    // Thresholds keep the server's sentence, which has the numbers.
    expect(gateItemWords('FEEDBACK_THRESHOLD', 'at least 100 feedback entries (has 3)')).toBe('at least 100 feedback entries (has 3)');
    expect(gateItemWords('SIGN_OFF:QA', 'the QA sign-off')).toBe('the QA sign-off');
  });

  it('adds what to do next to the server message, and the request id when the fault is ours', () => {
    const limited: ClientError = { code: 'RATE_LIMITED', message: 'You already sent feedback on x today.', retryAfterSeconds: 7200 };
    expect(errorWords(limited)).toEqual({ message: 'You already sent feedback on x today. Try again in 2 hours.', missing: [] });
    const blocked: ClientError = { code: 'FAILED_PRECONDITION', message: '"x" cannot move from PROPOSED to IN_BETA yet.', missing: ['SIGN_OFF:SECURITY', 'RELEASED_REVISION'] };
    expect(errorWords(blocked).missing).toEqual(['the security sign-off', 'a released revision']);
    const forbidden: ClientError = { code: 'FORBIDDEN', message: 'signOff needs the SECURITY role.' };
    expect(errorWords(forbidden).message).toBe('signOff needs the SECURITY role. Your account is not allowed to do this.');
    const ours: ClientError = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error (request id abc-123).', requestId: 'abc-123' };
    expect(errorWords(ours)).toEqual({ message: 'Internal error (request id abc-123).', missing: [], requestId: 'abc-123' });
    expect(waitWords(30)).toBe('30 seconds');
    expect(waitWords(600)).toBe('10 minutes');
  });

  it('names moves, versions and staff', () => {
    expect(transitionWords('PROPOSED', 'IN_BETA')).toBe('Start the beta');
    expect(transitionWords('PAUSED', 'IN_BETA')).toBe('Resume the beta');
    expect(transitionWords('IN_BETA', 'GRADUATED')).toBe('Graduate');
    expect(versionWords('v1')).toBe('v1');
    expect(versionWords('2.0')).toBe('version 2.0');
    expect(isStaff(['USER'])).toBe(false);
    expect(isStaff(['USER', 'QA'])).toBe(true);
  });
});

describe('the portal rules', () => {
  it('offers to opt in when the account opted out or has not opted in, otherwise to opt out', () => {
    expect(offeredChoice(['NOT_ENROLLED'])).toBe('optIn');
    expect(offeredChoice(['CHANNEL', 'OPTED_OUT'])).toBe('optIn');
    expect(offeredChoice(['CHANNEL'])).toBe('optOut');
    expect(offeredChoice(['PAUSED'])).toBe('optOut');
  });

  it('remembers feedback sent until the UTC day ends', () => {
    const store = storage();
    const evening = new Date('2026-03-01T23:59:00Z');
    expect(utcDay(evening)).toBe('2026-03-01');
    expect(sentToday(store, 'a1', 'tab-groups', evening)).toBe(false);
    markSent(store, 'a1', 'tab-groups', evening);
    expect(sentToday(store, 'a1', 'tab-groups', evening)).toBe(true);
    expect(sentToday(store, 'a1', 'other-feature', evening)).toBe(false);
    expect(sentToday(store, 'a2', 'tab-groups', evening)).toBe(false);
    expect(sentToday(store, 'a1', 'tab-groups', new Date('2026-03-02T00:00:00Z'))).toBe(false);
  });

  it('caches hashed files for good and revalidates the page, under one strict policy', () => {
    expect(isContentHashed('app.0123456789ab.js')).toBe(true);
    expect(isContentHashed('portal.0123456789ab.css')).toBe(true);
    expect(isContentHashed('index.html')).toBe(false);
    expect(portalHeaders('app.0123456789ab.js')['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(portalHeaders('index.html')).toEqual({
      'content-security-policy': PORTAL_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-cache',
    });
    expect(PORTAL_CSP.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]));
  });
});
