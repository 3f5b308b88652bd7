// Step 1 of a retrain: look before submitting. Learns the model's dataset and type, and keeps its current metrics
// as the "before" picture (Einstein overwrites them when the retrain succeeds).
import type { Domain, EinsteinClient } from '../einstein';
import { ModelNotFoundError } from '../einstein';
import { summarizeModelMetrics, type MetricsSummary } from '../report';
import { observe } from './observe';
import type { TrainingObservation } from '../polling/training-observation';

export interface InspectModelInput {
  domain: Domain;
  modelId: string;
}

export interface ModelSnapshot {
  datasetId: number;
  modelType: string;
  name?: string;
  current: TrainingObservation;
  /** Summary of the metrics before the retrain; absent when the model has none yet. */
  before?: MetricsSummary;
}

export async function inspectModel(einstein: EinsteinClient, input: InspectModelInput): Promise<ModelSnapshot> {
  const training = await einstein.getTrainingStatus(input.domain, input.modelId);
  const snapshot: ModelSnapshot = {
    datasetId: training.datasetId,
    modelType: training.modelType,
    ...(training.name !== undefined && { name: training.name }),
    current: observe(training, Date.now()),
  };
  if (training.status !== 'SUCCEEDED') return snapshot;
  const before = await readMetrics(einstein, input.domain, input.modelId, training.modelType);
  return before ? { ...snapshot, before } : snapshot;
}

/** The model's metrics summary, or undefined when Einstein has none for it (404 after some migrations, §4). */
export async function readMetrics(
  einstein: EinsteinClient,
  domain: Domain,
  modelId: string,
  modelType: string,
): Promise<MetricsSummary | undefined> {
  try {
    const metrics = await einstein.getModelMetrics(domain, modelId);
    return summarizeModelMetrics({ modelType, metricsData: metrics.metricsData });
  } catch (error) {
    if (error instanceof ModelNotFoundError) return undefined;
    throw error;
  }
}
