import { ReplayCache } from '../../../src/api/auth';

describe('replay cache', () => {
  it('accepts a signature once while it is live, and again once it has expired', () => {
    const cache = new ReplayCache(100);
    expect(cache.remember('sig-a', 2_000, 1_000)).toBe(true);
    expect(cache.remember('sig-a', 2_000, 1_500)).toBe(false);
    expect(cache.remember('sig-b', 2_000, 1_500)).toBe(true);
    expect(cache.remember('sig-a', 5_000, 2_001)).toBe(true);
  });

  it('stays within its bound, dropping expired entries first and then the oldest', () => {
    const cache = new ReplayCache(100);
    for (let i = 0; i < 100; i++) cache.remember(`old-${i}`, i < 50 ? 10 : 1_000_000, 0);
    expect(cache.size).toBe(100);
    expect(cache.remember('new-0', 1_000_000, 100)).toBe(true);
    expect(cache.size).toBe(51);
    expect(cache.remember('old-60', 1_000_000, 100)).toBe(false);
    for (let i = 1; i <= 60; i++) cache.remember(`new-${i}`, 1_000_000, 100);
    expect(cache.size).toBe(100);
    // the oldest live entries went first; the newest are still refused as replays
    expect(cache.remember('new-60', 1_000_000, 100)).toBe(false);
    expect(cache.remember('old-50', 1_000_000, 100)).toBe(true);
  });
});
