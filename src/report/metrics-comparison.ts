// Before/after deltas: the answer to "did the retrain help?" (docs/ARCHITECTURE.md).
import { z } from 'zod';
import { mean, roundNoise } from './metric-values';
import type { MetricsSummary } from './metrics-summary';

/** One metric on both sides. `delta` (after − before) exists only when both sides do. */
export const MetricChange = z.object({
  before: z.number().optional(),
  after: z.number().optional(),
  delta: z.number().optional(),
});
export type MetricChange = z.infer<typeof MetricChange>;

export const MetricsComparison = z.object({
  testAccuracy: MetricChange,
  trainingAccuracy: MetricChange,
  trainingLoss: MetricChange,
  macroF1: MetricChange,
  meanAveragePrecision: MetricChange,
  /** Every label seen on either side; a label only on one side has only that side. */
  f1ByLabel: z.record(z.string(), MetricChange),
});
export type MetricsComparison = z.infer<typeof MetricsComparison>;

/** The reported macro F1, or the mean of the per-label F1 (the definition Einstein gives for `macroF1`). */
export function effectiveMacroF1(summary: MetricsSummary | undefined): number | undefined {
  if (summary === undefined) return undefined;
  return summary.macroF1 ?? mean(Object.values(summary.f1ByLabel));
}

export function changeOf(before: number | undefined, after: number | undefined): MetricChange {
  const change: MetricChange = {};
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  if (before !== undefined && after !== undefined) change.delta = roundNoise(after - before);
  return change;
}

/** Compares two summaries; either side may be missing (a model without earlier metrics, a failed retrain). */
export function compareMetrics(
  before: MetricsSummary | undefined,
  after: MetricsSummary | undefined,
): MetricsComparison {
  return {
    testAccuracy: changeOf(before?.testAccuracy, after?.testAccuracy),
    trainingAccuracy: changeOf(before?.trainingAccuracy, after?.trainingAccuracy),
    trainingLoss: changeOf(before?.trainingLoss, after?.trainingLoss),
    macroF1: changeOf(effectiveMacroF1(before), effectiveMacroF1(after)),
    meanAveragePrecision: changeOf(before?.meanAveragePrecision, after?.meanAveragePrecision),
    f1ByLabel: compareByLabel(before?.f1ByLabel ?? {}, after?.f1ByLabel ?? {}),
  };
}

/** Labels in the order of `before`, then labels that are new in `after`. */
function compareByLabel(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, MetricChange> {
  const labels = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const byLabel: Record<string, MetricChange> = {};
  for (const label of labels) {
    byLabel[label] = changeOf(ownValue(before, label), ownValue(after, label));
  }
  return byLabel;
}

function ownValue(record: Record<string, number>, key: string): number | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
