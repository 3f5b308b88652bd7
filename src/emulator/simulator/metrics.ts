/**
 * Model metrics and learning curves, shaped by model type as documented (image, image-multi-label, image-detection,
 * text-intent/text-sentiment). Values are deterministic from the run's seed and follow a saturating curve of the
 * examples per label: more examples, and feedback examples (which count extra: they are the hard cases), give
 * better models. Nothing is stored: metrics are recomputed on request from the run's snapshot.
 */
import type { DatasetType } from '../state/fixture';
import { Rng } from './rng';
import type { DatasetSnapshot } from '../state/state';

type LabelCounts = DatasetSnapshot['labels'][number];

/** How many uploaded examples one feedback example is worth. */
const FEEDBACK_WEIGHT = 3;
const NOISE = 0.01;
/** Examples per label at which a label has closed ~63% of the gap to the ceiling. */
const SCALE: Record<DatasetType, number> = {
  'image': 120,
  'image-multi-label': 150,
  'image-detection': 90,
  'text-intent': 25,
  'text-sentiment': 60,
};
const CEILING: Record<DatasetType, number> = {
  'image': 0.985,
  'image-multi-label': 0.95,
  'image-detection': 0.88,
  'text-intent': 0.97,
  'text-sentiment': 0.93,
};
const FLOOR = 0.35;
const THRESHOLDS = [0.1, 0.3, 0.5, 0.7, 0.9];

export interface MetricsInput {
  type: DatasetType;
  snapshot: DatasetSnapshot;
  trainSplitRatio: number;
  seed: number;
  /** Epochs the run completed (the learning curve has this many points). */
  lastEpochDone: number;
}

export type MetricsData = Record<string, unknown>;

/** Final quality of each label (0–1), the base of every metric. */
export function labelQualities(input: Pick<MetricsInput, 'type' | 'snapshot' | 'seed'>): number[] {
  const rng = Rng.derive(input.seed, 'quality');
  return input.snapshot.labels.map((label) => {
    const effective = label.uploaded + FEEDBACK_WEIGHT * label.feedback;
    const ceiling = CEILING[input.type];
    const quality = ceiling - (ceiling - FLOOR) * Math.exp(-effective / SCALE[input.type]);
    return clamp(quality + NOISE * (2 * rng.next() - 1), 0.05, 0.999);
  });
}

export function modelMetricsData(input: MetricsInput): MetricsData {
  return metricsDataFor(input, labelQualities(input), Rng.derive(input.seed, 'final'));
}

/** The learning-curve point of one epoch (1-based): qualities climb towards the final ones. */
export function learningCurvePoint(input: MetricsInput, epoch: number): { epoch: number; metricsData: MetricsData; epochResults: unknown } {
  const final = labelQualities(input);
  const total = Math.max(1, input.lastEpochDone);
  const reached = (1 - Math.exp((-4 * epoch) / total)) / (1 - Math.exp(-4));
  const qualities = final.map((q) => FLOOR + (q - FLOOR) * reached);
  const rng = Rng.derive(input.seed, 'epoch', epoch);
  return { epoch, metricsData: metricsDataFor(input, qualities, rng), epochResults: epochResults(input, qualities, rng) };
}

function metricsDataFor(input: MetricsInput, qualities: number[], rng: Rng): MetricsData {
  switch (input.type) {
    case 'image':
      return imageMetrics(input, qualities, rng);
    case 'image-multi-label':
      return multiLabelMetrics(input, qualities, rng);
    case 'image-detection':
      return detectionMetrics(input, qualities, rng);
    case 'text-intent':
    case 'text-sentiment':
      return languageMetrics(input, qualities, rng);
  }
}

function imageMetrics(input: MetricsInput, qualities: number[], rng: Rng): MetricsData {
  const training = trainingFigures(weightedAccuracy(input, qualities), rng);
  return {
    f1: qualities,
    labels: labelNames(input),
    testAccuracy: round4(weightedAccuracy(input, qualities)),
    trainingLoss: training.loss,
    confusionMatrix: confusionMatrix(input, qualities, rng),
    trainingAccuracy: training.accuracy,
  };
}

function multiLabelMetrics(input: MetricsInput, qualities: number[], rng: Rng): MetricsData {
  const tests = testCounts(input);
  const allTests = tests.reduce((a, b) => a + b, 0);
  const confusionMatrices: Record<string, number[][]> = {};
  labelNames(input).forEach((name, i) => {
    const positives = tests[i] ?? 0;
    const q = qualities[i] ?? 0;
    const truePositives = Math.round(positives * q);
    const negatives = allTests - positives;
    const falsePositives = Math.round(negatives * (1 - q) * 0.5);
    confusionMatrices[name] = [
      [truePositives, positives - truePositives],
      [falsePositives, negatives - falsePositives],
    ];
  });
  return {
    confusionMatrices,
    // Documented as "array of float arrays": one array per label.
    f1: qualities.map((q) => [round4(q * 0.98)]),
    labels: labelNames(input),
    testAccuracies: qualities.map(round4),
    trainingAccuracies: qualities.map((q) => round4(Math.min(0.9999, q + 0.02 + 0.02 * rng.next()))),
    trainingLoss: trainingFigures(mean(qualities), rng).loss,
  };
}

