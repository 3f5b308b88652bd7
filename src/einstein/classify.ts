// Why did Einstein refuse a train/retrain? Its status codes and texts for these cases are undocumented (einstein-api.md
// §12, §13), so the answer comes from *state*, never from the message: the target model, its dataset, and the
// dataset's models. Order matters: a missing model or dataset is permanent; a training in progress is temporary.
import {
  DatasetBusyError,
  DatasetDeletedError,
  ModelNotFoundError,
  type EinsteinError,
  type ErrorContext,
} from './errors';
import { isTrainingInProgress, type Dataset, type DatasetModel, type Training } from './schemas';

/** Read-only calls the classification needs; the client passes its own methods (404s already typed). */
export interface StateLookups {
  getTrainingStatus(modelId: string): Promise<Training>;
  getDataset(datasetId: number): Promise<Dataset>;
  listDatasetModels(datasetId: number, page: { offset: number; count: number }): Promise<DatasetModel[]>;
}

export interface RefusedSubmission {
  /** Set for retrain: the model to update in place. */
  modelId?: string;
  /** Set for train; for retrain it is learned from the model. */
  datasetId?: number;
}

const MODELS_PAGE_SIZE = 100;
/** Bound on paging through a dataset's models (10,000 models) so a misbehaving server cannot loop us forever. */
const MAX_MODEL_PAGES = 100;

/**
 * Returns the error that explains the refusal, or `unexplained` (INVALID_REQUEST, permanent) when the state shows
 * nothing wrong. Lookup failures other than 404 (network, 5xx, ...) are thrown as they are: the caller retries later.
 */
export async function classifyRefusedSubmission(
  lookups: StateLookups,
  submission: RefusedSubmission,
  context: ErrorContext,
  unexplained: EinsteinError,
): Promise<EinsteinError> {
  const { modelId } = submission;
  let datasetId = submission.datasetId;
  let target: Training | undefined;
  if (modelId !== undefined) {
    target = await lookupOrNotFound(() => lookups.getTrainingStatus(modelId));
    if (!target) return new ModelNotFoundError(modelId, context);
    datasetId = target.datasetId;
  }
  if (datasetId === undefined) return unexplained;

  const dataset = await lookupOrNotFound(() => lookups.getDataset(datasetId));
  if (!dataset) return new DatasetDeletedError(datasetId, 'NOT_FOUND', context);
  if (dataset.statusMsg === 'DELETE_PENDING') return new DatasetDeletedError(datasetId, 'DELETE_PENDING', context);

  const blocking =
    target && isTrainingInProgress(target.status)
      ? target
      : await lookupOrNotFound(() => findTrainingInProgress(lookups, datasetId));
  if (blocking === undefined) return new DatasetDeletedError(datasetId, 'NOT_FOUND', context); // vanished meanwhile
  if (blocking) return new DatasetBusyError(datasetId, blocking.modelId, blocking.status, context);
  return unexplained;
}

/** `undefined` when the lookup answered 404 (typed by the client as MODEL_NOT_FOUND / DATASET_DELETED). */
async function lookupOrNotFound<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof ModelNotFoundError || error instanceof DatasetDeletedError) return undefined;
    throw error;
  }
}

/** The model of the dataset that blocks a new training: a RUNNING one first (it ends sooner), else a QUEUED one. */
export async function findTrainingInProgress(lookups: StateLookups, datasetId: number): Promise<DatasetModel | null> {
  let queued: DatasetModel | undefined;
  for (let pageIndex = 0; pageIndex < MAX_MODEL_PAGES; pageIndex += 1) {
    const page = await lookups.listDatasetModels(datasetId, {
      offset: pageIndex * MODELS_PAGE_SIZE,
      count: MODELS_PAGE_SIZE,
    });
    const running = page.find((model) => model.status === 'RUNNING');
    if (running) return running;
    queued ??= page.find((model) => isTrainingInProgress(model.status));
    if (page.length < MODELS_PAGE_SIZE) break;
  }
  return queued ?? null;
}
