// Step 1 of a retrain: check the request, then look before submitting. Parses the run's input with the contract's
// zod schema (the workflow holds no zod: the SDK would instantiate it once per cached workflow), learns the model's
// dataset and type, and keeps its current metrics as the "before" picture (Einstein overwrites them when the retrain
// succeeds).
import { ApplicationFailure } from '@temporalio/common';
import type { Domain, EinsteinClient } from '../einstein';
import { parseRetrainInput, RetrainInputError, type ValidRetrainInput } from '../contract/retrain-input';
import { ModelNotFoundError } from '../einstein';
import { summarizeModelMetrics, type MetricsSummary } from '../report';
import { observe } from './observe';
import type { TrainingObservation } from '../polling/training-observation';

export interface InspectModelInput {
  domain: Domain;
  modelId: string;
}

/** What the workflow hands over: its input as it received it. */
export interface InspectRequestInput {
  request: unknown;
}

export interface ModelSnapshot {
  datasetId: number;
  modelType: string;
  name?: string;
  current: TrainingObservation;
  /** Summary of the metrics before the retrain; absent when the model has none yet. */
  before?: MetricsSummary;
}

/** The snapshot of the model and the request the run goes on with: parsed, with the policy's defaults filled in. */
export type InspectedRequest = ModelSnapshot & { request: ValidRetrainInput };

/** Fails for good (no retry can fix the input) with the issues naming each field and its allowed values. */
export function validRequest(raw: unknown): ValidRetrainInput {
  try {
    return parseRetrainInput(raw);
  } catch (error) {
    if (!(error instanceof RetrainInputError)) throw error;
    throw ApplicationFailure.create({
      message: error.message,
      type: 'InvalidRetrainInput',
      nonRetryable: true,
      details: [{ code: error.code, issues: error.issues }],
    });
  }
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
