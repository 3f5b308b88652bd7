import { MAX_CONFUSION_LABELS, MetricsSummary, summarizeMetrics, summarizeModelMetrics } from '../../../src/report';
import {
  DETECTION_METRICS,
  IMAGE_LEARNING_CURVE_ITEM,
  IMAGE_METRICS,
  INTENT_METRICS,
  MULTI_LABEL_METRICS,
  SENTIMENT_METRICS,
} from './doc-examples';

describe('summarizeMetrics', () => {
  it('reads the documented image metrics: scalars and f1 aligned with labels', () => {
    const summary = summarizeMetrics('image', IMAGE_METRICS.metricsData);
    expect(summary).toEqual({
      testAccuracy: 0.9286,
      trainingAccuracy: 0.9941,
      trainingLoss: 0.021,
      f1ByLabel: { beach: 0.9090909090909092, mountain: 0.9411764705882352 },
      confusionMatrix: { labels: ['beach', 'mountain'], rows: IMAGE_METRICS.metricsData.confusionMatrix },
    });
    expect(MetricsSummary.safeParse(summary).success).toBe(true);
  });

  it('keeps the confusion matrix only when it is square counts along the labels, and not for more than MAX_CONFUSION_LABELS labels', () => {
    const read = (labels: unknown, confusionMatrix: unknown) => summarizeMetrics('image', { labels, f1: [], confusionMatrix }).confusionMatrix;
    expect(read(['a', 'b'], [[3, 1], [0, 4]])).toEqual({ labels: ['a', 'b'], rows: [[3, 1], [0, 4]] });
    expect(read(['a', 'b'], [[3, 1]])).toBeUndefined();
    expect(read(['a', 'b'], [[3, 1, 0], [0, 4, 0]])).toBeUndefined();
    expect(read(['a', 'b'], [[3, 0.5], [0, 4]])).toBeUndefined();
    expect(read(['a', 'b'], [[3, -1], [0, 4]])).toBeUndefined();
    expect(read(['a', 2], [[3, 1], [0, 4]])).toBeUndefined();
    expect(read(['a', 'b'], 'N/A')).toBeUndefined();
    const many = Array.from({ length: MAX_CONFUSION_LABELS + 1 }, (_, i) => `label-${i}`);
    const square = many.map((_l, i) => many.map((_m, j) => (i === j ? 1 : 0)));
    expect(read(many, square)).toBeUndefined();
    expect(read(many.slice(1), square.slice(1).map((row) => row.slice(1)))?.rows).toHaveLength(MAX_CONFUSION_LABELS);
  });

  it('keeps the 2×2 confusion matrix of each label of a multi-label model', () => {
    const data = { ...MULTI_LABEL_METRICS.metricsData, confusionMatrices: { sand: [[9, 1], [2, 30]], sea: [[1]], other: [[1, 1], [1, 1]] } };
    expect(summarizeMetrics('image-multi-label', data).confusionMatrices).toEqual({ sand: [[9, 1], [2, 30]] });
  });

  it('reads a learning-curve item the same way as metrics', () => {
    const summary = summarizeModelMetrics({ modelType: 'image', metricsData: IMAGE_LEARNING_CURVE_ITEM.metricsData });
    expect(summary.f1ByLabel).toEqual({ Mountains: 0.75, Beaches: 0.8333333 });
    expect(summary.testAccuracy).toBe(0.8);
  });

  it('averages per-label accuracies and the inner f1 arrays of multi-label metrics', () => {
    const summary = summarizeMetrics('image-multi-label', MULTI_LABEL_METRICS.metricsData);
    expect(summary.testAccuracy).toBeCloseTo((0.95 + 0.91 + 0.99) / 3, 12);
    expect(summary.trainingAccuracy).toBeCloseTo((0.97 + 0.93 + 1) / 3, 12);
    expect(summary.trainingLoss).toBeUndefined();
    expect(summary.f1ByLabel.sand).toBeCloseTo((0.94 + 0.96) / 2, 12);
    expect(summary.f1ByLabel.sea).toBeCloseTo((0.92 + 0.9) / 2, 12);
    expect(summary.f1ByLabel.sky).toBeCloseTo((0.98 + 0.99) / 2, 12);
  });

  it('accepts plain numbers for multi-label f1', () => {
    const data = { ...MULTI_LABEL_METRICS.metricsData, f1: [0.5, 0.6, 0.7] };
    expect(summarizeMetrics('image-multi-label', data).f1ByLabel).toEqual({ sand: 0.5, sea: 0.6, sky: 0.7 });
  });

  it('reads multi-label f1 given as rows of per-label values by label column', () => {
    const data = { ...MULTI_LABEL_METRICS.metricsData, f1: [[0.5, 0.6, 0.7], [0.7, 0.8, 0.9]] };
    const byLabel = summarizeMetrics('image-multi-label', data).f1ByLabel;
    expect(byLabel.sand).toBeCloseTo(0.6, 12);
    expect(byLabel.sea).toBeCloseTo(0.7, 12);
    expect(byLabel.sky).toBeCloseTo(0.8, 12);
  });

  it('takes the best point of each detection f1 curve and the reported mean average precision', () => {
    const summary = summarizeMetrics('image-detection', DETECTION_METRICS.metricsData);
    expect(summary).toEqual({
      trainingLoss: 1.37,
      meanAveragePrecision: 0.74,
      f1ByLabel: { can: 0.78, bottle: 0.66 },
    });
  });

  it('reads detection items named classMetrics and falls back to the mean of non-null average precisions', () => {
    const { labelMetrics } = DETECTION_METRICS.metricsData;
    const summary = summarizeMetrics('image-detection', { classMetrics: labelMetrics });
    expect(summary.f1ByLabel).toEqual({ can: 0.78, bottle: 0.66 });
    expect(summary.meanAveragePrecision).toBeCloseTo((0.81 + 0.67) / 2, 12);
    expect(summary.trainingLoss).toBeUndefined();
  });

  it('reads intent metrics including the reported macroF1', () => {
    const summary = summarizeMetrics('text-intent', INTENT_METRICS.metricsData);
    expect(summary.macroF1).toBe(0.859206349206349);
    expect(summary.testAccuracy).toBe(0.84375);
    expect(summary.trainingLoss).toBe(0.0396);
    expect(summary.trainingAccuracy).toBe(0.9915);
    expect(Object.keys(summary.f1ByLabel)).toEqual(INTENT_METRICS.metricsData.labels);
    expect(summary.f1ByLabel['password-help']).toBe(1);
  });

  it('reads sentiment metrics without macroF1 and leaves it out', () => {
    const summary = summarizeMetrics('text-sentiment', SENTIMENT_METRICS.metricsData);
    expect(summary).toEqual({
      testAccuracy: 0.86,
      trainingLoss: 0.12,
      f1ByLabel: { positive: 0.91, negative: 0.88, neutral: 0.7 },
      confusionMatrix: { labels: ['positive', 'negative', 'neutral'], rows: SENTIMENT_METRICS.metricsData.confusionMatrix },
    });
  });

  it.each([
    ['image-detection', DETECTION_METRICS.metricsData, 0.74],
    ['image-multi-label', MULTI_LABEL_METRICS.metricsData, undefined],
  ])('reads an unknown model type by the shape of its data (%s shape)', (_shape, data, meanAveragePrecision) => {
    const summary = summarizeMetrics('image-something-new', data);
    expect(summary.meanAveragePrecision).toBe(meanAveragePrecision);
    expect(Object.keys(summary.f1ByLabel).length).toBeGreaterThan(0);
  });

  it.each([null, undefined, 'text', 42, []])('gives an empty summary for metricsData %p', (data) => {
    expect(summarizeMetrics('image', data)).toEqual({ f1ByLabel: {} });
  });

  it('tolerates missing and malformed fields without inventing values', () => {
    const summary = summarizeMetrics('image', {
      labels: ['a', 'b', 7, 'a', 'c'],
      f1: [0.1, 'x', 0.3, 0.4],
      testAccuracy: 'high',
      trainingLoss: Number.NaN,
      trainingAccuracy: Number.POSITIVE_INFINITY,
    });
    // 'b' has no number, 7 is no label, the second 'a' repeats, 'c' has no f1 value.
    expect(summary).toEqual({ f1ByLabel: { a: 0.1 } });
  });

  it('keeps labels that shadow Object.prototype members', () => {
    const summary = summarizeMetrics('text-intent', { labels: ['constructor', 'toString'], f1: [0.5, 0.6] });
    expect(summary.f1ByLabel).toEqual({ constructor: 0.5, toString: 0.6 });
  });
});
