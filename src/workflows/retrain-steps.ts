// The middle of a retrain: settle the model's baseline, submit once the dataset is free (or adopt the training an
// earlier attempt started), then follow the training to a terminal status. Every wait uses the same adaptive
// polling activity (poll-training.ts), which comes back only when the training it watches has ended (or to report
// read failures), so waiting out a busy dataset or a training of hours costs one activity in the history. While it
// waits, the training's live status is in that activity's heartbeat, not in this workflow's state: the state keeps
// the status at submit until the end, and the client's run reader (src/client/run-reader.ts) merges the heartbeat.
import type { ModelBaseline, PollTrainingResult, SubmitOutcome } from '../activities';
import type { ValidRetrainInput } from '../contract/retrain-input';
import { retrainParameters } from '../contract/retrain-rules';
import type { RetrainState } from './retrain-state';
import { pollActivity, submitActivity, submitAndFollowActivity } from './activity-options';
import { isWaitExhausted, retrainFailure } from './retrain-errors';
import { isInProgress, isTerminal } from '../contract/training-status';
import { healBackoffMs, type TrainingObservation } from '../polling/training-observation';
import { setCurrentDetails } from '@temporalio/workflow';
import { retrainCurrentDetails } from './run-details';

export interface RetrainRun {
  input: ValidRetrainInput;
  state: RetrainState;
  deadlineAtMs: number;
  /** The model's status before this request started anything; set before the first submit (submit-retrain.ts). */
  baseline?: ModelBaseline;
  /** The last observation of this request's training, once it was submitted or adopted. */
  last?: TrainingObservation;
  /** Things the report should tell its reader. */
  notes: string[];
  /**
   * A submitAndFollow activity was scheduled: a training of this request may run although the workflow has not seen
   * it (the activity reports the submission only with the training's end). The failure report then looks.
   */
  submitMayHaveLanded?: boolean;
}

/** Shows the live state in the Temporal UI's current details; called at each change of it. */
export function showProgress(run: RetrainRun): void {
  setCurrentDetails(retrainCurrentDetails(run.state));
}

export function baselineOf(observation: TrainingObservation): ModelBaseline {
  return { status: observation.status, ...(observation.updatedAtMs !== undefined && { updatedAtMs: observation.updatedAtMs }) };
}

/**
 * Sets the baseline the submit activity compares against. A `retry` of a run whose training was still running
 * passes that run's baseline, so the training is adopted. Otherwise it is the model's current status; when that is
 * a training in progress (someone else's: this request has posted nothing yet), the run waits for it like any busy
 * dataset and takes its end as the baseline. Returns that end, when there was a wait.
 */
export async function settleBaseline(run: RetrainRun, current: TrainingObservation): Promise<TrainingObservation | undefined> {
  const resume = run.input.policy.adoptTrainingSince;
  if (resume) {
    run.baseline = resume;
    return undefined;
  }
  if (!isInProgress(current.status)) {
    run.baseline = baselineOf(current);
    return undefined;
  }
  const ended = await waitForBlockingTraining(run, run.input.modelId, current.status, [current]);
  run.baseline = baselineOf(ended);
  return ended;
}

/**
 * Submits the retrain, first waiting out any training that holds the dataset, within `policy.maxBusyWaitMs`; then
 * `followTraining` polls it. The path of runs started before submitAndFollow (below) replaced it: kept, exactly as it
 * was, so that those runs replay (the `submit-and-follow` patch in retrain-model.ts).
 */
export async function submitWhenDatasetFree(run: RetrainRun): Promise<TrainingObservation> {
  const { input, state } = run;
  const submit = submitActivity(input.policy.submitAttemptTimeoutMs);
  for (;;) {
    state.phase = 'submitting';
    showProgress(run);
    const submitStartedAtMs = Date.now();
    const { result, apiCalls } = await submit.executeWithOptions({ summary: `submit retrain of model ${input.modelId} (or adopt the training it started)` }, [
      {
        domain: input.domain,
        modelId: input.modelId,
        params: retrainParameters(input),
        baseline: run.baseline ?? { status: 'UNKNOWN' },
      },
    ]);
    state.apiCalls += apiCalls;
    if (result.kind !== 'busy') {
      noteSubmission(run, result.kind, submitStartedAtMs);
      return result.observation;
    }
    await waitOutBusyDataset(run, result);
  }
}

