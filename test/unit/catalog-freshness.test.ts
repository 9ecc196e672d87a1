import { isFresh, reconnectDelayMs } from '../../subgraphs/kit/catalog-freshness';

const facts = { generation: 3, listening: true, now: 100_000, maxAgeMs: 60_000 };

describe('catalog freshness', () => {
  it('serves a held value loaded in the current generation, while listening, younger than the bound', () => {
    expect(isFresh({ generation: 3, loadedAt: 99_000 }, facts)).toBe(true);
  });

  it('loads again after an invalidation, without a listener, past the safety bound, or with nothing held', () => {
    expect(isFresh({ generation: 2, loadedAt: 99_000 }, facts)).toBe(false);
    expect(isFresh({ generation: 3, loadedAt: 99_000 }, { ...facts, listening: false })).toBe(false);
    expect(isFresh({ generation: 3, loadedAt: 40_000 }, facts)).toBe(false);
    expect(isFresh(undefined, facts)).toBe(false);
  });

  it('reconnects after 100 ms, doubling up to the cap', () => {
    expect([1, 2, 3, 4, 7, 20].map((attempt) => reconnectDelayMs(attempt))).toEqual([100, 200, 400, 800, 5_000, 5_000]);
    expect(reconnectDelayMs(3, 300)).toBe(300);
  });
});
