import { endedFeaturesOf, type EndedEntry } from '../../subgraphs/experiments/ended-features';
import type { EnrollmentStatus } from '../../subgraphs/experiments/enrollment';
import type { Experiment } from '../../subgraphs/experiments/experiment';
import { rolloutBucket } from '../../subgraphs/experiments/rollout';

const ACCOUNT = '0b9f3a3e-4c1d-4e55-9d7e-2f6a8c1b5e01';
const NOW = new Date('2026-03-31T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
let n = 0;

function ended(over: Partial<Experiment> = {}): EndedEntry {
  n++;
  const experiment: Experiment = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, slug: `ended-${n}`, name: `Ended ${n}`, description: 'd',
    ownerId: '00000000-0000-4000-8000-0000000000ff', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', rolloutPercent: 100,
    requiredAgreements: [], addonId: 'a@b.org', minFeedbackCount: 0, minHappyShare: null, minActiveAccounts30d: 0, status: 'GRADUATED',
    enteredBetaAt: daysAgo(60), lastReviewedAt: null, createdAt: daysAgo(90), updatedAt: daysAgo(2), endedAt: daysAgo(2), endReason: null, ...over,
  };
  const revision = {
    id: `r-${n}`, experimentId: experiment.id, version: '1.2', versionKey: [1, 2], addonId: 'a@b.org', url: 'https://x.org/a.xpi',
    sha256: 'a'.repeat(64), notes: null, releasedBy: experiment.ownerId, releasedAt: daysAgo(10),
  };
  return { experiment, revision };
}

const beta = { id: ACCOUNT, channel: 'BETA' as const };
const slugsOf = (entries: EndedEntry[], account: { id: string; channel?: 'BETA' | 'EXPERIMENTAL' | null } = beta, enrollments: [EndedEntry, EnrollmentStatus][] = [], days = 30) =>
  endedFeaturesOf(entries, account, new Map(enrollments.map(([e, s]) => [e.experiment.id, s])), NOW, days).map((f) => f.entry.experiment.slug);

describe('Account.endedFeatures: which ended experiments an account had', () => {
  it('lists a graduated and a killed CHANNEL experiment with their outcome and end, newest end first', () => {
    const graduated = ended({ status: 'GRADUATED', endedAt: daysAgo(5) });
    const killed = ended({ status: 'KILLED', endedAt: daysAgo(1), endReason: 'Crashes on start-up.' });
    const result = endedFeaturesOf([graduated, killed], beta, new Map(), NOW);
    expect(result.map((f) => [f.entry.experiment.slug, f.outcome, f.endedAt])).toEqual([
      [killed.experiment.slug, 'KILLED', daysAgo(1)],
      [graduated.experiment.slug, 'GRADUATED', daysAgo(5)],
    ]);
  });

  it('keeps an experiment for the window after its end, then drops it', () => {
    const inside = ended({ endedAt: daysAgo(29.9) });
    const outside = ended({ endedAt: daysAgo(30.1) });
    expect(slugsOf([inside, outside])).toEqual([inside.experiment.slug]);
    expect(slugsOf([inside, outside], beta, [], 7)).toEqual([]);
  });

  it('needs an explicit opt-in under PER_EXPERIMENT; an opt-out hides a CHANNEL experiment', () => {
    const perExperiment = ended({ optInPolicy: 'PER_EXPERIMENT' });
    expect(slugsOf([perExperiment])).toEqual([]);
    expect(slugsOf([perExperiment], beta, [[perExperiment, 'OPTED_IN']])).toEqual([perExperiment.experiment.slug]);
    expect(slugsOf([perExperiment], beta, [[perExperiment, 'OPTED_OUT']])).toEqual([]);
    const channel = ended({ optInPolicy: 'CHANNEL' });
    expect(slugsOf([channel], beta, [[channel, 'OPTED_OUT']])).toEqual([]);
  });

  it('counts the CHANNEL policy only for a channel that carries the tier (unless the account opted in)', () => {
    const experimental = ended({ tier: 'EXPERIMENTAL' });
    expect(slugsOf([experimental])).toEqual([]);
    expect(slugsOf([experimental], { id: ACCOUNT, channel: 'EXPERIMENTAL' })).toEqual([experimental.experiment.slug]);
    expect(slugsOf([experimental], { id: ACCOUNT, channel: null })).toEqual([]);
    expect(slugsOf([experimental], beta, [[experimental, 'OPTED_IN']])).toEqual([experimental.experiment.slug]);
  });

  it('leaves out accounts outside the final rollout, even opted in', () => {
    const bucketSlug = 'ended-rollout';
    const bucket = rolloutBucket(ACCOUNT, bucketSlug);
    const outside = ended({ slug: bucketSlug, rolloutPercent: Math.floor(bucket / 100) });
    const inside = ended({ slug: bucketSlug, rolloutPercent: Math.floor(bucket / 100) + 1 });
    expect(slugsOf([outside], beta, [[outside, 'OPTED_IN']])).toEqual([]);
    expect(slugsOf([inside])).toEqual([bucketSlug]);
  });

  it('never lists an experiment that was never served, or one still live', () => {
    const neverLaunched = ended({ status: 'KILLED', enteredBetaAt: null });
    const live = ended({ status: 'IN_BETA', endedAt: null });
    expect(slugsOf([neverLaunched, live], beta, [[neverLaunched, 'OPTED_IN'], [live, 'OPTED_IN']])).toEqual([]);
  });
});
