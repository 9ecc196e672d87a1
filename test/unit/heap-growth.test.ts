/** The gateway's heap growth setting (gateway/heap-growth.ts): its default, and bad values refused with what to set. */
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthPercentFrom } from '../../gateway/heap-growth';

describe('GATEWAY_HEAP_GROWTH_PERCENT', () => {
  it('defaults to 50: the old space may grow to 1.5x the live heap before a collection', () => {
    expect(DEFAULT_HEAP_GROWTH_PERCENT).toBe(50);
    expect(heapGrowthPercentFrom({})).toBe(50);
    expect(heapGrowthPercentFrom({ GATEWAY_HEAP_GROWTH_PERCENT: '' })).toBe(50);
  });

  it('takes a value, and 0 for V8 choosing on its own', () => {
    expect(heapGrowthPercentFrom({ GATEWAY_HEAP_GROWTH_PERCENT: '100' })).toBe(100);
    expect(heapGrowthPercentFrom({ GATEWAY_HEAP_GROWTH_PERCENT: '0' })).toBe(0);
  });

  it.each(['-5', '1.5', 'lots', '5000'])('refuses %p naming the variable', (value) => {
    expect(() => heapGrowthPercentFrom({ GATEWAY_HEAP_GROWTH_PERCENT: value })).toThrow(/GATEWAY_HEAP_GROWTH_PERCENT must be/);
  });
});
