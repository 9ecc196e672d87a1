import { missingForEntry, missingForExit, missingForGate, missingForRelease, type GateFacts, type GateSignOff } from '../../subgraphs/experiments/gates';
import { gateStatuses } from '../../subgraphs/experiments/transitions';
import type { Experiment } from '../../subgraphs/experiments/experiment';
import type { ExitMetricsResult } from '../../subgraphs/experiments/exit-metrics';
import type { SignOffKind } from '../../subgraphs/experiments/sign-off-rules';

const experiment = (over: Partial<Experiment> = {}): Experiment => ({
  id: '6f1c1a52-0000-4000-8000-000000000001', slug: 'gate-test', name: 'Gate test', description: 'd', ownerId: '6f1c1a52-0000-4000-8000-0000000000aa',
  tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', rolloutPercent: 0, requiredAgreements: [], addonId: null,
  minFeedbackCount: 100, minHappyShare: 0.6, minActiveAccounts30d: 1000, status: 'PROPOSED',
  enteredBetaAt: null, lastReviewedAt: null, createdAt: new Date(0), updatedAt: new Date(0), endedAt: null, endReason: null, ...over,
});

const signed = (kind: SignOffKind, revisionKey: number[] | null = null, voided = false): GateSignOff => ({
  kind, revisionKey, voidedAt: voided ? new Date(0) : null,
});

const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
  experiment: experiment(),
  checkedCriteria: [],
  signOffs: [],
  hasReleasedRevision: false,
  exitMetrics: null,
  ...over,
});

const numbers = (feedbackCount: number, happy: number, sad: number, activeAccounts30d: number): ExitMetricsResult => ({
  available: true, metrics: { feedbackCount, happy, sad, activeAccounts30d },
});

const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe('entry gate (PROPOSED/PAUSED -> IN_BETA)', () => {
  it('lists every criterion, the SECURITY/PRIVACY/PRODUCT sign-offs and a released revision when nothing is done', () => {
    expect(keys(missingForEntry(facts()))).toEqual([
      'ENTRY_CRITERION:PROTOTYPE_EVOLVED', 'ENTRY_CRITERION:PRODUCT_DESIRE_FOR_INCLUSION', 'ENTRY_CRITERION:REQUIREMENTS_DEFINED',
      'SIGN_OFF:SECURITY', 'SIGN_OFF:PRIVACY', 'SIGN_OFF:PRODUCT', 'RELEASED_REVISION',
    ]);
  });

  it('needs the user-data assessment only when the experiment has user data', () => {
    expect(keys(missingForEntry(facts({ experiment: experiment({ hasUserData: true }) })))).toContain('ENTRY_CRITERION:USER_DATA_ASSESSMENT');
    expect(keys(missingForEntry(facts()))).not.toContain('ENTRY_CRITERION:USER_DATA_ASSESSMENT');
  });

  it('passes when everything is there', () => {
    const done = facts({
      checkedCriteria: ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED'],
      signOffs: [signed('SECURITY'), signed('PRIVACY'), signed('PRODUCT')],
      hasReleasedRevision: true,
    });
    expect(missingForEntry(done)).toEqual([]);
    expect(missingForGate('ENTRY', done)).toEqual([]);
    expect(missingForGate('NONE', facts())).toEqual([]);
  });

  it('does not count voided sign-offs (an edit voided them)', () => {
    const f = facts({ signOffs: [signed('SECURITY', null, true), signed('PRIVACY'), signed('PRODUCT')] });
    expect(keys(missingForEntry(f))).toContain('SIGN_OFF:SECURITY');
    expect(keys(missingForEntry(f))).not.toContain('SIGN_OFF:PRIVACY');
  });
});

