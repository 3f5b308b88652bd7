import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  apiUsageListSchema,
  datasetModelListSchema,
  datasetSchema,
  deletionSchema,
  exampleSchema,
  isTerminalTrainingStatus,
  learningCurveEntrySchema,
  modelMetricsSchema,
  parseEinsteinTimestamp,
  tokenResponseSchema,
  trainingSchema,
} from '../../../src/einstein/schemas';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/einstein', name), 'utf8')) as Record<string, unknown>;

describe('documented examples (docs/einstein-api.md) parse', () => {
  it('retrain response (vision, QUEUED)', () => {
    const training = trainingSchema.parse(fixture('retrain-queued-vision.json'));
    expect(training).toMatchObject({
      modelId: '7JXCXTRXTMNLJCEF2DR5CJ46QU',
      datasetId: 57,
      status: 'QUEUED',
      queuePosition: 1,
      learningRate: 0.001,
      trainParams: null,
      trainStats: null,
      modelType: 'image',
      createdAt: '2016-09-16T18:03:21.000Z',
    });
  });

  it('training status (text-intent, SUCCEEDED) with trainStats and learningRate 0', () => {
    const training = trainingSchema.parse(fixture('training-succeeded-text-intent.json'));
    expect(training.status).toBe('SUCCEEDED');
    expect(training.learningRate).toBe(0);
    expect(training.trainStats).toMatchObject({ examples: 150, earlyStopping: true, lastEpochDone: 49 });
    expect(training.updatedAt).toBe('2017-08-18T21:42:23.000Z');
  });

  it('language train response (QUEUED, epochs 0, learningRate 0)', () => {
    const training = trainingSchema.parse(fixture('train-queued-text-intent.json'));
    expect(training).toMatchObject({ modelId: '6WPGACNMPJO2VBVP7MDYMTGDFA', epochs: 0, learningRate: 0, algorithm: 'intent' });
  });

  it('image model metrics', () => {
    const metrics = modelMetricsSchema.parse(fixture('model-metrics-image.json'));
    expect(metrics.metricsData.testAccuracy).toBe(0.9286);
    expect(metrics.metricsData.labels).toEqual(['beach', 'mountain']);
    expect(metrics.metricsData['confusionMatrix']).toEqual([[5, 0], [1, 8]]);
  });

  it('learning curve entry', () => {
    const entry = learningCurveEntrySchema.parse(fixture('learning-curve-entry-image.json'));
    expect(entry.epoch).toBe(1);
    expect(entry.metricsData?.trainingLoss).toBe(0.2573);
  });

  it('dataset models list (FAILED with failureMsg, SUCCEEDED without)', () => {
    const list = datasetModelListSchema.parse(fixture('dataset-models-list.json'));
    expect(list.data.map((model) => model.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(list.data[0]?.failureMsg).toMatch(/at least 100 examples/);
    expect(list.data[1]?.failureMsg).toBeUndefined();
  });

  it('dataset', () => {
    const dataset = datasetSchema.parse(fixture('dataset-image.json'));
    expect(dataset).toMatchObject({ id: 57, statusMsg: 'SUCCEEDED', available: true, totalExamples: 99 });
    expect(dataset.labelSummary?.labels).toHaveLength(2);
  });

  it('vision and language feedback examples', () => {
    expect(exampleSchema.parse(fixture('feedback-example-vision.json'))).toMatchObject({ id: 618168, label: { name: 'Mountains' } });
    expect(exampleSchema.parse(fixture('feedback-example-language.json'))).toMatchObject({
      id: 1048038,
      location: 'is it snowing in Denver',
    });
  });

  it('token response', () => {
    const token = tokenResponseSchema.parse(fixture('token-response.json'));
    expect(token.expires_in).toBe(120);
    expect(token.token_type).toBe('Bearer');
  });

  it('api usage list (ISO timestamps, string ids)', () => {
    const usage = apiUsageListSchema.parse(fixture('api-usage-list.json'));
    expect(usage.data[0]).toMatchObject({ id: '108', predictionsUsed: 3, startsAt: '2017-04-01T00:00:00.000Z' });
  });
});

describe('tolerance', () => {
  const base = fixture('retrain-queued-vision.json');

  it('accepts expires_in as a numeric string', () => {
    expect(tokenResponseSchema.parse({ access_token: 'A', expires_in: '120' }).expires_in).toBe(120);
    expect(tokenResponseSchema.safeParse({ access_token: 'A', expires_in: 'soon' }).success).toBe(false);
  });

  it('accepts trainParams as an object, null, or a JSON string (numeric strings inside become numbers)', () => {
    expect(trainingSchema.parse({ ...base, trainParams: { withFeedback: true } }).trainParams).toEqual({ withFeedback: true });
    expect(trainingSchema.parse({ ...base, trainParams: null }).trainParams).toBeNull();
    expect(trainingSchema.parse({ ...base, trainParams: '{"trainSplitRatio":"0.7"}' }).trainParams).toEqual({
      trainSplitRatio: 0.7,
    });
    expect(trainingSchema.parse({ ...base, trainParams: '{"withFeedback":true,"extra":1}' }).trainParams).toEqual({
      withFeedback: true,
      extra: 1,
    });
    expect(trainingSchema.safeParse({ ...base, trainParams: '{not json' }).success).toBe(false);
  });

  it('accepts +0000 and ISO 8601 timestamps and normalises both to ISO UTC', () => {
    expect(trainingSchema.parse({ ...base, updatedAt: '2016-09-16T20:03:21.000+0200' }).updatedAt).toBe('2016-09-16T18:03:21.000Z');
    expect(trainingSchema.parse({ ...base, updatedAt: '2016-09-16T18:03:21Z' }).updatedAt).toBe('2016-09-16T18:03:21.000Z');
    expect(trainingSchema.parse({ ...base, updatedAt: '2016-09-16T18:03:21.000+00:00' }).updatedAt).toBe('2016-09-16T18:03:21.000Z');
    expect(trainingSchema.safeParse({ ...base, updatedAt: 'yesterday' }).success).toBe(false);
    expect(parseEinsteinTimestamp('2016-09-16T18:03:21.000+0000')?.getTime()).toBe(Date.UTC(2016, 8, 16, 18, 3, 21));
  });

  it('keeps an unknown status as a string, and does not treat it as terminal', () => {
    const training = trainingSchema.parse({ ...base, status: 'PAUSED_FOR_MAINTENANCE' });
    expect(training.status).toBe('PAUSED_FOR_MAINTENANCE');
    expect(isTerminalTrainingStatus(training.status)).toBe(false);
    for (const status of ['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES']) expect(isTerminalTrainingStatus(status)).toBe(true);
    for (const status of ['QUEUED', 'RUNNING']) expect(isTerminalTrainingStatus(status)).toBe(false);
  });

  it('ignores unknown fields and tolerates missing optional ones', () => {
    const minimal = {
      modelId: 'M',
      datasetId: 1,
      status: 'RUNNING',
      progress: 0.5,
      modelType: 'image',
      createdAt: '2016-09-16T18:03:21.000+0000',
      updatedAt: '2016-09-16T18:03:21.000+0000',
      somethingNew: { nested: true },
    };
    const training = trainingSchema.parse(minimal);
    expect(training).not.toHaveProperty('somethingNew');
    expect(training.queuePosition).toBeUndefined();
    expect(training.name).toBeUndefined();
  });

  it('treats null in an optional field as absent (Java servers send null for "not set")', () => {
    const training = trainingSchema.parse({ ...base, queuePosition: null, failureMsg: null, algorithm: null });
    expect(training.queuePosition).toBeUndefined();
    expect(training.failureMsg).toBeUndefined();
    expect(deletionSchema.parse({ id: 'Z2JTFBF3A7XKIJC5QEJXMO4HSY', message: null, progress: 1 }).message).toBeUndefined();
    expect(trainingSchema.safeParse({ ...base, modelId: null }).success).toBe(false);
  });

  it('rejects a training without a field the product needs', () => {
    const withoutStatus: Record<string, unknown> = { ...base };
    delete withoutStatus['status'];
    const result = trainingSchema.safeParse(withoutStatus);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['status']);
  });

  it('keeps model-type specific metric fields it does not model', () => {
    const metrics = modelMetricsSchema.parse({
      metricsData: {
        labelMetrics: [{ label: 'box', averagePrecision: null, f1: [0.5] }],
        modelMetrics: { meanAveragePrecision: 0.7 },
        f1: [[0.1, 0.2], null],
      },
    });
    expect(metrics.metricsData['modelMetrics']).toEqual({ meanAveragePrecision: 0.7 });
    expect(metrics.metricsData.f1).toEqual([[0.1, 0.2], null]);
  });
});
