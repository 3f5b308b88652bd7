import { classifyRefusedSubmission, findTrainingInProgress, type StateLookups } from '../../../src/einstein/classify';
import {
  DatasetBusyError,
  DatasetDeletedError,
  InvalidRequestError,
  ModelNotFoundError,
  ServerError,
} from '../../../src/einstein/errors';
import type { Dataset, DatasetModel, Training } from '../../../src/einstein/types';

const context = { endpoint: 'POST /v2/vision/retrain', httpStatus: 400 };
const unexplainedError = new InvalidRequestError('refused', context);
const lookedAtSeen: string[] = [];
const unexplained = (lookedAt: string) => (lookedAtSeen.push(lookedAt), unexplainedError);

function training(modelId: string, datasetId: number, status: string): Training {
  const at = '2024-01-01T00:00:00.000Z';
  return { modelId, datasetId, status, progress: 0, modelType: 'image', createdAt: at, updatedAt: at };
}
const model = (modelId: string, status: string, datasetId = 10): DatasetModel => ({ modelId, status, datasetId });
const dataset = (id: number, statusMsg = 'SUCCEEDED'): Dataset => ({ id, statusMsg });

/** An in-memory account: models by id, datasets by id, and which lookups were made. */
function fakeState(state: { trainings?: Training[]; datasets?: Dataset[]; models?: DatasetModel[]; maxPage?: number }) {
  const calls: string[] = [];
  const lookups: StateLookups = {
    getTrainingStatus: async (modelId) => {
      calls.push(`status ${modelId}`);
      const found = state.trainings?.find((t) => t.modelId === modelId);
      if (!found) throw new ModelNotFoundError(modelId);
      return found;
    },
    getDataset: async (id) => {
      calls.push(`dataset ${id}`);
      const found = state.datasets?.find((d) => d.id === id);
      if (!found) throw new DatasetDeletedError(id, 'NOT_FOUND');
      return found;
    },
    listDatasetModels: async (id, page) => {
      calls.push(`models ${id} ${page.offset}`);
      if (!state.datasets?.some((d) => d.id === id)) throw new DatasetDeletedError(id, 'NOT_FOUND');
      const all = (state.models ?? []).filter((m) => m.datasetId === id);
      return all.slice(page.offset, page.offset + Math.min(page.count, state.maxPage ?? page.count));
    },
  };
  return { lookups, calls };
}

