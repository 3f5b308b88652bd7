// Step 5: hand what the run learned to the `finishReport` local activity, which reads the new metrics (on success),
// builds the report and delivers it to every sink inline (src/activities/finish-report.ts). Only the sinks that failed
// there go to `deliverReport`, a child workflow that outlives the retrain (ParentClosePolicy.ABANDON) and retries
// them durably, so a sink that is down never fails or delays the retrain. The report builders stay out of this bundle.
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import type { FailureOutcome, MetricsSummary, RetrainReport } from '../report';
import type { FinishReportInput, ReportFacts } from '../activities';
import { deliverReport } from './deliver-report';
import { reportWorkflowId } from './workflow-ids';
import { retrainParameters } from '../contract/retrain-rules';
import { reportDeliverySummary } from './run-details';
import { finishReport } from './activity-options';
import type { RetrainRun } from './retrain-steps';
import type { TrainingObservation } from '../polling/training-observation';

interface TrainingStillRunning {
  modelId: string;
  status: string;
  lastSeenAt: number;
  baseline: { status: string; updatedAtMs?: number };
}

function facts(run: RetrainRun, before: MetricsSummary | undefined, trainStats: unknown): ReportFacts {
  const { input, state } = run;
  const info = workflowInfo();
  return {
    workflowId: info.workflowId,
    runId: info.firstExecutionRunId,
    domain: input.domain,
    modelId: input.modelId,
    ...(input.trigger?.source !== undefined && { triggerSource: input.trigger.source }),
    parameters: retrainParameters(input),
    apiCalls: state.apiCalls,
    ...(before && { before }),
    ...(state.datasetId !== undefined && { datasetId: state.datasetId }),
    ...(state.modelType !== undefined && { modelType: state.modelType }),
    notes: [...run.notes, ...retryAfterNote(run)],
    timing: {
      requestedAt: state.requestedAtMs,
      ...(state.submittedAtMs !== undefined && { submittedAt: state.submittedAtMs }),
      ...(state.startedAtMs !== undefined && { startedAt: state.startedAtMs }),
      ...(state.endedAtMs !== undefined && { endedAt: state.endedAtMs }),
      finishedAt: state.finishedAtMs ?? Date.now(),
    },
    ...(trainStats !== undefined && trainStats !== null && { trainStats }),
  };
}

/** Reads the new metrics, builds the success report and delivers it; sinks that failed go to the child. */
export async function finishSuccess(run: RetrainRun, final: TrainingObservation, before: MetricsSummary | undefined): Promise<RetrainReport> {
  return finish(run, `read the new metrics of model ${run.input.modelId}, build the report, deliver it`, {
    ...facts(run, before, final.trainStats),
    outcome: 'SUCCEEDED',
    ...(run.input.policy.qualityGate !== undefined && { qualityGate: run.input.policy.qualityGate }),
    deliver: 'all',
  });
}

/**
 * Builds the failure report and delivers it. A cancelled run (`viaChild`) builds it only and hands it to the child
 * for every sink: a cancelled workflow ends with a CancelledFailure, which carries no details, so the child's input
 * is where clients read a cancelled run's report (src/client/run-reader.ts).
 */
export async function finishFailure(
  run: RetrainRun,
  outcome: FailureOutcome,
  failure: { message: string; code?: string },
  before: MetricsSummary | undefined,
  options: { trainStats?: unknown; trainingStillRunning?: TrainingStillRunning; lookForTraining?: { baseline: TrainingStillRunning['baseline'] }; viaChild?: boolean } = {},
): Promise<RetrainReport> {
  return finish(run, `build the ${outcome} report of model ${run.input.modelId}${options.viaChild ? '' : ', deliver it'}`, {
    ...facts(run, before, options.trainStats),
    outcome,
    failureMsg: failure.message,
    ...(failure.code !== undefined && { failureCode: failure.code }),
    ...(options.trainingStillRunning && { trainingStillRunning: options.trainingStillRunning }),
    ...(options.lookForTraining && { lookForTraining: options.lookForTraining }),
    deliver: options.viaChild ? 'none' : 'all',
  });
}

async function finish(run: RetrainRun, summary: string, input: FinishReportInput): Promise<RetrainReport> {
  const { result, apiCalls } = await finishReport(summary, input);
  run.state.apiCalls += apiCalls;
  if (input.deliver === 'none') await deliverLater(result.report);
  else if (result.failed.length > 0) await deliverLater(result.report, result.failed.map((f) => f.sink));
  return result.report;
}

/** Starts the delivery child (for `sinks` only, or every sink) and returns once it runs; its retries are its own. */
async function deliverLater(report: RetrainReport, sinks?: string[]): Promise<void> {
  await startChild(deliverReport, {
    args: sinks ? [report, sinks] : [report],
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
