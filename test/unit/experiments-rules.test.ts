import { DomainError } from '../../subgraphs/kit/errors';
import { applyDefinitionInput, changedFields, DEFAULT_EXIT_THRESHOLDS, type Definition, type Experiment } from '../../subgraphs/experiments/experiment';
import { checkSignOff, SIGN_OFF_KINDS, SIGN_OFF_RULES } from '../../subgraphs/experiments/sign-off-rules';
import { isReviewOverdue } from '../../subgraphs/experiments/reviews';
import { compareVersionKeys, parseVersion } from '../../subgraphs/experiments/versions';
import { parseAddonId, parseHttpsUrl, parsePercent, parseSha256, parseSlug } from '../../subgraphs/experiments/validation';
import type { Actor } from '../../subgraphs/experiments/actor';
import { requireStaff } from '../../subgraphs/experiments/access';

const OWNER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const experiment = (over: Partial<Experiment> = {}): Experiment => ({
  id: '33333333-3333-4333-8333-333333333333', slug: 'rules', name: 'Rules', description: 'd', ownerId: OWNER, tier: 'BETA', hasUserData: false,
  optInPolicy: 'CHANNEL', rolloutPercent: 0, requiredAgreements: [], addonId: null, ...DEFAULT_EXIT_THRESHOLDS, status: 'PROPOSED',
  enteredBetaAt: null, lastReviewedAt: null, createdAt: new Date(0), updatedAt: new Date(0), endedAt: null, endReason: null, ...over,
});
const actor = (accountId: string, roles: string[]): Actor => ({ accountId, roles, requestId: 'r', client: 'OTHER' });

/** The error a function throws, as { code, field, message }. */
function thrown(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    return { code: e.code, field: e.extensions.field, message: e.message, missing: e.extensions.missing };
  }
  throw new Error('expected an error');
}

describe('sign-off rules', () => {
  it('maps every kind to a gate and a role (INFRASEC is signed by OPS)', () => {
    expect(SIGN_OFF_KINDS.map((k) => `${k}:${SIGN_OFF_RULES[k].gate}:${SIGN_OFF_RULES[k].role}`)).toEqual([
      'SECURITY:ENTRY:SECURITY', 'PRIVACY:ENTRY:PRIVACY', 'PRODUCT:ENTRY:PRODUCT', 'QA:REVISION:QA', 'UX:REVISION:UX', 'INFRASEC:REVISION:OPS',
      'EXIT_UX:EXIT:UX', 'EXIT_PRODUCT:EXIT:PRODUCT', 'USER_DATA_REVIEW:EXIT:PRIVACY',
    ]);
  });

  it('refuses a signer without the role, naming the role', () => {
    const e = thrown(() => checkSignOff(experiment(), 'SECURITY', actor(OTHER, ['QA', 'PRODUCT'])));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('SECURITY role');
  });

  it('refuses the owner even with the role', () => {
    const e = thrown(() => checkSignOff(experiment(), 'PRODUCT', actor(OWNER, ['PRODUCT'])));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('You own');
  });

  it('takes each gate\'s sign-offs only in the statuses where that gate is open', () => {
    expect(() => checkSignOff(experiment(), 'SECURITY', actor(OTHER, ['SECURITY']))).not.toThrow();
    expect(thrown(() => checkSignOff(experiment({ status: 'IN_BETA' }), 'SECURITY', actor(OTHER, ['SECURITY']))).code).toBe('FAILED_PRECONDITION');
    expect(thrown(() => checkSignOff(experiment(), 'EXIT_UX', actor(OTHER, ['UX']))).code).toBe('FAILED_PRECONDITION');
    expect(() => checkSignOff(experiment({ status: 'IN_BETA' }), 'EXIT_UX', actor(OTHER, ['UX']))).not.toThrow();
    expect(thrown(() => checkSignOff(experiment({ status: 'KILLED' }), 'QA', actor(OTHER, ['QA']))).code).toBe('FAILED_PRECONDITION');
  });
});

describe('monthly review due date', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('is overdue when IN_BETA and the last review (or entering the beta) is more than 31 days ago', () => {
    expect(isReviewOverdue(experiment({ status: 'IN_BETA', enteredBetaAt: daysAgo(32) }), now)).toBe(true);
    expect(isReviewOverdue(experiment({ status: 'IN_BETA', enteredBetaAt: daysAgo(31) }), now)).toBe(false);
    expect(isReviewOverdue(experiment({ status: 'IN_BETA', enteredBetaAt: daysAgo(90), lastReviewedAt: daysAgo(3) }), now)).toBe(false);
    expect(isReviewOverdue(experiment({ status: 'IN_BETA', enteredBetaAt: daysAgo(90), lastReviewedAt: daysAgo(40) }), now)).toBe(true);
  });

  it('is never overdue outside IN_BETA', () => {
    for (const status of ['PROPOSED', 'PAUSED', 'GRADUATED', 'KILLED'] as const) {
      expect(isReviewOverdue(experiment({ status, enteredBetaAt: daysAgo(100) }), now)).toBe(false);
    }
  });
});