describe('classifyRefusedSubmission (retrain)', () => {
  it('unknown or deleted model → MODEL_NOT_FOUND, without looking further', async () => {
    const { lookups, calls } = fakeState({});
    const error = await classifyRefusedSubmission(lookups, { modelId: 'GONE' }, context, unexplained);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error).toMatchObject({ modelId: 'GONE', retryable: false, endpoint: context.endpoint, httpStatus: 400 });
    expect(calls).toEqual(['status GONE']);
  });

  it('dataset answering 404 → DATASET_DELETED (NOT_FOUND), permanent', async () => {
    const { lookups } = fakeState({ trainings: [training('M', 10, 'SUCCEEDED')] });
    const error = await classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained);
    expect(error).toBeInstanceOf(DatasetDeletedError);
    expect(error).toMatchObject({ datasetId: 10, reason: 'NOT_FOUND', retryable: false });
  });

  it('dataset in DELETE_PENDING → DATASET_DELETED (DELETE_PENDING)', async () => {
    const { lookups } = fakeState({ trainings: [training('M', 10, 'SUCCEEDED')], datasets: [dataset(10, 'DELETE_PENDING')] });
    const error = await classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained);
    expect(error).toMatchObject({ code: 'DATASET_DELETED', reason: 'DELETE_PENDING' });
  });

  it('a sibling model QUEUED/RUNNING → DATASET_BUSY naming it, retryable', async () => {
    const { lookups } = fakeState({
      trainings: [training('M', 10, 'SUCCEEDED')],
      datasets: [dataset(10)],
      models: [model('M', 'SUCCEEDED'), model('Q', 'QUEUED'), model('R', 'RUNNING')],
    });
    const error = await classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained);
    expect(error).toBeInstanceOf(DatasetBusyError);
    expect(error).toMatchObject({ datasetId: 10, blockingModelId: 'R', blockingStatus: 'RUNNING', retryable: true });
  });

  it('the target itself still training → DATASET_BUSY with the target as blocker', async () => {
    const { lookups } = fakeState({ trainings: [training('M', 10, 'QUEUED')], datasets: [dataset(10)], models: [] });
    const error = await classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained);
    expect(error).toMatchObject({ code: 'DATASET_BUSY', blockingModelId: 'M', blockingStatus: 'QUEUED' });
  });

  it('nothing in the state explains it → the unexplained INVALID_REQUEST', async () => {
    const { lookups } = fakeState({
      trainings: [training('M', 10, 'SUCCEEDED')],
      datasets: [dataset(10)],
      models: [model('M', 'SUCCEEDED'), model('F', 'FAILED'), model('X', 'SOMETHING_NEW')],
    });
    expect(await classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained)).toBe(unexplainedError);
    expect(lookedAtSeen.at(-1)).toBe('model M is SUCCEEDED, dataset 10 is SUCCEEDED, none of its 3 models is QUEUED or RUNNING');
  });

  it('a lookup that fails for another reason is thrown, not guessed at', async () => {
    const { lookups } = fakeState({ trainings: [training('M', 10, 'SUCCEEDED')] });
    lookups.getDataset = async () => {
      throw new ServerError({ httpStatus: 503 });
    };
    await expect(classifyRefusedSubmission(lookups, { modelId: 'M' }, context, unexplained)).rejects.toBeInstanceOf(ServerError);
  });
});

describe('classifyRefusedSubmission (train)', () => {
  it('uses the dataset id directly', async () => {
    const { lookups, calls } = fakeState({ datasets: [dataset(10)], models: [model('Q', 'QUEUED')] });
    const error = await classifyRefusedSubmission(lookups, { datasetId: 10 }, context, unexplained);
    expect(error).toMatchObject({ code: 'DATASET_BUSY', blockingModelId: 'Q' });
    expect(calls).toEqual(['dataset 10', 'models 10 0', 'models 10 1']); // a QUEUED find still looks for a RUNNING one
  });
});

describe('findTrainingInProgress', () => {
  it('pages through the dataset models until an empty page, preferring RUNNING', async () => {
    const models = Array.from({ length: 150 }, (_, i) => model(`S${i}`, 'SUCCEEDED'));
    models[20] = model('Q', 'QUEUED');
    models[130] = model('R', 'RUNNING');
    const { lookups, calls } = fakeState({ datasets: [dataset(10)], models });
    expect(await findTrainingInProgress(lookups, 10)).toMatchObject({ found: { modelId: 'R' } });
    expect(calls).toEqual(['models 10 0', 'models 10 100']);
  });

  it('does not take a short page for the last one: a server that answers 25 per page is read to the end', async () => {
    const models = Array.from({ length: 60 }, (_, i) => model(`S${i}`, 'SUCCEEDED'));
    models[55] = model('Q', 'QUEUED');
    const { lookups, calls } = fakeState({ datasets: [dataset(10)], models, maxPage: 25 });
    expect(await findTrainingInProgress(lookups, 10)).toMatchObject({ found: { modelId: 'Q' }, models: 60 });
    expect(calls).toEqual(['models 10 0', 'models 10 25', 'models 10 50', 'models 10 60']);
  });

  it('returns null when no model trains, after reading up to the empty page', async () => {
    const { lookups, calls } = fakeState({ datasets: [dataset(10)], models: [model('S', 'SUCCEEDED')] });
    expect(await findTrainingInProgress(lookups, 10)).toEqual({ found: null, models: 1 });
    expect(calls).toEqual(['models 10 0', 'models 10 1']);
  });
});