describe('exit gate (IN_BETA -> GRADUATED)', () => {
  const signedExit = [signed('EXIT_UX'), signed('EXIT_PRODUCT')];

  it('without feedback numbers, lists the feedback and adoption thresholds as missing with the reason', () => {
    const missing = missingForExit(facts({ signOffs: signedExit, exitMetrics: { available: false, reason: 'feedback numbers unavailable (down)' } }));
    expect(keys(missing)).toEqual(['FEEDBACK_THRESHOLD', 'ADOPTION_THRESHOLD']);
    expect(missing[0].detail).toContain('feedback numbers unavailable (down)');
    expect(keys(missingForExit(facts({ signOffs: signedExit })))).toEqual(['FEEDBACK_THRESHOLD', 'ADOPTION_THRESHOLD']);
  });

  it('needs EXIT_UX and EXIT_PRODUCT, and USER_DATA_REVIEW only with user data', () => {
    const enough = numbers(500, 90, 10, 5000);
    expect(keys(missingForExit(facts({ exitMetrics: enough })))).toEqual(['SIGN_OFF:EXIT_UX', 'SIGN_OFF:EXIT_PRODUCT']);
    expect(keys(missingForExit(facts({ experiment: experiment({ hasUserData: true }), signOffs: signedExit, exitMetrics: enough })))).toEqual([
      'SIGN_OFF:USER_DATA_REVIEW',
    ]);
    expect(missingForExit(facts({ signOffs: signedExit, exitMetrics: enough }))).toEqual([]);
  });

  it('compares the numbers with the experiment thresholds', () => {
    const few = missingForExit(facts({ signOffs: signedExit, exitMetrics: numbers(99, 30, 69, 999) }));
    expect(keys(few)).toEqual(['FEEDBACK_THRESHOLD', 'SATISFACTION_THRESHOLD', 'ADOPTION_THRESHOLD']);
    expect(few[0].detail).toContain('has 99');
    // At the thresholds exactly: met.
    expect(missingForExit(facts({ signOffs: signedExit, exitMetrics: numbers(100, 60, 40, 1000) }))).toEqual([]);
    // No satisfaction threshold: the share is not checked.
    expect(missingForExit(facts({ experiment: experiment({ minHappyShare: null }), signOffs: signedExit, exitMetrics: numbers(100, 0, 100, 1000) }))).toEqual([]);
  });
});

describe('revision release gate', () => {
  it('needs QA, UX and INFRASEC sign-offs for that very version', () => {
    expect(keys(missingForRelease([], [1]))).toEqual(['SIGN_OFF:QA', 'SIGN_OFF:UX', 'SIGN_OFF:INFRASEC']);
    const forOne = [signed('QA', [1]), signed('UX', [1]), signed('INFRASEC', [1])];
    expect(missingForRelease(forOne, [1])).toEqual([]);
    expect(keys(missingForRelease(forOne, [1, 1]))).toEqual(['SIGN_OFF:QA', 'SIGN_OFF:UX', 'SIGN_OFF:INFRASEC']);
    expect(keys(missingForRelease([signed('QA', [2]), signed('UX', [2], true), signed('INFRASEC', [2])], [2]))).toEqual(['SIGN_OFF:UX']);
  });

  it('does not let entry sign-offs stand in for revision ones', () => {
    expect(keys(missingForRelease([signed('PRODUCT'), signed('SECURITY')], [1]))).toHaveLength(3);
  });
});

describe('gateStatus', () => {
  it('reports each transition out of the current status with what is missing and whether the caller may do it', () => {
    const statuses = gateStatuses(experiment(), facts(), ['PRODUCT']);
    expect(statuses.map((s) => [s.to, s.allowed, s.callerMayPerform])).toEqual([['IN_BETA', false, true], ['KILLED', true, true]]);
    expect(statuses[0].missing).toContain('RELEASED_REVISION');
    expect(statuses[0].details).toContain('a released revision');
    expect(gateStatuses(experiment({ status: 'KILLED' }), facts(), ['OPS'])).toEqual([]);
    expect(gateStatuses(experiment({ status: 'IN_BETA' }), facts(), ['QA']).map((s) => [s.to, s.callerMayPerform])).toEqual([
      ['PAUSED', false], ['GRADUATED', false], ['KILLED', false],
    ]);
  });
});