/**
 * Submits the retrain and follows its training to the end in one activity (src/activities/submit-and-follow.ts),
 * first waiting out any training of another model that holds the dataset. The workflow learns of the submission
 * with the training's end (or with read trouble); meanwhile the activity's heartbeat has both, for the run reader.
 */
export async function submitAndFollow(run: RetrainRun): Promise<TrainingObservation> {
  const { input, state } = run;
  for (;;) {
    state.phase = 'submitting';
    run.submitMayHaveLanded = true;
    run.last = undefined; // a training seen before (a resubmission's first) is over: this one is not seen yet
    state.followingInActivity = true;
    showProgress(run);
    const activity = submitAndFollowActivity(input.policy.submitAttemptTimeoutMs, run.deadlineAtMs - Date.now());
    const summary = `submit retrain of model ${input.modelId} (or adopt the training it started) and follow it to its end`;
    const result = await activity.executeWithOptions({ summary }, [
      {
        domain: input.domain,
        modelId: input.modelId,
        params: retrainParameters(input),
        baseline: run.baseline ?? { status: 'UNKNOWN' },
        submitAttemptTimeoutMs: input.policy.submitAttemptTimeoutMs,
        bounds: pollBounds(input),
      },
    ]);
    state.followingInActivity = undefined;
    if (result.kind === 'busy') {
      state.apiCalls += result.apiCalls;
      await waitOutBusyDataset(run, result);
      continue;
    }
    const { submission, follow } = result;
    noteSubmission(run, submission.kind, submission.atMs);
    state.phase = 'training';
    addPollCounts(run, follow);
    let final = follow;
    if (follow.trouble) {
      noteObservation(run, follow.observation);
      noteTrouble(run, follow.trouble);
      const budgetMs = run.deadlineAtMs - Date.now();
      final = await poll(run, input.modelId, follow.window, submission.atMs, budgetMs, follow.startedAtMs, follow.trouble.consecutiveErrors);
    }
    state.startedAtMs ??= final.startedAtMs;
    noteObservation(run, final.observation);
    return final.observation;
  }
}

function noteSubmission(run: RetrainRun, kind: 'submitted' | 'adopted', atMs: number): void {
  const { state } = run;
  state.submittedAtMs = atMs;
  state.adopted = kind === 'adopted';
  state.submissions += kind === 'submitted' ? 1 : 0;
  state.blockingModelId = undefined;
}

/** A submit that found the dataset busy: wait for the blocking training, moving the baseline when it was ours. */
async function waitOutBusyDataset(run: RetrainRun, busy: Extract<SubmitOutcome, { kind: 'busy' }>): Promise<void> {
  const { state } = run;
  state.phase = 'waiting-for-dataset';
  state.blockingModelId = busy.blockingModelId;
  state.busySinceMs ??= Date.now();
  const ended = await waitForBlockingTraining(run, busy.blockingModelId, busy.blockingStatus, []);
  if (busy.blockingModelId === run.input.modelId) run.baseline = baselineOf(ended);
}

async function waitForBlockingTraining(
  run: RetrainRun,
  blockingModelId: string,
  blockingStatus: string,
  window: TrainingObservation[],
): Promise<TrainingObservation> {
  const { input, state } = run;
  state.phase = 'waiting-for-dataset';
  state.blockingModelId = blockingModelId;
  const busySinceMs = (state.busySinceMs ??= Date.now());
  showProgress(run);
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
    const result = await poll(run, blockingModelId, window, busySinceMs, budgetMs);
    state.blockingModelId = undefined;
    return result.observation;
  } catch (error) {
    if (isWaitExhausted(error)) throw busyFailure();
    throw error;
  }
}

