// Every endpoint of the client, for vision and language, over real HTTP against the emulator.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { DatasetDeletedError, ModelNotFoundError, type Domain } from '../../../src/einstein';
import { countByEndpoint, rejectionOf, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(async () => {
  await harness.control.reset();
});

type ModelKey = keyof typeof FIXTURE.models;
type DatasetKey = keyof typeof FIXTURE.datasets;
const cases: { domain: Domain; model: ModelKey; otherModel: ModelKey; dataset: DatasetKey; label: string }[] = [
  { domain: 'vision', model: 'visionImage', otherModel: 'visionDetection', dataset: 'visionImage', label: 'beach' },
  { domain: 'language', model: 'languageIntent', otherModel: 'languageSentiment', dataset: 'languageIntent', label: 'billing' },
];

describe.each(cases)('$domain', ({ domain, model, otherModel, dataset, label }) => {
  const fixtureModel = FIXTURE.models[model];
  const fixtureDataset = FIXTURE.datasets[dataset];

  it('reads training status, metrics and the learning curve of a trained model', async () => {
    const { client } = harness.client();
    const training = await client.getTrainingStatus(domain, fixtureModel.modelId);
    const { modelId, datasetId } = fixtureModel;
    expect(training).toMatchObject({ modelId, datasetId, status: 'SUCCEEDED', progress: 1 });
    expect(training.modelType).toBe(fixtureModel.modelType);
    expect(Date.parse(training.updatedAt)).not.toBeNaN();

    const metrics = await client.getModelMetrics(domain, fixtureModel.modelId);
    expect(metrics.metricsData.labels).toContain(label);
    expect(typeof metrics.metricsData.testAccuracy).toBe('number');

    const curve = await client.getLearningCurve(domain, fixtureModel.modelId, { offset: 0, count: 2 });
    expect(curve.data.length).toBeGreaterThan(0);
    expect(curve.data.length).toBeLessThanOrEqual(2);
    expect(curve.data[0]?.epoch).toBe(1);
  });

  it('reads a dataset and lists its models', async () => {
    const { client } = harness.client();
    const found = await client.getDataset(domain, fixtureDataset.id);
    expect(found).toMatchObject({ id: fixtureDataset.id, statusMsg: 'SUCCEEDED' });
    expect(found.labelSummary?.labels.map((l) => l.name)).toContain(label);

    const models = await client.listDatasetModels(domain, fixtureDataset.id);
    expect(models.map((m) => m.modelId)).toContain(fixtureModel.modelId);
    expect(await client.listDatasetModels(domain, fixtureDataset.id, { offset: 1000, count: 10 })).toEqual([]);
  });

  it('retrains in place: same model id, parameters sent as multipart fields with trainParams as JSON', async () => {
    const { client } = harness.client();
    const training = await client.retrain(domain, {
      modelId: fixtureModel.modelId,
      epochs: 5,
      trainParams: { withFeedback: true, trainSplitRatio: 0.8 },
    });
    expect(training.modelId).toBe(fixtureModel.modelId);
    expect(['QUEUED', 'RUNNING']).toContain(training.status);
    expect(training.trainParams).toMatchObject({ withFeedback: true, trainSplitRatio: 0.8 });

    const { log } = await harness.control.submissions();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ modelId: fixtureModel.modelId, kind: 'retrain', domain });
    expect(log[0]?.params).toMatchObject({ epochs: 5, trainParams: { withFeedback: true, trainSplitRatio: 0.8 } });
  });

  it('trains a new model on a dataset', async () => {
    const { client } = harness.client();
    const training = await client.train(domain, { datasetId: fixtureDataset.id, name: 'Integration Model' });
    expect(training.modelId).not.toBe(fixtureModel.modelId);
    expect(training).toMatchObject({ datasetId: fixtureDataset.id, name: 'Integration Model', status: 'QUEUED' });
    expect((await harness.control.submissions()).log[0]).toMatchObject({ kind: 'train', modelId: training.modelId });
  });

  it('creates a feedback example', async () => {
    const { client } = harness.client();
    const example = await client.createFeedback(domain, {
      modelId: fixtureModel.modelId,
      expectedLabel: label,
      ...(domain === 'vision'
        ? { data: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), filename: 'feedback-1.png' } }
        : { document: 'I was charged twice this month' }),
    });
    expect(example.label?.name).toBe(label);
    expect(typeof example.id).toBe('number');
  });

  it('deletes a model (then it is not found) and a dataset (then it is gone or DELETE_PENDING)', async () => {
    const { client } = harness.client();
    const other = FIXTURE.models[otherModel];
    const modelDeletion = await client.deleteModel(domain, other.modelId);
    if (modelDeletion !== null) expect(modelDeletion.id).toBeTruthy();
    expect(await rejectionOf(client.getTrainingStatus(domain, other.modelId))).toBeInstanceOf(ModelNotFoundError);

    const datasetDeletion = await client.deleteDataset(domain, other.datasetId);
    if (datasetDeletion !== null) expect(datasetDeletion.id).toBeTruthy();
    const after = await client.getDataset(domain, other.datasetId).catch((error: unknown) => error);
    if (after instanceof DatasetDeletedError) expect(after.datasetId).toBe(other.datasetId);
    else expect(after).toMatchObject({ statusMsg: 'DELETE_PENDING' });
  });
});

describe('api usage and call counting', () => {
  it('reads API usage', async () => {
    const { client } = harness.client();
    const usage = await client.getApiUsage();
    expect(Array.isArray(usage)).toBe(true);
    for (const month of usage) expect(month.predictionsMax).toBeGreaterThanOrEqual(month.predictionsUsed);
  });

  it('onCall reports every exchange with the same endpoint keys the emulator counts', async () => {
    const { client, calls } = harness.client();
    await client.getTrainingStatus('vision', FIXTURE.models.visionImage.modelId);
    await client.getModelMetrics('language', FIXTURE.models.languageIntent.modelId);
    await client.getTrainingStatus('vision', FIXTURE.models.visionImage.modelId);

    const emulatorCounts = await harness.control.calls();
    expect(countByEndpoint(calls)).toEqual(emulatorCounts.byEndpoint);
    expect(countByEndpoint(calls)).toEqual({
      'POST /v2/oauth2/token': 1,
      'GET /v2/vision/train/:modelId': 2,
      'GET /v2/language/models/:modelId': 1,
    });
    expect(calls.every((call) => call.durationMs >= 0 && call.httpStatus === 200)).toBe(true);
  });
});
