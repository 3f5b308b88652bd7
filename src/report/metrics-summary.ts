// One normalized picture of a model's metrics, whatever its type. Einstein returns a different `metricsData` shape
// per model type (docs/einstein-api.md §4); the report, the delta and the sinks only ever see this summary.
import { z } from 'zod';
import { asRecord, finiteNumber, finiteNumbers, mean, valuesByLabel } from './metric-values';

/**
 * Models with more labels than this keep no confusion matrix in the summary: the matrix grows with the square of the
 * labels, and the report travels through workflow histories and every sink (100 labels: 10 000 cells, about 50 kB).
 */
export const MAX_CONFUSION_LABELS = 100;

/** Counts of test examples: `rows[i][j]` examples of `labels[i]` were predicted as `labels[j]` (docs/einstein-api.md §4). */
export const ConfusionMatrix = z.object({
  labels: z.array(z.string()),
  rows: z.array(z.array(z.number())),
});
export type ConfusionMatrix = z.infer<typeof ConfusionMatrix>;

export const MetricsSummary = z.object({
  testAccuracy: z.number().optional(),
  trainingAccuracy: z.number().optional(),
  trainingLoss: z.number().optional(),
  /** As reported by Einstein (language models); `compareMetrics` falls back to the mean of `f1ByLabel`. */
  macroF1: z.number().optional(),
  f1ByLabel: z.record(z.string(), z.number()),
  /** Detection models only. */
  meanAveragePrecision: z.number().optional(),
  /** Image and language models, when Einstein sends one (and the model has at most MAX_CONFUSION_LABELS labels). */
  confusionMatrix: ConfusionMatrix.optional(),
  /** Multi-label models: a 2×2 matrix per label (its own binary classifier), as Einstein sends them. */
  confusionMatrices: z.record(z.string(), z.array(z.array(z.number()))).optional(),
});
export type MetricsSummary = z.infer<typeof MetricsSummary>;

/** The structural shape this module needs from a Get Model Metrics answer (plus the model type from its training). */
export interface RawModelMetrics {
  modelType: string;
  metricsData: Record<string, unknown>;
}

type ShapeReader = (data: Record<string, unknown>) => MetricsSummary;

/**
 * Image (`image`) and language (`text-intent`, `text-sentiment`) models: scalar accuracies and loss, and `f1` as one
 * float per entry of `labels`. Language bodies add `macroF1`.
 */
const readSingleLabel: ShapeReader = (data) =>
  withoutUndefined({
    testAccuracy: finiteNumber(data.testAccuracy),
    trainingAccuracy: finiteNumber(data.trainingAccuracy),
    trainingLoss: finiteNumber(data.trainingLoss),
    macroF1: finiteNumber(data.macroF1),
    f1ByLabel: valuesByLabel(data.labels, data.f1),
    confusionMatrix: confusionMatrixOf(data.labels, data.confusionMatrix),
  });

/**
 * Multi-label F1 per label. The docs say only "array of float arrays" without naming the inner axis. We take the
 * mean of the inner array: it does not depend on the inner order, so it is right whether the inner array is the
 * [negative, positive] F1 pair of the label's binary classifier (the mean is then that label's binary macro F1) or a
 * series of values; a maximum would let a label's usually high negative-class F1 hide a poor positive-class F1.
 * A plain number is taken as is.
 */
export function multiLabelF1(value: unknown): number | undefined {
  return Array.isArray(value) ? mean(finiteNumbers(value.flat())) : finiteNumber(value);
}

/**
 * Multi-label (`image-multi-label`): each label is its own binary classifier, so accuracies come per label
 * (`testAccuracies`, `trainingAccuracies`). The scalar accuracy is their mean over labels (each label weighs the
 * same); a scalar `testAccuracy`, if a server sends one, wins.
 */
const readMultiLabel: ShapeReader = (data) =>
  withoutUndefined({
    testAccuracy: finiteNumber(data.testAccuracy) ?? meanByLabel(data.labels, data.testAccuracies),
    trainingAccuracy: finiteNumber(data.trainingAccuracy) ?? meanByLabel(data.labels, data.trainingAccuracies),
    trainingLoss: finiteNumber(data.trainingLoss),
    macroF1: finiteNumber(data.macroF1),
    f1ByLabel: valuesByLabel(data.labels, perLabelRows(data.labels, data.f1), multiLabelF1),
    confusionMatrices: perLabelMatrices(data.labels, data.confusionMatrices),
  });

/**
 * The docs say multi-label `f1` is "per label", so its outer axis follows `labels`. If it plainly does not (its
 * length differs from `labels` while every inner array has one value per label), it is rows of per-label values:
 * we turn it so that each label gets its column, which `multiLabelF1` then averages.
 */
function perLabelRows(labels: unknown, f1: unknown): unknown {
  if (!Array.isArray(labels) || !Array.isArray(f1) || f1.length === labels.length || f1.length === 0) return f1;
  const rowsAreByLabel = f1.every((row) => Array.isArray(row) && row.length === labels.length);
  if (!rowsAreByLabel) return f1;
  const rows = f1 as unknown[][];
  return labels.map((_label, column) => rows.map((row) => row[column]));
}

/**
 * Detection F1 per label. A label's `f1` is an array parallel to its `precision` and `recall` arrays: points of one
 * precision/recall curve over detection confidence thresholds. Its maximum is the F1 at the best threshold, the usual
 * one-number summary of such a curve, and independent of how many points the curve has.
 */
export function detectionF1(value: unknown): number | undefined {
  if (!Array.isArray(value)) return finiteNumber(value);
  const points = finiteNumbers(value);
  return points.length === 0 ? undefined : Math.max(...points);
}