/**
 * Follows our training until a terminal status. The current details show the phase and the status at submit; one
 * poll activity then waits for the end, showing the live status in its heartbeat. Nothing but a terminal status, a
 * cancellation or the deadline ends this wait: read failures that can heal are retried inside `poll`.
 */
export async function followTraining(run: RetrainRun, first: TrainingObservation): Promise<TrainingObservation> {
  const { state } = run;
  state.phase = 'training';
  noteObservation(run, first);
  showProgress(run);
  if (isTerminal(first.status)) return first;
  const budgetMs = run.deadlineAtMs - Date.now();
  const result = await poll(run, run.input.modelId, [first], state.submittedAtMs ?? Date.now(), budgetMs, state.startedAtMs);
  state.startedAtMs ??= result.startedAtMs;
  noteObservation(run, result.observation);
  return result.observation;
}

/** One poll activity call; when it comes back to report read failures, records them and calls it again. */
async function poll(
  run: RetrainRun,
  modelId: string,
  window: TrainingObservation[],
  submittedAtMs: number,
  budgetMs: number,
  startedAtMs?: number,
  errorsSoFar = 0,
): Promise<PollTrainingResult> {
  const { input, state } = run;
  const endsAtMs = Date.now() + budgetMs;
  let consecutiveErrors = errorsSoFar;
  let notBeforeMs = errorsSoFar > 0 ? Date.now() + healBackoffMs(errorsSoFar) : undefined;
  const summary =
    state.phase === 'training'
      ? `follow the training of model ${modelId} to its end (each retry is one status read; its "not finished yet" says how the training stands)`
      : `wait for the training of model ${modelId} to end (it holds dataset ${state.datasetId})`;
  for (;;) {
    const result = await pollActivity(endsAtMs - Date.now()).executeWithOptions({ summary }, [
      {
        domain: input.domain,
        modelId,
        window,
        submittedAtMs,
        notBeforeMs,
        bounds: pollBounds(input),
        consecutiveErrors,
        startedAtMs,
      },
    ]);
    addPollCounts(run, result);
    if (!result.trouble) return result;
    noteTrouble(run, result.trouble);
    consecutiveErrors = result.trouble.consecutiveErrors;
    window = result.window;
    startedAtMs = result.startedAtMs;
    notBeforeMs = Date.now() + healBackoffMs(consecutiveErrors);
  }
}

function addPollCounts(run: RetrainRun, result: PollTrainingResult): void {
  const { state } = run;
  state.polls += result.polls;
  state.apiCalls += result.apiCalls;
  if (result.retryAfterWaits > 0) state.retryAfterWaits = (state.retryAfterWaits ?? 0) + result.retryAfterWaits;
}

function noteTrouble(run: RetrainRun, trouble: NonNullable<PollTrainingResult['trouble']>): void {
  run.state.lastError = { code: trouble.code, message: trouble.message, atMs: Date.now() };
  showProgress(run);
}

function noteObservation(run: RetrainRun, observation: TrainingObservation): void {
  const { state } = run;
  run.last = observation;
  state.status = observation.status;
  state.progress = observation.progress;
  state.queuePosition = observation.queuePosition;
  if (observation.status === 'RUNNING' && state.startedAtMs === undefined) state.startedAtMs = observation.atMs;
  if (isTerminal(observation.status)) {
    state.finishedAtMs = observation.atMs;
    state.endedAtMs = observation.updatedAtMs;
    state.failureMsg = observation.failureMsg;
    state.etaMs = undefined;
  }
}

/** Only the bounds the request sets; the scheduler's defaults fill the rest. */
export function pollBounds(input: ValidRetrainInput) {
  const { minPollDelayMs, maxPollDelayMs, maxLagShare } = input.policy;
  return {
    ...(minPollDelayMs !== undefined && { minDelayMs: minPollDelayMs }),
    ...(maxPollDelayMs !== undefined && { maxDelayMs: maxPollDelayMs }),
    ...(maxLagShare !== undefined && { maxLagShare }),
  };
}
