/**
 * Loads the seed fixture (fixture.ts) into a fresh store: datasets with their labels, and models whose past
 * trainings already ended (SUCCEEDED with metrics and a learning curve, or FAILED for the failed model).
 */
import { FIXTURE, FIXTURE_CONTENT, FIXTURE_DELETED_MODELS, FIXTURE_FAILED_MODELS, type DatasetType, type FixtureDatasetKey, type FixtureModelKey } from './fixture';
import { randomModelId } from './ids';
import type { Rng } from '../simulator/rng';
import type { TrainingSimulator } from '../simulator/simulator';
import type { DatasetState, EmulatorStore, ModelState, TrainingParams } from './state';
import { SYSTEM_ERROR_FAILURE_PREFIX } from '../simulator/training-defaults';
import { ALGORITHMS, DEFAULT_TRAIN_SPLIT_RATIO } from '../routes/train-params';

const DAY_SECONDS = 86_400;
const FIXTURE_PARAMS: TrainingParams = { trainParams: null, trainSplitRatio: DEFAULT_TRAIN_SPLIT_RATIO, withFeedback: false };

export function languageOf(type: DatasetType): string {
  return type.startsWith('text') ? 'en_US' : 'N/A';
}

export function loadFixture(store: EmulatorStore, sim: TrainingSimulator, idRng: Rng): void {
  const nowMs = sim.toMs(sim.simNow());
  const keys = Object.keys(FIXTURE.datasets) as FixtureDatasetKey[];
  keys.forEach((key, index) => store.datasets.set(FIXTURE.datasets[key].id, fixtureDataset(store, key, index, nowMs, idRng)));
  const modelKeys = Object.keys(FIXTURE.models) as FixtureModelKey[];
  modelKeys.forEach((key, index) => {
    const model = fixtureModel(store, sim, key, index);
    store.models.set(model.modelId, model);
  });
}

function fixtureDataset(store: EmulatorStore, key: FixtureDatasetKey, index: number, nowMs: number, idRng: Rng): DatasetState {
  const spec = FIXTURE.datasets[key];
  const content = FIXTURE_CONTENT[key];
  const type = spec.type as DatasetType;
  store.reserveDatasetId(spec.id);
  const createdAtMs = nowMs - (40 - index) * DAY_SECONDS * 1000;
  const dataset: DatasetState = {
    id: spec.id,
    domain: spec.domain,
    type,
    name: spec.name,
    language: languageOf(type),
    createdAtMs,
    updatedAtMs: createdAtMs,
    labels: Object.entries(content.labels).map(([name, uploaded]) => ({ id: store.allocateLabelId(), name, uploaded, feedback: 0 })),
    feedbackExamples: [],
    status: content.status,
    lastVersionId: 6180 + index * 10,
  };
  if (content.status !== 'SUCCEEDED') {
    dataset.deletion = {
      id: randomModelId(idRng),
      deletedObjectId: String(spec.id),
      type: 'DATASET',
      status: content.status === 'DELETED' ? 'SUCCEEDED' : 'QUEUED',
      progress: content.status === 'DELETED' ? 1 : 0,
      createdAtMs: nowMs - DAY_SECONDS * 1000,
    };
  }
  return dataset;
}

function fixtureModel(store: EmulatorStore, sim: TrainingSimulator, key: FixtureModelKey, index: number): ModelState {
  const spec = FIXTURE.models[key];
  const dataset = store.datasets.get(spec.datasetId);
  if (!dataset) throw new Error(`fixture model ${key} names unknown dataset ${spec.datasetId}`);
  const failed = FIXTURE_FAILED_MODELS.includes(key);
  const model: ModelState = {
    modelId: spec.modelId,
    datasetId: spec.datasetId,
    domain: spec.domain,
    modelType: dataset.type,
    name: spec.name,
    ...(ALGORITHMS[dataset.type] ? { algorithm: ALGORITHMS[dataset.type]?.default } : {}),
    language: dataset.language,
    createdAtMs: 0,
    deleted: FIXTURE_DELETED_MODELS.includes(key),
    runs: [],
  };
  const params = key === 'visionImageSibling' ? { ...FIXTURE_PARAMS, epochs: 5 } : FIXTURE_PARAMS;
  const outcome = failed
    ? { outcome: 'FAILED' as const, failureMsg: `${SYSTEM_ERROR_FAILURE_PREFIX} ${spec.modelId}` }
    : { outcome: 'SUCCEEDED' as const };
  const run = sim.pastRun({ model, dataset, kind: 'train', params }, outcome, (2 + index) * DAY_SECONDS);
  model.runs.push(run);
  model.createdAtMs = sim.toMs(run.submittedSim);
  return model;
}
