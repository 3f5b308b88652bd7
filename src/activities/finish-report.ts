// Step 5 of a retrain, in one local activity: read the new metrics (on success), build the report from the facts the
// workflow passes, and deliver it to every sink of this worker. Building here keeps the report builders (and zod)
// out of the workflow bundle; delivering inline saves the report child workflow on the common path. A sink that
// fails or takes longer than INLINE_SINK_TIMEOUT_MS is not an error of this activity: it is returned, and the
// workflow hands the report to the `deliverReport` child for those sinks only (durable retries for a day).
//
// Delivery is at least once: an attempt that is re-run (a retry after a lost worker or a timed-out attempt, a
// workflow task replayed before the marker was recorded) delivers again, with the same report id as the
// idempotency key, which receivers and the history store use to drop the duplicate.
import { buildFailureReport, buildSuccessReport, type FailureOutcome, type MetricsSummary, type QualityGate, type RetrainParameters, type RetrainReport } from '../report';
import type { Domain, EinsteinClient } from '../einstein';
import { NO_METRICS, type AppMetrics } from '../metrics/app-metrics';
import { asSinkError, withinTime, type Sink } from '../sinks';
import { readMetrics } from './inspect-model';
import { startedSince, type ModelBaseline } from './submit-retrain';
import { isInProgress } from '../contract/training-status';

/** How long one sink may take inline before the report goes to the child for it; the activity's own timeout is longer. */
export const INLINE_SINK_TIMEOUT_MS = 10_000;

/** What the workflow knows at its end; timestamps are the workflow's (epoch ms), so a re-run builds the same report. */
export interface ReportFacts {
  workflowId: string;
  runId: string;
  domain: Domain;
  modelId: string;
  triggerSource?: string;
  parameters: RetrainParameters;
  apiCalls: number;
  before?: MetricsSummary;
  datasetId?: number;
  modelType?: string;
  notes: string[];
  timing: { requestedAt: number; submittedAt?: number; startedAt?: number; endedAt?: number; finishedAt: number };
  trainStats?: unknown;
}

export type FinishReportInput = ReportFacts &
  (
    | { outcome: 'SUCCEEDED'; qualityGate?: QualityGate }
    | {
        outcome: FailureOutcome;
        failureMsg: string;
        failureCode?: string;
        trainingStillRunning?: { modelId: string; status: string; lastSeenAt: number; baseline: { status: string; updatedAtMs?: number } };
        /**
         * The run may have a training it has not seen (it ended while submitAndFollow was pending): read the model's
         * status, and report the training as still running when one begun since this baseline is QUEUED or RUNNING.
         */
        lookForTraining?: { baseline: { status: string; updatedAtMs?: number } };
      }
  ) & {
    /** Which sinks to deliver to now: every sink of the worker, or none (the caller hands the report to the child). */
    deliver: 'all' | 'none';
  };

export interface FinishReportResult {
  report: RetrainReport;
  delivered: string[];
  failed: Array<{ sink: string; error: string }>;
}

export async function finishReport(
  einstein: EinsteinClient,
  sinks: readonly Sink[],
  input: FinishReportInput,
  callsSoFar: () => number,
  metrics: AppMetrics = NO_METRICS,
): Promise<FinishReportResult> {
  const report = await build(einstein, input, callsSoFar);
  const outcomes = input.deliver === 'all' ? await Promise.all(sinks.map((sink) => deliverInline(sink, report, metrics))) : [];
  return {
    report,
    delivered: outcomes.filter((o) => o.error === undefined).map((o) => o.sink),
    failed: outcomes.flatMap((o) => (o.error === undefined ? [] : [{ sink: o.sink, error: o.error }])),
  };
}

async function build(
  einstein: EinsteinClient,
  input: FinishReportInput,
  callsSoFar: () => number,
): Promise<RetrainReport> {
  const { timing, notes, apiCalls, deliver: _deliver, ...subject } = input;
  if (subject.outcome !== 'SUCCEEDED') {
    const { failureMsg, failureCode, lookForTraining, outcome, datasetId, modelType, ...common } = subject;
    const trainingStillRunning =
      subject.trainingStillRunning ?? (lookForTraining && (await runningTrainingOf(einstein, subject.domain, subject.modelId, lookForTraining.baseline)));
    return buildFailureReport({
      ...common,
      outcome,
      timing,
      apiCalls: apiCalls + callsSoFar(),
      notes,
      failureMsg,
      ...(datasetId !== undefined && { datasetId }),
      ...(modelType !== undefined && { modelType }),
      ...(failureCode !== undefined && { failureCode }),
      ...(trainingStillRunning && { trainingStillRunning }),
    });
  }
  const modelType = subject.modelType ?? 'unknown';
  const after = await readMetrics(einstein, subject.domain, subject.modelId, modelType);
  const { outcome: _outcome, qualityGate, ...common } = subject;
  return buildSuccessReport({
    ...common,
    datasetId: subject.datasetId ?? 0,
    modelType,
    timing: { ...timing, submittedAt: timing.submittedAt ?? timing.requestedAt },
    // The metrics read counts in the report; the workflow adds the same calls to its live state from the result.
    apiCalls: apiCalls + callsSoFar(),
    after: after ?? null,
    ...(qualityGate !== undefined && { qualityGate }),
    notes: after ? notes : [...notes, 'Einstein returned no metrics for the retrained model'],
  });
}

/** The model's training begun since `baseline`, when it is QUEUED or RUNNING now; undefined when none or unreadable. */
async function runningTrainingOf(einstein: EinsteinClient, domain: Domain, modelId: string, baseline: ModelBaseline) {
  try {
    const current = await einstein.getTrainingStatus(domain, modelId);
    if (!isInProgress(current.status) || !startedSince(current, baseline)) return undefined;
    return { modelId, status: current.status, lastSeenAt: Date.now(), baseline };
  } catch {
    // The report says what is known without it: that a submission may have landed (the run's message says so too).
    return undefined;
  }
}

/** One sink, bounded in time; its failure is returned (as the emit activity's message would say it), never thrown. */
async function deliverInline(sink: Sink, report: RetrainReport, metrics: AppMetrics): Promise<{ sink: string; error?: string }> {
  try {
    const late = () => new Error(`no answer within ${INLINE_SINK_TIMEOUT_MS} ms; the report child retries it`);
    await withinTime(sink.emit(report, { idempotencyKey: report.reportId }), INLINE_SINK_TIMEOUT_MS, late);
    metrics.reportDelivery(sink.name, 'delivered');
    return { sink: sink.name };
  } catch (error) {
    const failure = asSinkError(sink.name, error);
    metrics.reportDelivery(sink.name, failure.retryable ? 'retryable_error' : 'permanent_error');
    return { sink: sink.name, error: failure.message };
  }
}
