// The quality gate: did this retrain make the model better, leave it as it was, or make it worse? Pure and
// deterministic (it runs inside the retrain workflow, as part of building the report). Einstein retrains a model in
// place and has no rollback, so a regression is a verdict to act on, not something this product can undo.
import { z } from 'zod';
import type { MetricsComparison } from './metrics-comparison';

export const GATE_METRICS = ['testAccuracy', 'macroF1', 'meanAveragePrecision'] as const;
export const GateMetric = z.enum(GATE_METRICS, { error: `qualityGate.metric must be one of: ${GATE_METRICS.join(', ')}` });
export type GateMetric = z.infer<typeof GateMetric>;

/** Drops within this are noise between two trainings of the same data: 1 point of accuracy or F1. */
export const DEFAULT_MAX_DROP = 0.01;

const share = (field: string) =>
  z
    .number({ error: `qualityGate.${field} must be a number from 0 to 1` })
    .min(0, `qualityGate.${field} must be from 0 to 1`)
    .max(1, `qualityGate.${field} must be from 0 to 1`);

/** What the caller may set; every field has a default (`resolveQualityGate`). */
export const QualityGate = z
  .object({
    /** The metric that decides. @default macroF1 for language models, meanAveragePrecision for detection, else testAccuracy */
    metric: GateMetric.optional(),
    /** The largest drop (before − after) still called `unchanged`; a rise larger than it is `improved`. @default 0.01 */
    maxDrop: share('maxDrop').optional(),
    /** An `after` value below this is `regressed`, whatever the change. @default none */
    minValue: share('minValue').optional(),
  })
  .strict();
export type QualityGate = z.infer<typeof QualityGate>;

export const VERDICTS = ['improved', 'unchanged', 'regressed'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

/** The verdict and the numbers that decided it. */
export const QualityVerdict = z.object({
  verdict: Verdict,
  metric: GateMetric,
  before: z.number().optional(),
  after: z.number(),
  delta: z.number().optional(),
  maxDrop: z.number(),
  minValue: z.number().optional(),
  /** One sentence a person can read: which rule decided. */
  reason: z.string().min(1),
});
export type QualityVerdict = z.infer<typeof QualityVerdict>;

/** What a user can do about a regression, shown wherever the verdict is (Einstein has no rollback). */
export const NO_ROLLBACK_NOTE =
  'Einstein cannot roll a model back: the retrained model already serves. To recover, retrain again (with other ' +
  'parameters or more examples), or train a new model from the dataset and point your application at it.';

/** The metric that decides by default: what Einstein reports as the headline of each model type. */
export function defaultGateMetric(modelType: string | undefined): GateMetric {
  if (modelType?.startsWith('text-')) return 'macroF1';
  if (modelType?.includes('detection')) return 'meanAveragePrecision';
  return 'testAccuracy';
}

/**
 * Judges a successful retrain. Returns undefined when the deciding metric has no `after` value (Einstein returned
 * no metrics): there is nothing to judge, and the report's notes say why.
 */
export function judgeRetrain(delta: MetricsComparison, modelType: string | undefined, gate: QualityGate = {}): QualityVerdict | undefined {
  const metric = gate.metric ?? defaultGateMetric(modelType);
  const maxDrop = gate.maxDrop ?? DEFAULT_MAX_DROP;
  const { before, after, delta: change } = delta[metric];
  if (after === undefined) return undefined;
  const numbers = {
    metric,
    ...(before !== undefined && { before }),
    after,
    ...(change !== undefined && { delta: change }),
    maxDrop,
    ...(gate.minValue !== undefined && { minValue: gate.minValue }),
  };
  if (gate.minValue !== undefined && after < gate.minValue) {
    return { verdict: 'regressed', ...numbers, reason: `${metric} ${fmt(after)} is below the minimum ${fmt(gate.minValue)}` };
  }
  if (change === undefined) {
    return { verdict: 'improved', ...numbers, reason: `${metric} ${fmt(after)}: the model had no earlier value to compare with` };
  }
  if (change < -maxDrop) {
    return { verdict: 'regressed', ...numbers, reason: `${metric} fell by ${fmt(-change)}, more than the ${fmt(maxDrop)} tolerated` };
  }
  if (change > maxDrop) {
    return { verdict: 'improved', ...numbers, reason: `${metric} rose by ${fmt(change)}, more than ${fmt(maxDrop)}` };
  }
  return { verdict: 'unchanged', ...numbers, reason: `${metric} moved by ${fmt(change)}, within ±${fmt(maxDrop)}` };
}

function fmt(value: number): string {
  return String(Number(value.toFixed(4)));
}
