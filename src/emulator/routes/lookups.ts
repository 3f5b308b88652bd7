/**
 * Finding datasets and models for a request, with the status codes of docs/einstein-api.md §13: an unknown or deleted
 * model is a 404; a deleted or DELETE_PENDING dataset refuses training with a 400; a busy dataset is a 400.
 */
import type { Emulator } from '../emulator';
import { DATASET_BUSY_MESSAGE, badRequest, notFound } from './errors';
import type { Domain } from '../state/fixture';
import type { DatasetState, ModelState } from '../state/state';

export function findModel(em: Emulator, domain: Domain, modelId: string): ModelState {
  const model = em.store.liveModel(modelId);
  if (!model || model.domain !== domain) throw notFound(`The model ${modelId} was not found.`);
  return model;
}

/** A dataset that GET can show: unknown or deleted ones are 404. */
export function findDataset(em: Emulator, domain: Domain, datasetId: number): DatasetState {
  const dataset = em.store.visibleDataset(datasetId);
  if (!dataset || dataset.domain !== domain) throw notFound(`The dataset ${datasetId} was not found.`);
  return dataset;
}

/** A dataset a training may read: it must exist and not be deleted or DELETE_PENDING (400 otherwise). */
export function trainableDataset(em: Emulator, domain: Domain, datasetId: number): DatasetState {
  const dataset = em.store.datasets.get(datasetId);
  if (!dataset || dataset.domain !== domain || dataset.status === 'DELETED') {
    throw badRequest(`The dataset ${datasetId} does not exist or was deleted.`);
  }
  if (dataset.status === 'DELETE_PENDING') throw badRequest(`The dataset ${datasetId} is being deleted (DELETE_PENDING).`);
  return dataset;
}

/** The model of the dataset that is QUEUED or RUNNING, if any (one training per dataset). */
export function trainingModelOf(em: Emulator, datasetId: number): ModelState | undefined {
  return em.store.modelsOfDataset(datasetId).find((m) => em.sim.isTraining(m));
}

export function refuseIfBusy(em: Emulator, datasetId: number): void {
  if (trainingModelOf(em, datasetId)) throw badRequest(DATASET_BUSY_MESSAGE);
}

export function parseDatasetId(raw: string | undefined, field = 'datasetId'): number {
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) throw badRequest(`${field} must be a positive integer`);
  return Number(raw.trim());
}
