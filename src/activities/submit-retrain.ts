// Step 2 of a retrain: submit, unless the dataset is busy or this request already started a training.
//
// "Resume, don't resubmit": if a worker dies after the POST but before the activity completes, Temporal runs the
// activity again. That later attempt must recognise the training the first one started (same model, QUEUED or
// RUNNING, updated after the request began, same parameters) and adopt it instead of paying for a second one.
// The training may even have finished before the retry looks, so a terminal status updated after the request began
// counts too. On the first attempt no POST of ours can exist yet, so a training in progress there is someone else's.
import { Context } from '@temporalio/activity';
import type { Domain, EinsteinClient, Training } from '../einstein';
import { DatasetBusyError } from '../einstein';
import type { RetrainParameters } from '../report';
import { isInProgress, type TrainingObservation } from '../workflows/training-observation';
import { observe } from './observe';

export interface SubmitRetrainInput {
  domain: Domain;
  modelId: string;
  params: RetrainParameters;
  /** When the workflow decided to submit (epoch ms); trainings updated before it are not ours. */
  requestStartedAtMs: number;
  /** Allowed difference between Einstein's clock and ours. */
  clockSkewMs?: number;
}

export type SubmitOutcome =
  | { kind: 'submitted' | 'adopted'; observation: TrainingObservation }
  | { kind: 'busy'; datasetId: number; blockingModelId: string; blockingStatus: string };

export async function submitRetrain(einstein: EinsteinClient, input: SubmitRetrainInput): Promise<SubmitOutcome> {
  const { domain, modelId } = input;
  const current = await einstein.getTrainingStatus(domain, modelId);
  if (mayBeOurs(current, input)) return { kind: 'adopted', observation: observe(current, Date.now()) };
  if (isInProgress(current.status)) {
    return { kind: 'busy', datasetId: current.datasetId, blockingModelId: modelId, blockingStatus: current.status };
  }
  try {
    const training = await einstein.retrain(domain, { modelId, ...input.params });
    return { kind: 'submitted', observation: observe(training, Date.now()) };
  } catch (error) {
    if (!(error instanceof DatasetBusyError)) throw error;
    return {
      kind: 'busy',
      datasetId: error.datasetId,
      blockingModelId: error.blockingModelId,
      blockingStatus: error.blockingStatus,
    };
  }
}

function mayBeOurs(training: Training, input: SubmitRetrainInput): boolean {
  if (Context.current().info.attempt <= 1) return false;
  const updatedAtMs = Date.parse(training.updatedAt);
  return updatedAtMs >= input.requestStartedAtMs - (input.clockSkewMs ?? 5_000) && sameParameters(training, input.params);
}

/** Compares only what we asked for; a field Einstein does not echo (or echoes as 0 while queued) is no evidence. */
export function sameParameters(training: Training, params: RetrainParameters): boolean {
  const echoed = (value: number | undefined) => value !== undefined && value !== 0;
  if (params.epochs !== undefined && echoed(training.epochs) && training.epochs !== params.epochs) return false;
  if (params.learningRate !== undefined && echoed(training.learningRate) && training.learningRate !== params.learningRate)
    return false;
  const theirs = (training.trainParams ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(params.trainParams ?? {})) {
    if (key in theirs && String(theirs[key]) !== String(value)) return false;
  }
  return true;
}
