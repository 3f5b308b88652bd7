import { compareMetrics, effectiveMacroF1, summarizeMetrics } from '../../../src/report';
import { DETECTION_METRICS, IMAGE_LEARNING_CURVE_ITEM, IMAGE_METRICS, INTENT_METRICS, SENTIMENT_METRICS } from './doc-examples';

describe('compareMetrics', () => {
  const before = summarizeMetrics('image', IMAGE_METRICS.metricsData);
  const after = summarizeMetrics('image', {
    ...IMAGE_METRICS.metricsData,
    f1: [0.95, 0.96],
    testAccuracy: 0.95,
    trainingLoss: 0.015,
  });

  it('gives before, after and after − before for accuracy, loss and each label', () => {
    const comparison = compareMetrics(before, after);
    expect(comparison.testAccuracy).toEqual({ before: 0.9286, after: 0.95, delta: 0.0214 });
    expect(comparison.trainingLoss).toEqual({ before: 0.021, after: 0.015, delta: -0.006 });
    expect(comparison.trainingAccuracy).toEqual({ before: 0.9941, after: 0.9941, delta: 0 });
    expect(comparison.f1ByLabel.beach?.delta).toBeCloseTo(0.95 - 0.9090909090909092, 12);
    expect(comparison.f1ByLabel.mountain?.delta).toBeCloseTo(0.96 - 0.9411764705882352, 12);
  });

  it('computes macro F1 as the mean per-label F1 when the metrics do not report it', () => {
    const comparison = compareMetrics(before, after);
    const meanBefore = (0.9090909090909092 + 0.9411764705882352) / 2;
    expect(comparison.macroF1.before).toBeCloseTo(meanBefore, 12);
    expect(comparison.macroF1.after).toBeCloseTo((0.95 + 0.96) / 2, 12);
    expect(comparison.macroF1.delta).toBeCloseTo((0.95 + 0.96) / 2 - meanBefore, 10);
  });

  it('prefers a reported macro F1 over the mean of the labels', () => {
    const intent = summarizeMetrics('text-intent', INTENT_METRICS.metricsData);
    expect(effectiveMacroF1(intent)).toBe(INTENT_METRICS.metricsData.macroF1);
    const sentiment = summarizeMetrics('text-sentiment', SENTIMENT_METRICS.metricsData);
    expect(effectiveMacroF1(sentiment)).toBeCloseTo((0.91 + 0.88 + 0.7) / 3, 12);
    expect(effectiveMacroF1({ f1ByLabel: {} })).toBeUndefined();
  });

  it('keeps labels that exist on one side only, without a delta', () => {
    const lc = summarizeMetrics('image', IMAGE_LEARNING_CURVE_ITEM.metricsData); // Mountains, Beaches
    const comparison = compareMetrics(before, lc);
    expect(Object.keys(comparison.f1ByLabel)).toEqual(['beach', 'mountain', 'Mountains', 'Beaches']);
    expect(comparison.f1ByLabel.beach).toEqual({ before: 0.9090909090909092 });
    expect(comparison.f1ByLabel.Beaches).toEqual({ after: 0.8333333 });
  });

  it('compares detection mean average precision', () => {
    const detection = summarizeMetrics('image-detection', DETECTION_METRICS.metricsData);
    const better = { ...detection, meanAveragePrecision: 0.8 };
    expect(compareMetrics(detection, better).meanAveragePrecision).toEqual({ before: 0.74, after: 0.8, delta: 0.06 });
  });

  it('handles a missing side: only the side that exists, no deltas', () => {
    const onlyAfter = compareMetrics(undefined, after);
    expect(onlyAfter.testAccuracy).toEqual({ after: 0.95 });
    expect(onlyAfter.meanAveragePrecision).toEqual({});
    const onlyBefore = compareMetrics(before, undefined);
    expect(onlyBefore.trainingLoss).toEqual({ before: 0.021 });
    expect(Object.values(onlyBefore.f1ByLabel).every((change) => change.delta === undefined)).toBe(true);
    expect(compareMetrics(undefined, undefined).f1ByLabel).toEqual({});
  });
});