function detectionMetrics(input: MetricsInput, qualities: number[], rng: Rng): MetricsData {
  const labelMetrics = labelNames(input).map((label, i) => {
    const q = qualities[i] ?? 0;
    const precision = THRESHOLDS.map((t) => round4(clamp(q + (1 - q) * t * 0.8, 0, 1)));
    const recall = THRESHOLDS.map((t) => round4(clamp(q * (1.1 - t * 0.5), 0, 1)));
    const f1 = precision.map((p, k) => round4(harmonic(p, recall[k] ?? 0)));
    return { label, averagePrecision: round4(q), f1, precision, recall };
  });
  return {
    labelMetrics,
    modelMetrics: {
      meanAveragePrecision: round4(mean(qualities)),
      trainingLoss: trainingFigures(mean(qualities), rng).loss,
    },
  };
}

function languageMetrics(input: MetricsInput, qualities: number[], rng: Rng): MetricsData {
  const precision = qualities.map((q) => Math.min(0.999, q + 0.02 * rng.next()));
  const recall = qualities.map((f1, i) => {
    const p = precision[i] ?? f1;
    return clamp((f1 * p) / (2 * p - f1), 0, 1);
  });
  const accuracy = weightedAccuracy(input, qualities);
  const training = trainingFigures(accuracy, rng);
  const overall = mean(qualities);
  return {
    labels: labelNames(input),
    f1: qualities,
    macroF1: mean(qualities),
    precision,
    recall,
    testAccuracy: round4(accuracy),
    trainingAccuracy: training.accuracy,
    trainingLoss: training.loss,
    confusionMatrix: confusionMatrix(input, qualities, rng),
    precisionRecallCurve: {
      threshold: THRESHOLDS,
      precision: THRESHOLDS.map((t) => round4(clamp(overall + (1 - overall) * t * 0.8, 0, 1))),
      recall: THRESHOLDS.map((t) => round4(clamp(overall * (1.1 - t * 0.5), 0, 1))),
      f1: THRESHOLDS.map((t) => round4(harmonic(clamp(overall + (1 - overall) * t * 0.8, 0, 1), clamp(overall * (1.1 - t * 0.5), 0, 1)))),
    },
  };
}

function epochResults(input: MetricsInput, qualities: number[], rng: Rng): unknown {
  if (input.type === 'image-detection') return 'N/A';
  const names = labelNames(input);
  const worst = qualities.indexOf(Math.min(...qualities));
  const expectedLabel = names[worst] ?? '';
  const predictedLabel = names.length > 1 ? (names[(worst + 1) % names.length] ?? '') : expectedLabel;
  const extension = input.type.startsWith('image') ? 'jpg' : 'txt';
  const misses = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, (_, i) => ({
    exampleName: `${1000 + Math.floor(rng.next() * 9000)}-${i}.${extension}-${expectedLabel}`,
    expectedLabel,
    predictedLabel,
  }));
  if (input.type !== 'image-multi-label') return misses;
  return { [expectedLabel]: misses.map((m) => m.exampleName) };
}

/** Test examples per label: the part of the examples the split leaves out (at least one). */
function testCounts(input: MetricsInput): number[] {
  return input.snapshot.labels.map((l: LabelCounts) => Math.max(1, Math.round((l.uploaded + l.feedback) * (1 - input.trainSplitRatio))));
}

function confusionMatrix(input: MetricsInput, qualities: number[], rng: Rng): number[][] {
  const tests = testCounts(input);
  const size = tests.length;
  return tests.map((n, row) => {
    const cells = new Array<number>(size).fill(0);
    const correct = Math.round(n * (qualities[row] ?? 0));
    cells[row] = size > 1 ? correct : n;
    let misses = n - correct;
    let column = Math.floor(rng.next() * size);
    while (size > 1 && misses > 0) {
      if (column !== row) {
        cells[column] = (cells[column] ?? 0) + 1;
        misses--;
      }
      column = (column + 1) % size;
    }
    return cells;
  });
}

function weightedAccuracy(input: MetricsInput, qualities: number[]): number {
  const tests = testCounts(input);
  const total = tests.reduce((a, b) => a + b, 0);
  return total === 0 ? 0 : tests.reduce((sum, n, i) => sum + n * (qualities[i] ?? 0), 0) / total;
}

function trainingFigures(testAccuracy: number, rng: Rng): { accuracy: number; loss: number } {
  const accuracy = Math.min(0.9999, testAccuracy + 0.02 + 0.03 * rng.next());
  return { accuracy: round4(accuracy), loss: round4(0.01 + 0.9 * (1 - accuracy) + 0.01 * rng.next()) };
}

function labelNames(input: MetricsInput): string[] {
  return input.snapshot.labels.map((l) => l.name);
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const harmonic = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
