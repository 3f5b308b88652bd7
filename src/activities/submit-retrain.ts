// Step 2 of a retrain: submit, unless the dataset is busy or this request already started a training.
//
// "Resume, don't resubmit", by design rather than by timing. The workflow passes the model's *baseline*: its last
// status known to belong to no training of this request (read before the request's first POST, or the end of a
// training it waited out). Every attempt — the first one included, and whatever happened to the attempts before it
// (timeout, crash, lost or late response, refusal) — reads the model's status before it posts:
//  - a training of this model that started since the baseline (QUEUED/RUNNING, or ended with a newer updatedAt) is
//    adopted, not paid for again;
//  - a POST refused because the dataset is busy with *this model* means a training of ours (or one started since the
//    baseline) holds it: adopted too, never waited for as if it were someone else's.
// Einstein itself refuses a second training while one is QUEUED or RUNNING on the dataset, so two POSTs of ours can
// only both start trainings if the first one's training *ended* between the second attempt's read and its POST
// landing. docs/ARCHITECTURE.md gives the whole argument and names that window.
import { ApplicationFailure } from '@temporalio/common';
import type { Domain, EinsteinClient, Training } from '../einstein';
import { DatasetBusyError, InvalidRequestError } from '../einstein';
import type { RetrainParameters } from '../report';
import { isInProgress, isTerminal } from '../contract/training-status';
import { type TrainingObservation } from '../polling/training-observation';
import { observe } from './observe';

/** What the model looked like before this request could have started anything. */
export interface ModelBaseline {
  status: string;
  /** Einstein's updatedAt of that status, epoch ms (absent when Einstein did not send a readable one). */
  updatedAtMs?: number;
}

export interface SubmitRetrainInput {
  domain: Domain;
  modelId: string;
  params: RetrainParameters;
  baseline: ModelBaseline;
}

export type SubmitOutcome =
  | { kind: 'submitted' | 'adopted'; observation: TrainingObservation }
  | { kind: 'busy'; datasetId: number; blockingModelId: string; blockingStatus: string };

/**
 * Attempts that see a refusal no state explains before it is called final: the state a server shows may lag the
 * decision it just made (a training that ended a moment ago, a dataset being deleted). With the submit retry policy
 * (1 s, doubling) the looks span about 7 s.
 */
export const UNEXPLAINED_REFUSAL_LOOKS = 4;

export async function submitRetrain(
  einstein: EinsteinClient,
  input: SubmitRetrainInput,
  attempt = 1,
): Promise<SubmitOutcome> {
  const { domain, modelId } = input;
  const current = await einstein.getTrainingStatus(domain, modelId);
  if (startedSince(current, input.baseline)) return adopted(current);
  if (isInProgress(current.status)) {
    // Only when the baseline itself was in progress, which the workflow never passes: a training of someone else.
    return { kind: 'busy', datasetId: current.datasetId, blockingModelId: modelId, blockingStatus: current.status };
  }
  try {
    const training = await einstein.retrain(domain, { modelId, ...input.params });
    return { kind: 'submitted', observation: observe(training, Date.now()) };
  } catch (error) {
    if (isUnexplainedRefusal(error)) throw lookAgainOrGiveUp(error as InvalidRequestError, attempt);
    if (!(error instanceof DatasetBusyError)) throw error;
    if (error.blockingModelId === modelId) return adopted(await einstein.getTrainingStatus(domain, modelId));
    return { kind: 'busy', datasetId: error.datasetId, blockingModelId: error.blockingModelId, blockingStatus: error.blockingStatus };
  }
}

/**
 * Whether `training` is a training of the model that began after `baseline` was read: in progress now (the baseline
 * never is), or ended later than the baseline's status was written.
 */
export function startedSince(training: Training, baseline: ModelBaseline): boolean {
  if (isInProgress(training.status)) return !isInProgress(baseline.status);
  if (!isTerminal(training.status)) return false; // a status we do not know: neither ours nor provably new
  const updatedAtMs = Date.parse(training.updatedAt);
  return baseline.updatedAtMs !== undefined && Number.isFinite(updatedAtMs) && updatedAtMs > baseline.updatedAtMs;
}

function adopted(training: Training): SubmitOutcome {
  return { kind: 'adopted', observation: observe(training, Date.now()) };
}

/** A refusal by the server (not our own validation) that the state the client read did not explain. */
function isUnexplainedRefusal(error: unknown): boolean {
  return error instanceof InvalidRequestError && error.httpStatus !== undefined;
}

function lookAgainOrGiveUp(error: InvalidRequestError, attempt: number): Error {
  if (attempt >= UNEXPLAINED_REFUSAL_LOOKS) {
    return ApplicationFailure.create({
      message: `${error.message} (Seen on ${attempt} looks.)`,
      type: error.name,
      nonRetryable: true,
      details: [{ code: error.code, httpStatus: error.httpStatus, endpoint: error.endpoint }],
    });
  }
  return ApplicationFailure.create({
    message: `${error.message} Looking again (${attempt} of ${UNEXPLAINED_REFUSAL_LOOKS}).`,
    type: 'UnexplainedRefusal',
    details: [{ code: 'UNEXPLAINED_REFUSAL', httpStatus: error.httpStatus, endpoint: error.endpoint }],
  });
}
