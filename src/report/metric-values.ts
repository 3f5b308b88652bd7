// Tolerant readers for loosely typed metric values. Einstein metric bodies differ by model type and some fields are
// undocumented (docs/einstein-api.md §4, §12), so every reader returns `undefined` instead of throwing on odd input.

export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Finite numbers of an array, in order; anything else (null, strings, nested arrays) is skipped. */
export function finiteNumbers(value: unknown): number[] {
  return Array.isArray(value) ? value.map(finiteNumber).filter((n): n is number => n !== undefined) : [];
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Pairs a `labels` array with a parallel `values` array (the documented layout of `f1`, `testAccuracies`, ...).
 * `scalarOf` turns one value into a number; entries it cannot read, non-string labels and repeated labels (first
 * wins) are left out, and arrays of different lengths are paired up to the shorter one.
 */
export function valuesByLabel(
  labels: unknown,
  values: unknown,
  scalarOf: (value: unknown) => number | undefined = finiteNumber,
): Record<string, number> {
  const byLabel: Record<string, number> = {};
  if (!Array.isArray(labels) || !Array.isArray(values)) return byLabel;
  const length = Math.min(labels.length, values.length);
  for (let i = 0; i < length; i += 1) {
    const label: unknown = labels[i];
    const scalar = scalarOf(values[i]);
    if (typeof label === 'string' && scalar !== undefined && !Object.hasOwn(byLabel, label)) byLabel[label] = scalar;
  }
  return byLabel;
}

/** Rounds float noise away (0.95 - 0.9286 is 0.021399999999999975) while keeping 12 significant digits. */
export function roundNoise(value: number): number {
  return Number(value.toPrecision(12));
}
