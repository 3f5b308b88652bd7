// The retrain workflow (docs/ARCHITECTURE.md): validate and look before submitting → submit once the dataset is free (or adopt
// the training an earlier attempt started) → poll adaptively to a terminal status → report → result.
import {
  CancellationScope,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { FailureOutcome, MetricsSummary, RetrainReport } from '../report';
import { fetchMetrics, inspectModel } from './activity-options';
import { describeActivityFailure, failedActivityCalls, retrainFailure } from './retrain-errors';
import type { RetrainInput, ValidRetrainInput } from '../contract/retrain-input';
import { POLICY_DEFAULTS } from '../contract/retrain-rules';
import { retrainInputIssues } from './input-checks';
import { retrainStateQuery, type RetrainState } from './retrain-state';
import { baselineOf, followTraining, settleBaseline, showProgress, submitAndFollow, submitWhenDatasetFree, type RetrainRun } from './retrain-steps';
import { isInProgress } from '../contract/training-status';
import { finishFailure, finishSuccess } from './report-step';
import { DATASET_ID, DOMAIN, MODEL_ID, OUTCOME, TRIGGER_SOURCE } from './search-attributes';

export interface RetrainResult {
  workflowId: string;
  report: RetrainReport;
}

/** Statuses after which a resubmission may help (infrastructure trouble, not the data). */
const TRANSIENT_FAILURE = /system error|internal|killed|retries/i;

export async function retrainModel(rawInput: RetrainInput): Promise<RetrainResult> {
  // The input is parsed with zod by the first activity (inspect-model.ts), not here: the SDK instantiates every module
  // of the workflow bundle per cached workflow and per replay, and zod is most of it. The run needs the model, domain
  // and trigger before that activity answers (query state, search attributes, a failure report if it fails), so it
  // reads them after the light hand-written check below; a request that fails it still goes to the activity, whose
  // zod issues the workflow then fails with, so the caller sees one kind of message for a bad request.
  const issues = retrainInputIssues(rawInput);
  if (issues.length > 0) throw await refused(rawInput, issues);
  // Until the activity answers: the raw request (it passed the light check) with the policy's defaults.
  const input = { ...rawInput, policy: { ...POLICY_DEFAULTS, ...rawInput.policy } } as ValidRetrainInput;
  const state = initialState(input);
  const run: RetrainRun = { input, state, deadlineAtMs: state.requestedAtMs + input.policy.deadlineMs, notes: [] };
  setHandler(retrainStateQuery, () => run.state);
  showProgress(run);
  upsertStartAttributes(input);
  let before: MetricsSummary | undefined;
  try {
    before = await inspect(run, rawInput);
    const final = await trainToTerminal(run);
    if (final.status !== 'SUCCEEDED') {
      throw await fail(run, final.status as FailureOutcome, { message: final.failureMsg ?? `Training ended ${final.status}`, code: 'TRAINING_FAILED' }, before, final.trainStats);
    }
    run.state.phase = 'reporting';
    showProgress(run);
    const report = await finishSuccess(run, final, before);
    markEnd(run, 'SUCCEEDED');
    return { workflowId: workflowInfo().workflowId, report };
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() =>
        fail(run, 'CANCELLED', { message: cancelMessage(run), code: 'CANCELLED' }, before, undefined, { viaChild: true }),
      );
      throw error;
    }
    const invalid = invalidInput(error);
    if (invalid) throw invalid;
    if (error instanceof ActivityFailure) {
      run.state.apiCalls += failedActivityCalls(error);
      const { outcome, code, message } = describeActivityFailure(error);
      throw await fail(run, outcome, { message, code }, before);
    }
    throw error;
  }
}

/**
 * The coordinator sets model, domain and trigger source when it starts the run (coordinator-runs.ts); a run started
 * otherwise gets them here. An upsert is a history event, so it is skipped when they are there already.
 */
function upsertStartAttributes(input: ValidRetrainInput): void {
  const wanted = [
    { key: MODEL_ID, value: input.modelId },
    { key: DOMAIN, value: input.domain },
    { key: TRIGGER_SOURCE, value: input.trigger?.source ?? 'client' },
  ];
  const present = workflowInfo().typedSearchAttributes;
  if (wanted.every(({ key, value }) => present.get(key) === value)) return;
  upsertSearchAttributes(wanted);
}

