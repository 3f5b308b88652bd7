// The retrain workflow (design.md §4): validate → look before submitting → submit once the dataset is free (or adopt
// the training an earlier attempt started) → poll adaptively to a terminal status → report → result.
import {
  CancellationScope,
  isCancellation,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { FailureOutcome, MetricsSummary, RetrainReport } from '../report';
import { fetchMetrics, inspectModel } from './activity-options';
import { describeActivityFailure, retrainFailure } from './retrain-errors';
import { parseRetrainInput, RetrainInputError, type RetrainInput, type ValidRetrainInput } from './retrain-input';
import { retrainStateQuery, type RetrainState } from './retrain-state';
import { followTraining, submitWhenDatasetFree, type RetrainRun } from './retrain-steps';
import { deliver, failureReport, successReport } from './report-step';
import { DATASET_ID, DOMAIN, MODEL_ID, OUTCOME, TRIGGER_SOURCE } from './search-attributes';

export interface RetrainResult {
  workflowId: string;
  report: RetrainReport;
}

/** Statuses after which a resubmission may help (infrastructure trouble, not the data). */
const TRANSIENT_FAILURE = /system error|internal|killed|retries/i;

export async function retrainModel(rawInput: RetrainInput): Promise<RetrainResult> {
  const input = validate(rawInput);
  const run: RetrainRun = { input, state: initialState(input), deadlineAtMs: Date.now() + input.policy.deadlineMs };
  setHandler(retrainStateQuery, () => run.state);
  upsertSearchAttributes([
    { key: MODEL_ID, value: input.modelId },
    { key: DOMAIN, value: input.domain },
    { key: TRIGGER_SOURCE, value: input.trigger?.source ?? 'client' },
  ]);
  let before: MetricsSummary | undefined;
  try {
    before = await inspect(run);
    const final = await trainToTerminal(run);
    if (final.status !== 'SUCCEEDED') {
      throw await fail(run, final.status as FailureOutcome, { message: final.failureMsg ?? `Training ended ${final.status}`, code: 'TRAINING_FAILED' }, before, final.trainStats);
    }
    run.state.phase = 'reporting';
    const { result: after, apiCalls } = await fetchMetrics({ domain: input.domain, modelId: input.modelId, modelType: run.state.modelType ?? '' });
    run.state.apiCalls += apiCalls;
    const report = successReport(run, final, before, after);
    await finish(run, 'SUCCEEDED', report);
    return { workflowId: workflowInfo().workflowId, report };
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() =>
        fail(run, 'CANCELLED', { message: cancelMessage(run), code: 'CANCELLED' }, before),
      );
      throw error;
    }
    if (error instanceof ActivityFailure) {
      const { outcome, code, message } = describeActivityFailure(error);
      throw await fail(run, outcome, { message, code }, before);
    }
    throw error;
  }
}

function validate(rawInput: RetrainInput): ValidRetrainInput {
  try {
    return parseRetrainInput(rawInput);
  } catch (error) {
    if (!(error instanceof RetrainInputError)) throw error;
    throw ApplicationFailure.create({ message: error.message, type: 'InvalidRetrainInput', nonRetryable: true, details: [{ code: 'INVALID_INPUT', issues: error.issues }] });
  }
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

async function inspect(run: RetrainRun): Promise<MetricsSummary | undefined> {
  const { input, state } = run;
  const { result: model, apiCalls } = await inspectModel({ domain: input.domain, modelId: input.modelId });
  state.apiCalls += apiCalls;
  state.datasetId = model.datasetId;
  state.modelType = model.modelType;
  upsertSearchAttributes([{ key: DATASET_ID, value: String(model.datasetId) }]);
  if (model.modelType === 'image-detection' && input.learningRate !== undefined) {
    throw retrainFailure('learningRate is not used by image-detection models; omit it', 'InvalidRetrainInput', { code: 'INVALID_INPUT', outcome: 'REJECTED' });
  }
  return model.before;
}

/** Submits and follows the training; resubmits transient failures when the policy allows. */
async function trainToTerminal(run: RetrainRun) {
  for (let resubmits = 0; ; resubmits++) {
    const final = await followTraining(run, await submitWhenDatasetFree(run));
    const transient = final.status !== 'SUCCEEDED' && TRANSIENT_FAILURE.test(`${final.status} ${final.failureMsg ?? ''}`);
    if (!transient || resubmits >= run.input.policy.maxResubmits) return final;
    run.state.lastError = { code: 'TRAINING_FAILED', message: final.failureMsg ?? final.status, atMs: Date.now() };
  }
}

/** Emits the failure report, marks the outcome, and returns the failure the workflow ends with. */
async function fail(
  run: RetrainRun,
  outcome: FailureOutcome,
  failure: { message: string; code: string },
  before: MetricsSummary | undefined,
  trainStats?: unknown,
): Promise<ApplicationFailure> {
  run.state.failureMsg = failure.message;
  run.state.lastError = { code: failure.code, message: failure.message, atMs: Date.now() };
  await finish(run, outcome, failureReport(run, outcome, failure, before, trainStats));
  const type = failure.code === 'TRAINING_FAILED' ? 'TrainingFailed' : failure.code;
  return retrainFailure(failure.message, type, { code: failure.code, outcome, modelId: run.input.modelId });
}

async function finish(run: RetrainRun, outcome: string, report: RetrainReport): Promise<void> {
  run.state.phase = outcome === 'SUCCEEDED' ? 'succeeded' : outcome === 'CANCELLED' ? 'cancelled' : 'failed';
  run.state.finishedAtMs ??= Date.now();
  upsertSearchAttributes([{ key: OUTCOME, value: outcome }]);
  await deliver(report);
}

function cancelMessage(run: RetrainRun): string {
  return run.state.submittedAtMs === undefined
    ? 'Cancelled before anything was submitted to Einstein'
    : `Cancelled while waiting; the Einstein training of model ${run.input.modelId} may still run (Einstein has no cancel endpoint)`;
}
