// The middle of a retrain: submit once the dataset is free, then follow the training to a terminal status.
// Both waits use the same adaptive polling activity (poll-training.ts), so waiting out a busy dataset costs as few
// API calls and as little history as waiting for our own training.
import type { PollTrainingResult } from '../activities';
import { retrainParameters, type ValidRetrainInput } from './retrain-input';
import type { RetrainState } from './retrain-state';
import { pollActivity, submitActivity } from './activity-options';
import { isWaitExhausted, retrainFailure } from './retrain-errors';
import { isTerminal, type TrainingObservation } from './training-observation';

export interface RetrainRun {
  input: ValidRetrainInput;
  state: RetrainState;
  deadlineAtMs: number;
}

/** Submits the retrain, first waiting out any training that holds the dataset, within `policy.maxBusyWaitMs`. */
export async function submitWhenDatasetFree(run: RetrainRun): Promise<TrainingObservation> {
  const { input, state } = run;
  const submit = submitActivity(input.policy.submitAttemptTimeoutMs);
  for (;;) {
    state.phase = 'submitting';
    const requestStartedAtMs = Date.now();
    const { result, apiCalls } = await submit({
      domain: input.domain,
      modelId: input.modelId,
      params: retrainParameters(input),
      requestStartedAtMs,
    });
    state.apiCalls += apiCalls;
    if (result.kind !== 'busy') {
      state.submittedAtMs = requestStartedAtMs;
      state.adopted = result.kind === 'adopted';
      state.submissions += result.kind === 'submitted' ? 1 : 0;
      state.blockingModelId = undefined;
      return result.observation;
    }
    state.phase = 'waiting-for-dataset';
    state.blockingModelId = result.blockingModelId;
    state.busySinceMs ??= Date.now();
    await waitForBlockingTraining(run, result.blockingModelId, result.blockingStatus);
  }
}

async function waitForBlockingTraining(run: RetrainRun, blockingModelId: string, blockingStatus: string): Promise<void> {
  const { input, state } = run;
  const busySinceMs = state.busySinceMs ?? Date.now();
  const budgetMs = Math.min(busySinceMs + input.policy.maxBusyWaitMs, run.deadlineAtMs) - Date.now();
  const waitedMin = () => Math.round((Date.now() - busySinceMs) / 60_000);
  const busyFailure = () =>
    retrainFailure(
      `Dataset ${state.datasetId} stayed busy: model ${blockingModelId} was still ${blockingStatus} after ` +
        `${waitedMin()} min (limit ${Math.round(input.policy.maxBusyWaitMs / 60_000)} min). ` +
        'Retry later, or raise policy.maxBusyWaitMs.',
      'DatasetBusyTimeout',
      { code: 'DATASET_BUSY_TIMEOUT', outcome: 'TIMED_OUT', blockingModelId, datasetId: state.datasetId },
    );
  if (budgetMs <= 0) throw busyFailure();
  try {
    await poll(run, blockingModelId, 'terminal', [], busySinceMs, budgetMs);
  } catch (error) {
    if (isWaitExhausted(error)) throw busyFailure();
    throw error;
  }
}

/** Follows our training until a terminal status, updating the live state at each change. */
export async function followTraining(run: RetrainRun, first: TrainingObservation): Promise<TrainingObservation> {
  const { state } = run;
  let window = [first];
  let observation = first;
  let notBeforeMs: number | undefined;
  state.phase = 'training';
  noteObservation(state, first);
  while (!isTerminal(observation.status)) {
    const budgetMs = run.deadlineAtMs - Date.now();
    const result = await poll(run, run.input.modelId, 'change', window, state.submittedAtMs ?? Date.now(), budgetMs, notBeforeMs);
    ({ observation, window } = result);
    noteObservation(state, observation);
    state.etaMs = result.next.etaMs;
    state.pollReason = result.next.reason;
    notBeforeMs = Date.now() + result.next.delayMs;
  }
  return observation;
}

async function poll(
  run: RetrainRun,
  modelId: string,
  until: 'terminal' | 'change',
  window: TrainingObservation[],
  submittedAtMs: number,
  budgetMs: number,
  notBeforeMs?: number,
): Promise<PollTrainingResult> {
  const { input, state } = run;
  const result = await pollActivity(budgetMs)({
    domain: input.domain,
    modelId,
    until,
    window,
    submittedAtMs,
    notBeforeMs,
    bounds: pollBounds(input),
  });
  state.polls += result.polls;
  state.apiCalls += result.apiCalls;
  return result;
}

function noteObservation(state: RetrainState, observation: TrainingObservation): void {
  state.status = observation.status;
  state.progress = observation.progress;
  state.queuePosition = observation.queuePosition;
  if (observation.status === 'RUNNING' && state.startedAtMs === undefined) state.startedAtMs = observation.atMs;
  if (isTerminal(observation.status)) {
    state.finishedAtMs = observation.atMs;
    state.failureMsg = observation.failureMsg;
    state.etaMs = undefined;
  }
}

/** Only the bounds the request sets; the scheduler's defaults fill the rest. */
function pollBounds(input: ValidRetrainInput) {
  const { minPollDelayMs, maxPollDelayMs } = input.policy;
  return {
    ...(minPollDelayMs !== undefined && { minDelayMs: minPollDelayMs }),
    ...(maxPollDelayMs !== undefined && { maxDelayMs: maxPollDelayMs }),
  };
}