/**
 * The failure a request that fails the light check ends the run with: the inspect activity's, which parses it with
 * the contract's zod schema before any Einstein call (and cannot accept what the light check refused: both read their
 * bounds from src/contract/retrain-rules.ts). Its own issues are the fallback should the two ever disagree.
 */
async function refused(rawInput: unknown, issues: string[]): Promise<ApplicationFailure> {
  try {
    await inspectModel('check the retrain request', { request: rawInput });
  } catch (error) {
    const invalid = invalidInput(error);
    if (invalid) return invalid;
    throw error;
  }
  return ApplicationFailure.create({ message: `Invalid retrain request: ${issues.join('; ')}`, type: 'InvalidRetrainInput', nonRetryable: true, details: [{ code: 'INVALID_INPUT', issues }] });
}

/** The inspect activity's refusal of the request, which the run ends with as it is (no report: nothing started). */
function invalidInput(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === 'InvalidRetrainInput' ? cause : undefined;
}

function initialState(input: ValidRetrainInput): RetrainState {
  return {
    workflowId: workflowInfo().workflowId,
    phase: 'inspecting',
    domain: input.domain,
    modelId: input.modelId,
    polls: 0,
    apiCalls: 0,
    submissions: 0,
    adopted: false,
    requestedAtMs: Date.now(),
  };
}

/**
 * Step 1, look before submitting: the model's dataset, type and "before" metrics, and the baseline the submit step
 * compares against. A model already training when the request starts has no settled metrics yet: the run waits
 * for that training and reads them at its end, or says in the report why there are none.
 */
async function inspect(run: RetrainRun, rawInput: RetrainInput): Promise<MetricsSummary | undefined> {
  const { state } = run;
  const { result: model, apiCalls } = await inspectModel(`inspect model ${run.input.modelId}: status, dataset and metrics before`, {
    request: rawInput,
  });
  // From here on the run goes on with the request as the activity parsed it (zod's output, defaults filled in). A run
  // whose inspect was recorded before the activity returned it (no `request` in its history) parsed its input at its
  // start instead, so its provisional input is that parse's result: raw input and policy defaults, nothing transformed.
  const input = (run.input = model.request ?? run.input);
  run.deadlineAtMs = state.requestedAtMs + input.policy.deadlineMs;
  state.apiCalls += apiCalls;
  state.datasetId = model.datasetId;
  state.modelType = model.modelType;
  showProgress(run);
  if (model.modelType === 'image-detection' && input.learningRate !== undefined) {
    throw retrainFailure('learningRate is not used by image-detection models; omit it', 'InvalidRetrainInput', { code: 'INVALID_INPUT', outcome: 'REJECTED' });
  }
  const ended = await settleBaseline(run, model.current);
  if (model.before || !isInProgress(model.current.status)) return model.before;
  if (ended?.status !== 'SUCCEEDED') {
    run.notes.push(
      ended
        ? `No "before" metrics: model ${input.modelId} was ${model.current.status} when this retrain was requested, and that training ended ${ended.status}`
        : `No "before" metrics: model ${input.modelId} was ${model.current.status} when this retrain was requested (a retry adopting that training)`,
    );
    return undefined;
  }
  const { result: metrics, apiCalls: metricCalls } = await fetchMetrics(`read the metrics of model ${input.modelId} before retraining`, {
    domain: input.domain,
    modelId: input.modelId,
    modelType: model.modelType,
  });
  state.apiCalls += metricCalls;
  run.notes.push(`"Before" metrics read after the training that was running when this retrain was requested ended`);
  return metrics ?? undefined;
}

/**
 * Runs started before submit and follow became one activity replay the two activities (no patch marker in their
 * history); new runs record the marker and take the one activity. docs/OPERATIONS.md says when the old path can go.
 */
export const SUBMIT_AND_FOLLOW_PATCH = 'submit-and-follow';

