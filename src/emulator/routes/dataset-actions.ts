/**
 * Dataset endpoints (docs/einstein-api.md §5): list, create, get, delete, the dataset's models and its examples.
 */
import type { Emulator } from '../emulator';
import { badRequest } from './errors';
import type { DatasetType, Domain } from '../state/fixture';
import { languageOf } from '../state/fixture-seed';
import { textField, type Form } from './form';
import { randomModelId } from '../state/ids';
import { findDataset, trainingModelOf } from './lookups';
import type { Page } from './paging';
import type { DatasetState } from '../state/state';
import { datasetView, deletionView, feedbackExampleView, modelListItem, uploadedExampleView } from './views';

const MAX_NAME_LENGTH = 180;
const MAX_LABELS = 250;
/** Types POST /datasets accepts (zip uploads, not emulated, also accept image-detection). */
const CREATABLE_TYPES: Record<Domain, DatasetType[]> = {
  vision: ['image', 'image-multi-label'],
  language: ['text-intent', 'text-sentiment'],
};
export const EXAMPLE_SOURCES = ['all', 'feedback', 'upload'] as const;

const list = (data: unknown[]) => ({ object: 'list', data });

export function listDatasets(em: Emulator, domain: Domain, page: Page): Record<string, unknown> {
  const datasets = [...em.store.datasets.values()].filter((d) => d.domain === domain && d.status !== 'DELETED');
  return list(datasets.slice(page.offset, page.offset + page.count).map(datasetView));
}

export function createDataset(em: Emulator, domain: Domain, form: Form): Record<string, unknown> {
  const name = textField(form, 'name');
  if (name === undefined) throw badRequest("The 'name' parameter is required to create a dataset.");
  if (name.length > MAX_NAME_LENGTH) throw badRequest(`name must be at most ${MAX_NAME_LENGTH} characters`);
  const type = textField(form, 'type') as DatasetType | undefined;
  if (type === undefined || !CREATABLE_TYPES[domain].includes(type)) {
    throw badRequest(`type must be one of ${CREATABLE_TYPES[domain].join(', ')}`);
  }
  const labels = parseLabels(textField(form, 'labels'));
  const now = em.nowMs();
  const dataset: DatasetState = {
    id: em.store.allocateDatasetId(),
    domain,
    type,
    name,
    language: domain === 'language' ? (textField(form, 'language') ?? 'en_US') : languageOf(type),
    createdAtMs: now,
    updatedAtMs: now,
    labels: labels.map((label) => ({ id: em.store.allocateLabelId(), name: label, uploaded: 0, feedback: 0 })),
    feedbackExamples: [],
    status: 'SUCCEEDED',
    lastVersionId: 0,
  };
  em.store.datasets.set(dataset.id, dataset);
  return datasetView(dataset);
}

export function getDataset(em: Emulator, domain: Domain, datasetId: number): Record<string, unknown> {
  return datasetView(findDataset(em, domain, datasetId));
}

/** Refused (400) while a model of the dataset trains; afterwards GET answers 404. Models survive their dataset. */
export function deleteDataset(em: Emulator, domain: Domain, datasetId: number): Record<string, unknown> {
  const dataset = findDataset(em, domain, datasetId);
  if (dataset.status === 'DELETE_PENDING' && dataset.deletion) return deletionView(dataset.deletion);
  if (trainingModelOf(em, dataset.id)) throw badRequest('The dataset has a model training in progress and cannot be deleted.');
  dataset.status = 'DELETED';
  dataset.deletion = {
    id: randomModelId(em.idRng),
    deletedObjectId: String(dataset.id),
    type: 'DATASET',
    status: 'SUCCEEDED',
    progress: 1,
    createdAtMs: em.nowMs(),
  };
  return deletionView(dataset.deletion);
}

export function datasetModels(em: Emulator, domain: Domain, datasetId: number, page: Page): Record<string, unknown> {
  const dataset = findDataset(em, domain, datasetId);
  const models = em.store.modelsOfDataset(dataset.id).slice(page.offset, page.offset + page.count);
  return list(models.map((m) => modelListItem(em.sim, m)));
}

export function datasetExamples(em: Emulator, domain: Domain, datasetId: number, source: string | undefined, page: Page): Record<string, unknown> {
  const dataset = findDataset(em, domain, datasetId);
  const wanted = source ?? 'all';
  if (!(EXAMPLE_SOURCES as readonly string[]).includes(wanted)) throw badRequest(`source must be one of ${EXAMPLE_SOURCES.join(', ')}`);
  const items: Record<string, unknown>[] = [];
  let skip = page.offset;
  const take = (render: () => Record<string, unknown>) => {
    if (skip > 0) skip--;
    else if (items.length < page.count) items.push(render());
  };
  if (wanted !== 'feedback') {
    for (const label of dataset.labels) {
      // Skip whole labels without rendering their examples: a label may hold many thousands.
      if (skip >= label.uploaded) {
        skip -= label.uploaded;
        continue;
      }
      for (let i = skip; i < label.uploaded && items.length < page.count; i++) items.push(uploadedExampleView(dataset, label, i));
      skip = 0;
    }
  }
  if (wanted !== 'upload') for (const example of dataset.feedbackExamples) take(() => feedbackExampleView(dataset, example));
  return list(items);
}

function parseLabels(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const labels = raw.split(',').map((l) => l.trim()).filter((l) => l !== '');
  if (labels.length > MAX_LABELS) throw badRequest(`labels: at most ${MAX_LABELS} labels per dataset`);
  if (new Set(labels).size !== labels.length) throw badRequest('labels must not repeat a label name');
  const long = labels.find((l) => l.length > MAX_NAME_LENGTH);
  if (long !== undefined) throw badRequest(`labels: each label name must be at most ${MAX_NAME_LENGTH} characters`);
  return labels;
}