/**
 * Detection (`image-detection`): per-label items under `labelMetrics` (the docs also call it `classMetrics`) and a
 * `modelMetrics` object with `meanAveragePrecision` and `trainingLoss`. Without a reported mAP we use the mean of
 * the labels' `averagePrecision`, skipping nulls (a label absent from the validation data has none).
 */
const readDetection: ShapeReader = (data) => {
  const items = detectionItems(data);
  const model = asRecord(data.modelMetrics) ?? {};
  const f1ByLabel: Record<string, number> = {};
  const averagePrecisions: number[] = [];
  for (const item of items) {
    const f1 = detectionF1(item.f1);
    if (typeof item.label === 'string' && f1 !== undefined && !Object.hasOwn(f1ByLabel, item.label)) {
      f1ByLabel[item.label] = f1;
    }
    const averagePrecision = finiteNumber(item.averagePrecision);
    if (averagePrecision !== undefined) averagePrecisions.push(averagePrecision);
  }
  return withoutUndefined({
    testAccuracy: finiteNumber(model.testAccuracy) ?? finiteNumber(data.testAccuracy),
    trainingAccuracy: finiteNumber(model.trainingAccuracy) ?? finiteNumber(data.trainingAccuracy),
    trainingLoss: finiteNumber(model.trainingLoss) ?? finiteNumber(data.trainingLoss),
    macroF1: finiteNumber(model.macroF1) ?? finiteNumber(data.macroF1),
    f1ByLabel,
    meanAveragePrecision: finiteNumber(model.meanAveragePrecision) ?? mean(averagePrecisions),
  });
};

const READERS_BY_MODEL_TYPE: Record<string, ShapeReader> = {
  image: readSingleLabel,
  'image-multi-label': readMultiLabel,
  'image-detection': readDetection,
  'text-intent': readSingleLabel,
  'text-sentiment': readSingleLabel,
};

/**
 * Normalizes a model's `metricsData` for the given model type. Missing or malformed fields are left out of the
 * summary rather than failing it: an old model's metrics must never block a retrain report. An unknown model type
 * is read by the shape of its data.
 */
export function summarizeMetrics(modelType: string, metricsData: unknown): MetricsSummary {
  const data = asRecord(metricsData);
  if (data === undefined) return { f1ByLabel: {} };
  const reader = Object.hasOwn(READERS_BY_MODEL_TYPE, modelType) ? READERS_BY_MODEL_TYPE[modelType] : undefined;
  return (reader ?? readerForShape(data))(data);
}

export function summarizeModelMetrics(metrics: RawModelMetrics): MetricsSummary {
  return summarizeMetrics(metrics.modelType, metrics.metricsData);
}

function readerForShape(data: Record<string, unknown>): ShapeReader {
  if (detectionItems(data).length > 0 || asRecord(data.modelMetrics) !== undefined) return readDetection;
  if (Array.isArray(data.testAccuracies) || Array.isArray(data.trainingAccuracies)) return readMultiLabel;
  return readSingleLabel;
}

function detectionItems(data: Record<string, unknown>): Record<string, unknown>[] {
  const list = Array.isArray(data.labelMetrics) ? data.labelMetrics : data.classMetrics;
  if (!Array.isArray(list)) return [];
  return list.map(asRecord).filter((item): item is Record<string, unknown> => item !== undefined);
}

function meanByLabel(labels: unknown, values: unknown): number | undefined {
  const byLabel = valuesByLabel(labels, values);
  const perLabel = Object.values(byLabel);
  // Without usable labels the per-label values still carry the information, so average them directly.
  return perLabel.length > 0 ? mean(perLabel) : mean(finiteNumbers(values));
}

/**
 * The matrix when it is square, follows `labels` (one row and one column per label) and holds only counts; anything
 * else is left out rather than kept half-understood.
 */
function confusionMatrixOf(labels: unknown, matrix: unknown): ConfusionMatrix | undefined {
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) return undefined;
  if (labels.length === 0 || labels.length > MAX_CONFUSION_LABELS) return undefined;
  const rows = countRows(matrix, labels.length);
  return rows === undefined || rows.length !== labels.length ? undefined : { labels: [...(labels as string[])], rows };
}

/** Multi-label: label → 2×2 counts, for the labels of `labels` only. */
function perLabelMatrices(labels: unknown, matrices: unknown): Record<string, number[][]> | undefined {
  const byLabel = asRecord(matrices);
  if (byLabel === undefined || !Array.isArray(labels) || labels.length === 0 || labels.length > MAX_CONFUSION_LABELS) return undefined;
  const kept: Record<string, number[][]> = {};
  for (const label of labels) {
    if (typeof label !== 'string' || !Object.hasOwn(byLabel, label)) continue;
    const rows = countRows(byLabel[label], 2);
    if (rows?.length === 2) kept[label] = rows;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Rows of `width` non-negative counts each, or undefined. */
function countRows(matrix: unknown, width: number): number[][] | undefined {
  if (!Array.isArray(matrix)) return undefined;
  const rows: number[][] = [];
  for (const row of matrix) {
    if (!Array.isArray(row) || row.length !== width) return undefined;
    if (!row.every((cell) => typeof cell === 'number' && Number.isInteger(cell) && cell >= 0)) return undefined;
    rows.push([...(row as number[])]);
  }
  return rows;
}

/** Drops `undefined` members so summaries compare and serialize cleanly (JSON, Temporal payloads). */
function withoutUndefined(summary: MetricsSummary): MetricsSummary {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) if (value !== undefined) clean[key] = value;
  return clean as MetricsSummary;
}
