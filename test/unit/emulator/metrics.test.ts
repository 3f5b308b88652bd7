import { ManualClock } from '../../../src/emulator/simulator/clock';
import { Emulator } from '../../../src/emulator/emulator';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { labelQualities, learningCurvePoint, modelMetricsData, type MetricsInput } from '../../../src/emulator/simulator/metrics';
import { learningCurve, modelMetrics } from '../../../src/emulator/routes/model-actions';

const fresh = () => new Emulator({ seed: 3, timeScale: 1, queueCapacity: 2, clock: new ManualClock() });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function input(uploaded: number, feedback = 0, seed = 1): MetricsInput {
  return {
    type: 'image',
    snapshot: { labels: [{ name: 'a', uploaded, feedback }, { name: 'b', uploaded, feedback }], examples: 2 * (uploaded + feedback) },
    trainSplitRatio: 0.9,
    seed,
    lastEpochDone: 10,
  };
}

describe('metrics shapes by model type', () => {
  const em = fresh();
  const metricsOf = (key: keyof typeof FIXTURE.models) => {
    const m = FIXTURE.models[key];
    return modelMetrics(em, m.domain, m.modelId) as { id: string; object: string; language: string; createdAt: string; metricsData: Record<string, unknown>; algorithm?: string };
  };

  it('image: f1, labels, testAccuracy, trainingAccuracy, trainingLoss, confusionMatrix', () => {
    const metrics = metricsOf('visionImage');
    expect(metrics).toMatchObject({ id: FIXTURE.models.visionImage.modelId, object: 'metrics', language: 'N/A' });
    expect(metrics.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const data = metrics.metricsData;
    expect(Object.keys(data).sort()).toEqual(['confusionMatrix', 'f1', 'labels', 'testAccuracy', 'trainingAccuracy', 'trainingLoss']);
    expect(data.labels).toEqual(['beach', 'mountain']);
    expect(data.f1).toHaveLength(2);
    const matrix = data.confusionMatrix as number[][];
    expect(matrix).toHaveLength(2);
    // rows sum to the test split of each label (10% of 520 and of 480)
    expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([52, 48]);
  });

  it('image-multi-label: per-label confusionMatrices, f1 arrays, testAccuracies, trainingAccuracies', () => {
    const data = metricsOf('visionMultiLabel').metricsData;
    expect(data.labels).toEqual(['sofa', 'lamp', 'plant', 'table']);
    expect(Object.keys(data.confusionMatrices as object)).toEqual(['sofa', 'lamp', 'plant', 'table']);
    expect((data.confusionMatrices as Record<string, number[][]>).sofa).toHaveLength(2);
    expect((data.f1 as number[][]).every((row) => Array.isArray(row))).toBe(true);
    expect(data.testAccuracies).toHaveLength(4);
    expect(data.trainingAccuracies).toHaveLength(4);
  });

  it('image-detection: labelMetrics and modelMetrics, algorithm at top level', () => {
    const metrics = metricsOf('visionDetection');
    expect(metrics.algorithm).toBe('object-detection-v1');
    const data = metrics.metricsData as { labelMetrics: Record<string, unknown>[]; modelMetrics: Record<string, number> };
    expect(data.labelMetrics.map((l) => l.label)).toEqual(['can', 'bottle', 'box']);
    for (const label of data.labelMetrics) expect(Object.keys(label).sort()).toEqual(['averagePrecision', 'f1', 'label', 'precision', 'recall']);
    expect(Object.keys(data.modelMetrics).sort()).toEqual(['meanAveragePrecision', 'trainingLoss']);
  });

  it.each(['languageIntent', 'languageSentiment'] as const)('%s: f1, macroF1 (mean of f1), precision, recall, precisionRecallCurve', (key) => {
    const metrics = metricsOf(key);
    expect(metrics.language).toBe('en_US');
    const data = metrics.metricsData;
    for (const field of ['labels', 'f1', 'macroF1', 'precision', 'recall', 'testAccuracy', 'trainingLoss', 'confusionMatrix', 'precisionRecallCurve']) {
      expect(data).toHaveProperty(field);
    }
    expect(data.macroF1 as number).toBeCloseTo(mean(data.f1 as number[]), 10);
  });

  it('learning curves have one point per completed epoch, paged by offset/count', () => {
    const m = FIXTURE.models.languageIntent;
    const first = learningCurve(em, 'language', m.modelId, { offset: 0, count: 25 }) as { data: { epoch: number; object: string }[] };
    expect(first.data.map((p) => p.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(first.data[0]?.object).toBe('learningcurve');
    const detection = FIXTURE.models.visionDetection;
    const page = learningCurve(em, 'vision', detection.modelId, { offset: 15, count: 25 }) as { data: { epoch: number; epochResults: unknown }[] };
    expect(page.data.map((p) => p.epoch)).toEqual([16, 17, 18, 19, 20]);
    expect(page.data[0]?.epochResults).toBe('N/A');
  });
});

describe('metric values', () => {
  it('improve with more examples per label', () => {
    const accuracy = (n: number) => mean([1, 2, 3, 4, 5].map((seed) => modelMetricsData(input(n, 0, seed)).testAccuracy as number));
    expect(accuracy(50)).toBeLessThan(accuracy(200));
    expect(accuracy(200)).toBeLessThan(accuracy(800));
  });

  it('improve more with feedback examples than with the same number of uploads', () => {
    const quality = (uploaded: number, feedback: number) => mean([1, 2, 3].flatMap((seed) => labelQualities(input(uploaded, feedback, seed))));
    expect(quality(100, 20)).toBeGreaterThan(quality(120, 0));
  });

  it('climb along the learning curve towards the final metrics', () => {
    const run = input(300);
    const accuracyAt = (epoch: number) => learningCurvePoint(run, epoch).metricsData.testAccuracy as number;
    expect(accuracyAt(1)).toBeLessThan(accuracyAt(5));
    expect(accuracyAt(10)).toBeCloseTo(modelMetricsData(run).testAccuracy as number, 2);
  });

  it('stay within [0, 1]', () => {
    const data = modelMetricsData(input(5000, 500));
    for (const f1 of data.f1 as number[]) expect(f1).toBeLessThanOrEqual(1);
    expect(data.trainingAccuracy as number).toBeLessThanOrEqual(1);
    expect(data.testAccuracy as number).toBeGreaterThan(0);
  });
});
