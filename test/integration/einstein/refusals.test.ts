// Refused submissions are explained by the state the emulator reports, and bad parameters never leave the client.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import {
  DatasetBusyError,
  DatasetDeletedError,
  InvalidRequestError,
  ModelNotFoundError,
  type RetrainParams,
} from '../../../src/einstein';
import { rejectionOf, startHarness, type Harness } from './harness';

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

const { models, datasets } = FIXTURE;

describe('busy dataset', () => {
  it('retrain while a sibling model of the dataset trains → DATASET_BUSY naming the sibling', async () => {
    const { client } = harness.client();
    await client.retrain('vision', { modelId: models.visionImageSibling.modelId });

    const error = await rejectionOf(client.retrain('vision', { modelId: models.visionImage.modelId }));
    expect(error).toBeInstanceOf(DatasetBusyError);
    expect(error).toMatchObject({
      code: 'DATASET_BUSY',
      retryable: true,
      datasetId: datasets.visionImage.id,
      blockingModelId: models.visionImageSibling.modelId,
      endpoint: 'POST /v2/vision/retrain',
      httpStatus: 400,
    });
    expect((await harness.control.submissions()).byModel[models.visionImage.modelId] ?? 0).toBe(0);
  });

  it('retrain of a model that is itself still training → DATASET_BUSY naming it', async () => {
    const { client } = harness.client();
    await client.retrain('language', { modelId: models.languageIntent.modelId });
    const error = await rejectionOf(client.retrain('language', { modelId: models.languageIntent.modelId }));
    expect(error).toMatchObject({ code: 'DATASET_BUSY', blockingModelId: models.languageIntent.modelId });
  });

  it('train on a busy dataset → DATASET_BUSY', async () => {
    const { client } = harness.client();
    await client.retrain('vision', { modelId: models.visionImage.modelId });
    const error = await rejectionOf(client.train('vision', { datasetId: datasets.visionImage.id, name: 'Second' }));
    expect(error).toMatchObject({ code: 'DATASET_BUSY', blockingModelId: models.visionImage.modelId });
  });

  it('deleting a dataset while one of its models trains → DATASET_BUSY naming that model', async () => {
    const { client } = harness.client();
    await client.retrain('language', { modelId: models.languageSentiment.modelId });
    const error = await rejectionOf(client.deleteDataset('language', datasets.languageSentiment.id));
    expect(error).toMatchObject({
      code: 'DATASET_BUSY',
      blockingModelId: models.languageSentiment.modelId,
      endpoint: 'DELETE /v2/language/datasets/:datasetId',
    });
    expect((await client.getDataset('language', datasets.languageSentiment.id)).statusMsg).toBe('SUCCEEDED');
  });
});

describe('permanent refusals', () => {
  it('model of a deleted dataset → DATASET_DELETED (not found)', async () => {
    const { client } = harness.client();
    const error = await rejectionOf(client.retrain('vision', { modelId: models.modelOfDeletedDataset.modelId }));
    expect(error).toBeInstanceOf(DatasetDeletedError);
    expect(error).toMatchObject({ retryable: false, datasetId: datasets.deleted.id, reason: 'NOT_FOUND' });
  });

  it('model of a DELETE_PENDING dataset → DATASET_DELETED (DELETE_PENDING)', async () => {
    const { client } = harness.client();
    const error = await rejectionOf(client.retrain('vision', { modelId: models.modelOfDeletePendingDataset.modelId }));
    expect(error).toMatchObject({ code: 'DATASET_DELETED', datasetId: datasets.deletePending.id, reason: 'DELETE_PENDING' });
  });

  it('train on a deleted dataset → DATASET_DELETED', async () => {
    const { client } = harness.client();
    const error = await rejectionOf(client.train('vision', { datasetId: datasets.deleted.id, name: 'Never' }));
    expect(error).toMatchObject({ code: 'DATASET_DELETED', datasetId: datasets.deleted.id });
  });

  it.each([
    ['deleted model', models.deletedModel.modelId],
    ['unknown model', FIXTURE.unknownModelId],
  ])('%s → MODEL_NOT_FOUND on retrain, status, metrics and learning curve', async (_label, modelId) => {
    const { client } = harness.client();
    for (const call of [
      () => client.retrain('vision', { modelId }),
      () => client.getTrainingStatus('vision', modelId),
      () => client.getModelMetrics('vision', modelId),
      () => client.getLearningCurve('vision', modelId),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect(error).toMatchObject({ modelId, retryable: false });
    }
  });

  it('a 400 that the state does not explain → INVALID_REQUEST quoting the server', async () => {
    const { client } = harness.client();
    const params = { modelId: models.visionDetection.modelId, algorithm: 'no-such-algorithm' };
    const error = await rejectionOf(client.retrain('vision', params));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ retryable: false, httpStatus: 400, endpoint: 'POST /v2/vision/retrain' });
    expect((error as Error).message).toContain('algorithm');
  });
});

describe('out-of-range parameters', () => {
  it.each<[Partial<RetrainParams>, string]>([
    [{ epochs: 0 }, 'epochs'],
    [{ epochs: 1001 }, 'epochs'],
    [{ learningRate: 0.00001 }, 'learningRate'],
    [{ learningRate: 0.5 }, 'learningRate'],
    [{ trainParams: { trainSplitRatio: 1.2 } }, 'trainParams.trainSplitRatio'],
    [{ modelId: '' }, 'modelId'],
  ])('%j is refused before any request (field %s)', async (extra, field) => {
    const { client, calls } = harness.client();
    const error = await rejectionOf(client.retrain('vision', { modelId: models.visionImage.modelId, ...extra }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', field });
    expect(calls).toEqual([]);
    expect((await harness.control.calls()).total).toBe(0);
  });
});
