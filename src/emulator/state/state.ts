/**
 * The emulator's data: datasets (labels, feedback examples, deletion state) and models (with the history of their
 * trainings). Plain records; the rules that change them live in the actions modules.
 */
import type { DatasetType, Domain } from './fixture';
import type { Timeline } from '../simulator/timeline';

export type DatasetStatus = 'SUCCEEDED' | 'DELETE_PENDING' | 'DELETED';

export interface LabelState {
  id: number;
  name: string;
  /** Examples that arrived by upload. */
  uploaded: number;
  /** Examples that arrived through the feedback API. */
  feedback: number;
}

export interface FeedbackExample {
  id: number;
  name: string;
  labelId: number;
  createdAtMs: number;
  /** Vision: a temporary URL; language: the document text (as the real API shows it). */
  location: string;
}

export interface DeletionState {
  id: string;
  deletedObjectId: string;
  type: 'DATASET' | 'MODEL';
  status: 'QUEUED' | 'SUCCEEDED';
  progress: number;
  createdAtMs: number;
}

export interface DatasetState {
  id: number;
  domain: Domain;
  type: DatasetType;
  name: string;
  language: string;
  createdAtMs: number;
  updatedAtMs: number;
  labels: LabelState[];
  feedbackExamples: FeedbackExample[];
  status: DatasetStatus;
  deletion?: DeletionState;
  /** Incremented by every training: a training reads a new version of its dataset. */
  lastVersionId: number;
}

/** Parameters of a train/retrain as the emulator understood them. */
export interface TrainingParams {
  epochs?: number;
  learningRate?: number;
  algorithm?: string;
  trainParams: Record<string, unknown> | null;
  trainSplitRatio: number;
  withFeedback: boolean;
}

/** What the training read from its dataset. */
export interface DatasetSnapshot {
  labels: { name: string; uploaded: number; feedback: number }[];
  /** Examples the training used (uploaded, plus feedback when withFeedback). */
  examples: number;
}

export interface TrainingRun {
  kind: 'train' | 'retrain';
  /** Simulated seconds since the emulator's origin (negative for the fixture's past trainings). */
  submittedSim: number;
  params: TrainingParams;
  /** Planned epochs (requested, or the default computed from the dataset). */
  epochs: number;
  datasetVersionId: number;
  snapshot: DatasetSnapshot;
  timeline: Timeline;
  /** Seeds the metrics and learning curve of this run. */
  metricsSeed: number;
  /** Real time (ms) of the first status read delivered after the run ended (GET /__emulator/trainings). */
  firstTerminalReadMs?: number;
}

export interface ModelState {
  modelId: string;
  datasetId: number;
  domain: Domain;
  modelType: DatasetType;
  name: string;
  algorithm?: string;
  language: string;
  createdAtMs: number;
  deleted: boolean;
  deletion?: DeletionState;
  runs: TrainingRun[];
}

export class EmulatorStore {
  readonly datasets = new Map<number, DatasetState>();
  readonly models = new Map<string, ModelState>();
  private nextDatasetId = 1_000_500;
  private nextLabelId = 610_000;
  private nextExampleId = 1_048_000;

  /** Datasets that exist for the API (a DELETED dataset is gone; DELETE_PENDING still answers). */
  visibleDataset(id: number): DatasetState | undefined {
    const dataset = this.datasets.get(id);
    return dataset && dataset.status !== 'DELETED' ? dataset : undefined;
  }

  liveModel(modelId: string): ModelState | undefined {
    const model = this.models.get(modelId);
    return model && !model.deleted ? model : undefined;
  }

  modelsOfDataset(datasetId: number): ModelState[] {
    return [...this.models.values()].filter((m) => m.datasetId === datasetId && !m.deleted);
  }

  allocateDatasetId(): number {
    return this.nextDatasetId++;
  }

  allocateLabelId(): number {
    return this.nextLabelId++;
  }

  allocateExampleId(): number {
    return this.nextExampleId++;
  }

  /** Fixture datasets carry fixed ids; later allocations must never collide with them. */
  reserveDatasetId(id: number): void {
    this.nextDatasetId = Math.max(this.nextDatasetId, id + 1);
  }

  snapshot(): StoreState {
    return {
      datasets: [...this.datasets.values()],
      models: [...this.models.values()],
      nextDatasetId: this.nextDatasetId,
      nextLabelId: this.nextLabelId,
      nextExampleId: this.nextExampleId,
    };
  }

  static restore(state: StoreState): EmulatorStore {
    const store = new EmulatorStore();
    for (const dataset of state.datasets) store.datasets.set(dataset.id, dataset);
    for (const model of state.models) store.models.set(model.modelId, model);
    store.nextDatasetId = state.nextDatasetId;
    store.nextLabelId = state.nextLabelId;
    store.nextExampleId = state.nextExampleId;
    return store;
  }
}

/** The store as the state file keeps it (validated by storeStateSchema in persisted-state.ts). */
export interface StoreState {
  datasets: DatasetState[];
  models: ModelState[];
  nextDatasetId: number;
  nextLabelId: number;
  nextExampleId: number;
}

export function totalExamples(dataset: DatasetState): number {
  return dataset.labels.reduce((sum, l) => sum + l.uploaded + l.feedback, 0);
}

export function snapshotOf(dataset: DatasetState, withFeedback: boolean): DatasetSnapshot {
  const labels = dataset.labels.map((l) => ({ name: l.name, uploaded: l.uploaded, feedback: withFeedback ? l.feedback : 0 }));
  return { labels, examples: labels.reduce((sum, l) => sum + l.uploaded + l.feedback, 0) };
}
