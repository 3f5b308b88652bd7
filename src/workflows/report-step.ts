// Step 5: build the final report from what the run learned and hand it to `deliverReport`, a child workflow that
// outlives the retrain (ParentClosePolicy.ABANDON), so a sink that is down never fails or delays the retrain.
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import {
  buildFailureReport,
  buildSuccessReport,
  type FailedReport,
  type FailureOutcome,
  type MetricsSummary,
  type RetrainReport,
  type SucceededReport,
} from '../report';
import { deliverReport } from './deliver-report';
import { reportWorkflowId } from './workflow-ids';
import { retrainParameters } from '../contract/retrain-rules';
import { reportDeliverySummary } from './run-details';
import type { RetrainRun } from './retrain-steps';
import type { TrainingObservation } from '../polling/training-observation';

interface TrainingStillRunning {
  modelId: string;
  status: string;
  lastSeenAt: number;
  baseline: { status: string; updatedAtMs?: number };
}

function subject(run: RetrainRun, before: MetricsSummary | undefined) {
  const { input, state } = run;
  const info = workflowInfo();
  return {
    workflowId: info.workflowId,
    runId: info.firstExecutionRunId,
    domain: input.domain,
    modelId: input.modelId,
    triggerSource: input.trigger?.source,
    parameters: retrainParameters(input),
    apiCalls: state.apiCalls,
    before: before ?? null,
  };
}

function timing(run: RetrainRun) {
  const { state } = run;
  return {
    requestedAt: state.requestedAtMs,
    submittedAt: state.submittedAtMs,
    startedAt: state.startedAtMs,
    endedAt: state.endedAtMs,
    finishedAt: state.finishedAtMs ?? Date.now(),
  };
}

export function successReport(
  run: RetrainRun,
  final: TrainingObservation,
  before: MetricsSummary | undefined,
  after: MetricsSummary | null,
): SucceededReport {
  const { state } = run;
  return buildSuccessReport({
    ...subject(run, before),
    datasetId: state.datasetId ?? 0,
    modelType: state.modelType ?? 'unknown',
    timing: { ...timing(run), submittedAt: state.submittedAtMs ?? state.requestedAtMs },
    trainStats: final.trainStats ?? undefined,
    after,
    qualityGate: run.input.policy.qualityGate,
    notes: [...run.notes, ...retryAfterNote(run), ...(after ? [] : ['Einstein returned no metrics for the retrained model'])],
  });
}

export function failureReport(
  run: RetrainRun,
  outcome: FailureOutcome,
  failure: { message: string; code?: string },
  before: MetricsSummary | undefined,
  trainStats?: unknown,
  trainingStillRunning?: TrainingStillRunning,
): FailedReport {
  const { state } = run;
  return buildFailureReport({
    ...subject(run, before),
    ...(trainingStillRunning && { trainingStillRunning }),
    notes: [...run.notes, ...retryAfterNote(run)],
    outcome,
    datasetId: state.datasetId,
    modelType: state.modelType,
    timing: timing(run),
    trainStats: trainStats ?? undefined,
    failureMsg: failure.message,
    failureCode: failure.code,
  });
}

/** Starts the delivery child and returns once it runs; its retries are its own business. */
export async function deliver(report: RetrainReport): Promise<void> {
  await startChild(deliverReport, {
    args: [report],
    workflowId: reportWorkflowId(workflowInfo().workflowId),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: reportDeliverySummary(workflowInfo().workflowId, report.outcome),
  });
}

/** The polling promise yields to a server's Retry-After; the report says when it did. */
function retryAfterNote(run: RetrainRun): string[] {
  const waits = run.state.retryAfterWaits ?? 0;
  if (waits === 0) return [];
  return [`Einstein asked to wait (Retry-After) ${waits} time${waits === 1 ? '' : 's'}; those waits may have delayed seeing the end beyond policy.maxLagShare`];
}
