// Why did Einstein refuse a train/retrain? Its status codes and texts for these cases are undocumented (docs/einstein-api.md
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
/** Bound on paging through a dataset's models so a misbehaving server cannot loop us forever. */
const MAX_MODEL_PAGES = 100;

/**
 * Returns the error that explains the refusal, or `unexplained(lookedAt)` (INVALID_REQUEST) when the state shows
 * nothing wrong; `lookedAt` says what was read, for the error message. Lookup failures other than 404 (network, 5xx,
 * ...) are thrown as they are: the caller retries later.
 */
export async function classifyRefusedSubmission(
  lookups: StateLookups,
  submission: RefusedSubmission,
  context: ErrorContext,
  unexplained: (lookedAt: string) => EinsteinError,
): Promise<EinsteinError> {
  const { modelId } = submission;
  let datasetId = submission.datasetId;
  let target: Training | undefined;
  const lookedAt: string[] = [];
  if (modelId !== undefined) {
    target = await lookupOrNotFound(() => lookups.getTrainingStatus(modelId));
    if (!target) return new ModelNotFoundError(modelId, context);
    datasetId = target.datasetId;
    lookedAt.push(`model ${modelId} is ${target.status}`);
  }
  if (datasetId === undefined) return unexplained('no dataset to look at');

  const dataset = await lookupOrNotFound(() => lookups.getDataset(datasetId));
  if (!dataset) return new DatasetDeletedError(datasetId, 'NOT_FOUND', context);
  if (dataset.statusMsg === 'DELETE_PENDING') return new DatasetDeletedError(datasetId, 'DELETE_PENDING', context);
  lookedAt.push(`dataset ${datasetId} is ${dataset.statusMsg ?? 'present'}`);

  const search = target && isTrainingInProgress(target.status) ? { found: target, models: 0 } : undefined;
  const result = search ?? (await lookupOrNotFound(() => findTrainingInProgress(lookups, datasetId)));
  if (result === undefined) return new DatasetDeletedError(datasetId, 'NOT_FOUND', context); // vanished meanwhile
  if (result.found) return new DatasetBusyError(datasetId, result.found.modelId, result.found.status, context);
  lookedAt.push(`none of its ${result.models} models is QUEUED or RUNNING`);
  return unexplained(lookedAt.join(', '));
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

/**
 * The model of the dataset that blocks a new training: a RUNNING one first (it ends sooner), else a QUEUED one; and
 * how many models were read. Pages are read until the server returns an empty one: a server may answer fewer models
 * than asked for on any page, so neither the page size nor a short page says where the list ends.
 */
export async function findTrainingInProgress(
  lookups: StateLookups,
  datasetId: number,
): Promise<{ found: DatasetModel | Training | null; models: number }> {
  let queued: DatasetModel | undefined;
  let offset = 0;
  for (let pageIndex = 0; pageIndex < MAX_MODEL_PAGES; pageIndex += 1) {
    const page = await lookups.listDatasetModels(datasetId, { offset, count: MODELS_PAGE_SIZE });
    if (page.length === 0) break;
    offset += page.length;
    const running = page.find((model) => model.status === 'RUNNING');
    if (running) return { found: running, models: offset };
    queued ??= page.find((model) => isTrainingInProgress(model.status));
  }
  return { found: queued ?? null, models: offset };
}
