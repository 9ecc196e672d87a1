import { evaluateFeatures, type CatalogEntry, type RequiredAccountFields } from '../../subgraphs/experiments/enabled-features';
import type { Experiment } from '../../subgraphs/experiments/experiment';
import type { EnrollmentStatus } from '../../subgraphs/experiments/enrollment';
import { rolloutBucket } from '../../subgraphs/experiments/rollout';

const ACCOUNT = '0b9f3a3e-4c1d-4e55-9d7e-2f6a8c1b5e01';
let n = 0;

function entry(over: Partial<Experiment> = {}, withRevision = true): CatalogEntry {
  n++;
  const experiment: Experiment = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, slug: `feature-${n}`, name: `Feature ${n}`, description: 'd',
    ownerId: '00000000-0000-4000-8000-0000000000ff', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', rolloutPercent: 100,
    requiredAgreements: [], addonId: null, minFeedbackCount: 1, minHappyShare: null, minActiveAccounts30d: 1, status: 'IN_BETA',
    enteredBetaAt: new Date(0), lastReviewedAt: null, createdAt: new Date(0), updatedAt: new Date(0), endedAt: null, endReason: null, ...over,
  };
  const revision = {
    id: `r-${n}`, experimentId: experiment.id, version: '1.0', versionKey: [1], addonId: 'a@b.org', url: 'https://x.org/a.xpi',
    sha256: 'a'.repeat(64), notes: null, releasedBy: experiment.ownerId, releasedAt: new Date(0),
  };
  return { experiment, revision: withRevision ? revision : null };
}

const compliant: RequiredAccountFields = {
  id: ACCOUNT,
  channel: 'BETA',
  consent: { compliant: true, experimentalOptIn: false, accepted: [{ kind: 'TERMS_OF_SERVICE' }, { kind: 'PRIVACY_POLICY' }] },
};

const reasonsOf = (e: CatalogEntry, account: RequiredAccountFields, enrollments = new Map<string, EnrollmentStatus>()) => {
  const result = evaluateFeatures([e], account, enrollments);
  return result.enabled.length ? 'ENABLED' : result.suspended[0].reasons;
};

describe('Account.enabledFeatures decisions', () => {
  it('enables a BETA-tier CHANNEL experiment for a compliant BETA-channel account, with its revision', () => {
    const e = entry();
    const result = evaluateFeatures([e], compliant, new Map());
    expect(result.enabled).toEqual([{ experiment: e.experiment, revision: e.revision }]);
    expect(result.suspended).toEqual([]);
  });

  it('gives nothing while consent is outdated, or unreadable (fail closed)', () => {
    expect(reasonsOf(entry(), { ...compliant, consent: { ...compliant.consent!, compliant: false } })).toEqual(['CONSENT_OUTDATED']);
    expect(reasonsOf(entry(), { id: ACCOUNT, channel: 'BETA' })).toEqual(['CONSENT_OUTDATED']);
    expect(reasonsOf(entry(), { ...compliant, channel: null })).toEqual(['CHANNEL']);
  });

  it('needs the EXPERIMENTAL channel and the experimental opt-in for the EXPERIMENTAL tier', () => {
    const e = entry({ tier: 'EXPERIMENTAL' });
    expect(reasonsOf(e, compliant)).toEqual(['CHANNEL', 'EXPERIMENTAL_OPT_IN_MISSING']);
    expect(reasonsOf(e, { ...compliant, channel: 'EXPERIMENTAL' })).toEqual(['EXPERIMENTAL_OPT_IN_MISSING']);
    expect(reasonsOf(e, { ...compliant, channel: 'EXPERIMENTAL', consent: { ...compliant.consent!, experimentalOptIn: true } })).toBe('ENABLED');
    // The EXPERIMENTAL channel also carries the BETA tier.
    expect(reasonsOf(entry(), { ...compliant, channel: 'EXPERIMENTAL' })).toBe('ENABLED');
  });

  it('needs every required agreement kind accepted', () => {
    const e = entry({ requiredAgreements: ['EXPERIMENTAL_OPT_IN'] });
    expect(reasonsOf(e, compliant)).toEqual(['AGREEMENT_MISSING']);
    const accepted = { ...compliant, consent: { ...compliant.consent!, accepted: [...compliant.consent!.accepted, { kind: 'EXPERIMENTAL_OPT_IN' }] } };
    expect(reasonsOf(e, accepted)).toBe('ENABLED');
  });

  it('applies the opt-in policy: PER_EXPERIMENT needs optIn, and an optOut always wins', () => {
    const per = entry({ optInPolicy: 'PER_EXPERIMENT' });
    expect(reasonsOf(per, compliant)).toEqual(['NOT_ENROLLED']);
    expect(reasonsOf(per, compliant, new Map([[per.experiment.id, 'OPTED_IN']]))).toBe('ENABLED');
    expect(reasonsOf(per, compliant, new Map([[per.experiment.id, 'OPTED_OUT']]))).toEqual(['OPTED_OUT']);
    const channel = entry();
    expect(reasonsOf(channel, compliant, new Map([[channel.experiment.id, 'OPTED_OUT']]))).toEqual(['OPTED_OUT']);
  });

  it('applies the sticky rollout bucket', () => {
    const e = entry();
    const bucket = rolloutBucket(ACCOUNT, e.experiment.slug);
    const below = Math.floor(bucket / 100);
    expect(reasonsOf({ ...e, experiment: { ...e.experiment, rolloutPercent: below } }, compliant)).toEqual(['OUTSIDE_ROLLOUT']);
    expect(reasonsOf({ ...e, experiment: { ...e.experiment, rolloutPercent: below + 1 } }, compliant)).toBe('ENABLED');
    expect(reasonsOf({ ...e, experiment: { ...e.experiment, rolloutPercent: 0 } }, compliant)).toEqual(['OUTSIDE_ROLLOUT']);
  });

  it('lists paused experiments as suspended, and every reason in precedence order', () => {
    const e = entry({ status: 'PAUSED', tier: 'EXPERIMENTAL', optInPolicy: 'PER_EXPERIMENT', rolloutPercent: 0 }, false);
    expect(reasonsOf(e, { id: ACCOUNT, channel: 'BETA', consent: null })).toEqual([
      'PAUSED', 'CONSENT_OUTDATED', 'CHANNEL', 'EXPERIMENTAL_OPT_IN_MISSING', 'NOT_ENROLLED', 'OUTSIDE_ROLLOUT', 'NO_REVISION',
    ]);
  });

  it('decides many experiments in one pass', () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry({ optInPolicy: i % 2 ? 'PER_EXPERIMENT' : 'CHANNEL' }));
    const result = evaluateFeatures(entries, compliant, new Map());
    expect(result.enabled).toHaveLength(25);
    expect(result.suspended.every((s) => s.reasons[0] === 'NOT_ENROLLED')).toBe(true);
  });
});