/** Submits and follows the training; resubmits transient failures when the policy allows. */
async function trainToTerminal(run: RetrainRun) {
  const oneActivity = patched(SUBMIT_AND_FOLLOW_PATCH);
  for (let resubmits = 0; ; resubmits++) {
    const final = oneActivity ? await submitAndFollow(run) : await followTraining(run, await submitWhenDatasetFree(run));
    const transient = final.status !== 'SUCCEEDED' && TRANSIENT_FAILURE.test(`${final.status} ${final.failureMsg ?? ''}`);
    if (!transient || resubmits >= run.input.policy.maxResubmits) return final;
    run.state.lastError = { code: 'TRAINING_FAILED', message: final.failureMsg ?? final.status, atMs: Date.now() };
    run.baseline = baselineOf(final); // that training is over: only one begun after it is the resubmission's
  }
}

/**
 * Builds and delivers the failure report, marks the outcome, and returns the failure the workflow ends with. The
 * report travels in that failure's details (`details[1]`), where clients read it (src/client/run-reader.ts).
 */
async function fail(
  run: RetrainRun,
  outcome: FailureOutcome,
  failure: { message: string; code: string },
  before: MetricsSummary | undefined,
  trainStats?: unknown,
  options: { viaChild?: boolean } = {},
): Promise<ApplicationFailure> {
  run.state.failureMsg = failure.message;
  run.state.lastError = { code: failure.code, message: failure.message, atMs: Date.now() };
  run.state.finishedAtMs ??= Date.now();
  const known = trainingStillRunning(run);
  // No training seen (and so none known to be running) although a submitAndFollow may have started one: look.
  const lookForTraining = run.submitMayHaveLanded && !run.last && run.baseline ? { baseline: run.baseline } : undefined;
  let report: RetrainReport | undefined;
  try {
    report = await finishFailure(run, outcome, failure, before, {
      trainStats,
      ...(known && { trainingStillRunning: known }),
      ...(lookForTraining && { lookForTraining }),
      ...options,
    });
  } catch (error) {
    // Only a bug in building the report gets here (sink failures are returned, the status look never throws): the
    // run still ends with its own failure rather than the report's.
    log.error('The failure report could not be built', { error: error instanceof Error ? error.message : String(error) });
  }
  const stillRunning = known ?? seenByReport(report);
  markEnd(run, outcome);
  const type = failure.code === 'TRAINING_FAILED' ? 'TrainingFailed' : failure.code;
  return retrainFailure(
    stillRunning ? `${failure.message}. ${stillRunningMessage(run, stillRunning.status)}` : failure.message,
    type,
    { code: failure.code, outcome, modelId: run.input.modelId, ...(stillRunning && { trainingStillRunning: stillRunning }) },
    report,
  );
}

/**
 * The run's end in its live state and search attributes. DatasetId is set here with the outcome, in one upsert (one
 * history event): while the run goes on, its dataset is in the live state (`retrainState` query).
 */
function markEnd(run: RetrainRun, outcome: string): void {
  const { state } = run;
  state.phase = outcome === 'SUCCEEDED' ? 'succeeded' : outcome === 'CANCELLED' ? 'cancelled' : 'failed';
  state.finishedAtMs ??= Date.now();
  showProgress(run);
  upsertSearchAttributes([
    { key: OUTCOME, value: outcome },
    ...(state.datasetId !== undefined ? [{ key: DATASET_ID, value: String(state.datasetId) }] : []),
  ]);
}

/** The training this run submitted or adopted, when it was last seen QUEUED or RUNNING. */
function trainingStillRunning(run: RetrainRun) {
  const { last, baseline } = run;
  if (!last || !baseline || !isInProgress(last.status)) return undefined;
  return { modelId: run.input.modelId, status: last.status, lastSeenAt: last.atMs, baseline };
}

/** The training the failure report's status look found still running (fail() above), as the run's details carry it. */
function seenByReport(report: RetrainReport | undefined) {
  const seen = report && report.outcome !== 'SUCCEEDED' ? report.trainingStillRunning : undefined;
  return seen && { ...seen, lastSeenAt: Date.parse(seen.lastSeenAt) };
}

function stillRunningMessage(run: RetrainRun, status: string): string {
  return (
    `The Einstein training of model ${run.input.modelId} was still ${status} when the run ended; ` +
    '`retry` of this run follows that training instead of starting another'
  );
}

function cancelMessage(run: RetrainRun): string {
  return run.state.submittedAtMs === undefined && !run.submitMayHaveLanded
    ? 'Cancelled before anything was submitted to Einstein'
    : `Cancelled while waiting; the Einstein training of model ${run.input.modelId} may still run (Einstein has no cancel endpoint)`;
}
