import { createHash } from 'node:crypto';
import vectors from '../../docs/rollout-vectors.json';
import { BUCKETS, inRollout, isInRollout, rolloutBucket } from '../../subgraphs/experiments/rollout';

/** Deterministic UUID-shaped ids, so the statistics below never flake. */
const fakeId = (i: number) => {
  const h = createHash('sha256').update(`account-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

describe('sticky rollout (published vectors in docs/rollout-vectors.json)', () => {
  it('reproduces every published bucket and hash input', () => {
    expect(vectors.buckets).toBe(BUCKETS);
    expect(vectors.vectors.length).toBeGreaterThanOrEqual(20);
    for (const v of vectors.vectors) {
      expect(JSON.stringify([v.accountId, v.slug])).toBe(v.hashInput);
      expect(createHash('sha256').update(v.hashInput).digest('hex')).toBe(v.sha256);
      expect(rolloutBucket(v.accountId, v.slug)).toBe(v.bucket);
    }
  });

  it('decides membership at every published percent', () => {
    for (const v of vectors.vectors) {
      for (const percent of vectors.percents) {
        expect([v.slug, percent, isInRollout(v.accountId, v.slug, percent)]).toEqual([v.slug, percent, (v.inRollout as Record<string, boolean>)[String(percent)]]);
      }
    }
  });

  it('is all-or-nothing at 0 and 100, and in at exactly bucket < percent × 100', () => {
    expect(inRollout(0, 0)).toBe(false);
    expect(inRollout(9999, 100)).toBe(true);
    expect(inRollout(4999, 50)).toBe(true);
    expect(inRollout(5000, 50)).toBe(false);
  });

  it('keeps everyone already in when the percent rises', () => {
    for (let i = 0; i < 500; i++) {
      const bucket = rolloutBucket(fakeId(i), 'sticky-check');
      for (let p = 0; p < 100; p++) if (inRollout(bucket, p)) expect(inRollout(bucket, p + 1)).toBe(true);
    }
  });

  it('spreads accounts evenly (50% ± 3% of 4000 accounts) and independently per experiment', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => fakeId(i));
    const a = ids.map((id) => isInRollout(id, 'spread-a', 50));
    const b = ids.map((id) => isInRollout(id, 'spread-b', 50));
    const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
    expect(share(a)).toBeGreaterThan(0.47);
    expect(share(a)).toBeLessThan(0.53);
    // Independent experiments: about a quarter of accounts are in both.
    expect(share(a.map((x, i) => x && b[i]))).toBeGreaterThan(0.22);
    expect(share(a.map((x, i) => x && b[i]))).toBeLessThan(0.28);
  });
});