describe('revision versions', () => {
  it('parses dotted numbers into a canonical text and a key without trailing zeros', () => {
    expect(parseVersion('1.4.0')).toEqual({ text: '1.4.0', key: [1, 4] });
    expect(parseVersion(' 01.02 ')).toEqual({ text: '1.2', key: [1, 2] });
    expect(parseVersion('3')).toEqual({ text: '3', key: [3] });
  });

  it('orders numerically, component by component', () => {
    expect(compareVersionKeys([1, 10], [1, 9])).toBeGreaterThan(0);
    expect(compareVersionKeys([1], [1, 0, 1])).toBeLessThan(0);
    expect(compareVersionKeys(parseVersion('2.0').key, parseVersion('2').key)).toBe(0);
  });

  it.each(['', 'v1', '1..2', '1.2.3.4.5', '1.-2', '0.0', 'latest'])('refuses %p with BAD_USER_INPUT on version', (raw) => {
    expect(thrown(() => parseVersion(raw))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
  });
});

describe('definition input', () => {
  const base: Definition = {
    name: 'N', description: 'D', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', requiredAgreements: [], addonId: null, ...DEFAULT_EXIT_THRESHOLDS,
  };

  it('keeps what is left out, normalises what is given, and reports what changed', () => {
    const next = applyDefinitionInput(base, { name: '  New name ', requiredAgreements: ['PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN', 'PRIVACY_POLICY'] });
    expect(next).toMatchObject({ name: 'New name', description: 'D', requiredAgreements: ['EXPERIMENTAL_OPT_IN', 'PRIVACY_POLICY'] });
    expect(changedFields(base, next)).toEqual(['name', 'requiredAgreements']);
    expect(changedFields(base, applyDefinitionInput(base, { name: 'N' }))).toEqual([]);
  });

  it.each([
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(121) }, 'name'],
    [{ description: null }, 'description'],
    [{ addonId: 'not an addon id' }, 'addonId'],
    [{ exitThresholds: { minFeedbackCount: -1, minActiveAccounts30d: 1 } }, 'exitThresholds.minFeedbackCount'],
    [{ exitThresholds: { minFeedbackCount: 1, minHappyShare: 1.5, minActiveAccounts30d: 1 } }, 'exitThresholds.minHappyShare'],
  ])('refuses %j with BAD_USER_INPUT on %s', (input, field) => {
    expect(thrown(() => applyDefinitionInput(base, input as never))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('clears the add-on id with an explicit null', () => {
    expect(applyDefinitionInput({ ...base, addonId: 'a@b.org' }, { addonId: null }).addonId).toBeNull();
  });
});

describe('field validation', () => {
  it('accepts good values and normalises them', () => {
    expect(parseSlug(' sync-v2 ')).toBe('sync-v2');
    expect(parseAddonId('{6f1c1a52-1111-4222-8333-444455556666}')).toBe('{6f1c1a52-1111-4222-8333-444455556666}');
    expect(parseHttpsUrl('https://addons.example.org/a b.xpi')).toBe('https://addons.example.org/a%20b.xpi');
    expect(parseSha256('A'.repeat(64))).toBe('a'.repeat(64));
    expect(parsePercent(100)).toBe(100);
  });

  it.each([
    ['slug', () => parseSlug('Sync')],
    ['slug', () => parseSlug('ab')],
    ['slug', () => parseSlug('double--dash')],
    ['url', () => parseHttpsUrl('http://example.org/a.xpi')],
    ['url', () => parseHttpsUrl('https://user:pw@example.org/a.xpi')],
    ['sha256', () => parseSha256('abc')],
    ['percent', () => parsePercent(101)],
    ['percent', () => parsePercent(2.5)],
  ] as [string, () => unknown][])('refuses a bad %s (case %#) with BAD_USER_INPUT naming the field', (field, fn) => {
    expect(thrown(fn)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('staff-only fields', () => {
  const ctx = (accountId: string | null, roles: string[]) => ({ caller: { accountId, roles, sessionId: null, requestId: 'r', client: 'OTHER' as const, clientAddress: null, userAgent: null, issuedAt: 0 } });

  it('anonymous callers are told to sign in (UNAUTHENTICATED), signed-in non-staff are FORBIDDEN', () => {
    expect(thrown(() => requireStaff(ctx(null, []), 'auditLog')).code).toBe('UNAUTHENTICATED');
    expect(thrown(() => requireStaff(ctx(OTHER, ['USER']), 'auditLog'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/auditLog is for beta staff/) });
  });

  it('any staff role passes', () => {
    for (const role of ['QA', 'LEGAL', 'OPS']) expect(() => requireStaff(ctx(OTHER, ['USER', role]), 'auditLog')).not.toThrow();
  });
});
