/**
 * The statistics every bench reports. Percentiles use the nearest-rank method: the reported value is one that was
 * actually measured (a p95 of status calls is a whole number of calls), and no interpolation hides a long tail.
 */

export class EmptySampleError extends RangeError {
  readonly code = 'BENCH_EMPTY_SAMPLE';
  constructor(what: string) {
    super(`${what}: needs at least one value, got none`);
    this.name = 'EmptySampleError';
  }
}

function sortedFinite(values: readonly number[], what: string): number[] {
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`${what}: every value must be a finite number, got ${bad}`);
  if (values.length === 0) throw new EmptySampleError(what);
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile: the smallest value with at least p % of the sample at or below it. p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in [0, 100], got ${p}`);
  const sorted = sortedFinite(values, 'percentile');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
  const sorted = sortedFinite(values, 'mean');
  return sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** What the tables show of a sample. */
export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedFinite(values, 'summarize');
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] as number,
    mean: mean(sorted),
  };
}

/** `summarize`, or undefined for an empty sample (a bench phase where nothing completed). */
export function summarizeOrNone(values: readonly number[]): Summary | undefined {
  return values.length === 0 ? undefined : summarize(values);
}

/** a / b, or undefined when b is 0 (a ratio against nothing is not a number to print). */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}
