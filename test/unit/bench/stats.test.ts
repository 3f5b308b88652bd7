import { EmptySampleError, mean, median, percentile, ratio, summarize, summarizeOrNone, sum } from '../../../bench/lib/stats';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the value at rank ceil(p/100 · n) of the sorted sample', () => {
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99.5)).toBe(100);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
  });

  it('reports a measured value, never an interpolation', () => {
    expect(percentile([1, 1000], 50)).toBe(1);
    expect(percentile([1, 1000], 51)).toBe(1000);
  });

  it('gives the minimum at p0 and the maximum at p100, whatever the input order', () => {
    const shuffled = [7, 3, 9, 1, 5];
    expect(percentile(shuffled, 0)).toBe(1);
    expect(percentile(shuffled, 100)).toBe(9);
    expect(median(shuffled)).toBe(5);
    expect(shuffled).toEqual([7, 3, 9, 1, 5]);
  });

  it('works on a single value', () => {
    expect(percentile([42], 95)).toBe(42);
  });

  it('refuses an empty sample, values that are not finite numbers, and p outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(EmptySampleError);
    expect(() => percentile([1, NaN], 50)).toThrow(/finite number/);
    expect(() => percentile([1, Infinity], 50)).toThrow(/finite number/);
    expect(() => percentile([1], 101)).toThrow(/p must be in \[0, 100\]/);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });
});

describe('summaries', () => {
  it('summarize gives count, min, p50, p95, max and mean', () => {
    const values = [4, 8, 15, 16, 23, 42];
    expect(summarize(values)).toEqual({ count: 6, min: 4, p50: 15, p95: 42, max: 42, mean: 18 });
  });

  it('mean and sum', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sum([1, 2, 3, 4])).toBe(10);
    expect(sum([])).toBe(0);
    expect(() => mean([])).toThrow(EmptySampleError);
  });

  it('summarizeOrNone is undefined for an empty sample', () => {
    expect(summarizeOrNone([])).toBeUndefined();
    expect(summarizeOrNone([3])?.p95).toBe(3);
  });

  it('ratio is undefined against zero', () => {
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(10, 0)).toBeUndefined();
  });
});
