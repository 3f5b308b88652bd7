// Builds validated reports from what the workflow knows at its end. Pure (no I/O, no clock, no Node built-ins), so
// the workflow may call it: the same input always gives the same report.
import type { z } from 'zod';
import { asRecord } from './metric-values';
import { compareMetrics } from './metrics-comparison';
import { MetricsSummary, summarizeMetrics } from './metrics-summary';
import { type QualityGate, judgeRetrain } from './quality-verdict';
import {
  FailedReport,
  type FailureOutcome,
  REPORT_SCHEMA_VERSION,
  type RetrainParameters,
  RetrainReport,
  type ReportTiming,
  SucceededReport,
} from './retrain-report';

/** Thrown when a report cannot be built from its input; `issues` name each bad field. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  readonly code = 'REPORT_INPUT_INVALID';
  constructor(readonly issues: string[]) {
    super(`Cannot build the retrain report: ${issues.join('; ')}`);
  }
}

/** ISO 8601 text (Einstein's `...000+0000` form included), epoch milliseconds, or a Date. */
export type TimestampInput = string | number | Date;

/** Metrics as a ready summary, or a raw Get Model Metrics body (`modelType` defaults to the report's). */
export type MetricsInput = MetricsSummary | { modelType?: string; metricsData: unknown } | null | undefined;

export interface ReportSubjectInput {
  workflowId: string;
  /** Use one run id per retrain, e.g. `workflowInfo().firstExecutionRunId`, so continue-as-new keeps the id. */
  runId: string;
  domain: 'vision' | 'language';
  modelId: string;
  modelName?: string;
  triggerSource?: string;
  parameters?: RetrainParameters;
  timing: {
    requestedAt: TimestampInput;
    submittedAt?: TimestampInput;
    startedAt?: TimestampInput;
    /** Einstein's `updatedAt` on the terminal status the poll saw. */
    endedAt?: TimestampInput;
    finishedAt: TimestampInput;
  };
  apiCalls: number;
  /** Einstein's `trainStats` as received; odd fields are dropped, not fatal. */
  trainStats?: unknown;
  before?: MetricsInput;
  notes?: string[];
}

export interface SuccessReportInput extends ReportSubjectInput {
  datasetId: number;
  modelType: string;
  timing: ReportSubjectInput['timing'] & { submittedAt: TimestampInput };
  after?: MetricsInput;
  /** How the verdict is reached; each field has a default per model type. */
  qualityGate?: QualityGate;
}

export interface FailureReportInput extends ReportSubjectInput {
  outcome: FailureOutcome;
  datasetId?: number;
  modelType?: string;
  failureMsg?: string;
  failureCode?: string;
  /** Defaults to true for CANCELLED/TIMED_OUT after a submission, and whenever `trainingStillRunning` is set. */
  remoteTrainingMayStillRun?: boolean;
  trainingStillRunning?: { modelId: string; status: string; lastSeenAt: TimestampInput; baseline: { status: string; updatedAtMs?: number } };
}

/** The report id: stable for one run of one workflow, so a retried emit carries the same idempotency key. */
export function reportIdFor(workflowId: string, runId: string): string {
  return `${workflowId}:${runId}`;
}

export function buildSuccessReport(input: SuccessReportInput): SucceededReport {
  const before = toSummary(input.before, input.modelType);
  const after = toSummary(input.after, input.modelType);
  const delta = compareMetrics(before, after);
  const verdict = judgeRetrain(delta, input.modelType, input.qualityGate);
  const candidate = {
    ...commonFields(input, before),
    outcome: 'SUCCEEDED',
    datasetId: input.datasetId,
    modelType: input.modelType,
    ...(after !== undefined && { after }),
    delta,
    ...(verdict !== undefined && { verdict }),
  };
  return validated(SucceededReport, candidate);
}

export function buildFailureReport(input: FailureReportInput): FailedReport {
  const modelType = input.modelType;
  const before = toSummary(input.before, modelType ?? '');
  const candidate = {
    ...commonFields(input, before),
    outcome: input.outcome,
    ...(input.datasetId !== undefined && { datasetId: input.datasetId }),
    ...(modelType !== undefined && { modelType }),
    failureMsg: nonEmpty(input.failureMsg) ?? defaultFailureMsg(input.outcome),
    ...(input.failureCode !== undefined && { failureCode: input.failureCode }),
    remoteTrainingMayStillRun: input.remoteTrainingMayStillRun ?? (mayStillRun(input) || input.trainingStillRunning !== undefined),
    ...(input.trainingStillRunning && {
      trainingStillRunning: { ...input.trainingStillRunning, lastSeenAt: iso(toMillis('trainingStillRunning.lastSeenAt', input.trainingStillRunning.lastSeenAt)) },
    }),
  };
  return validated(FailedReport, candidate);
}

/** Validates an already built report, e.g. one read back from a JSON-lines file. */
export function parseRetrainReport(value: unknown): RetrainReport {
  return validated(RetrainReport, value);
}

function commonFields(input: ReportSubjectInput, before: MetricsSummary | undefined) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    reportId: reportIdFor(input.workflowId, input.runId),
    workflowId: input.workflowId,
    runId: input.runId,
    domain: input.domain,
    modelId: input.modelId,
    ...(input.modelName !== undefined && { modelName: input.modelName }),
    ...(input.triggerSource !== undefined && { triggerSource: input.triggerSource }),
    parameters: input.parameters ?? {},
    timing: buildTiming(input.timing),
    apiCalls: input.apiCalls,
    ...(asRecord(input.trainStats) !== undefined && { trainStats: input.trainStats }),
    ...(before !== undefined && { before }),
    notes: input.notes ?? [],
  };
}

function buildTiming(timing: ReportSubjectInput['timing']): ReportTiming {
  const requested = toMillis('timing.requestedAt', timing.requestedAt);
  const finished = toMillis('timing.finishedAt', timing.finishedAt);
  const submitted = optionalMillis('timing.submittedAt', timing.submittedAt);
  const started = optionalMillis('timing.startedAt', timing.startedAt);
  const ended = optionalMillis('timing.endedAt', timing.endedAt);
  const durations: ReportTiming['durations'] = { totalMs: finished - requested };
  if (submitted !== undefined) durations.untilSubmitMs = submitted - requested;
  if (submitted !== undefined) durations.trainingMs = finished - submitted;
  if (submitted !== undefined && started !== undefined) durations.queuedMs = started - submitted;
  if (started !== undefined) durations.runningMs = finished - started;
  if (ended !== undefined) durations.detectionLagMs = Math.max(0, finished - ended);
  return {
    requestedAt: iso(requested),
    ...(submitted !== undefined && { submittedAt: iso(submitted) }),
    ...(started !== undefined && { startedAt: iso(started) }),
    ...(ended !== undefined && { endedAt: iso(ended) }),
    finishedAt: iso(finished),
    durations,
  };
}

function toMillis(field: string, value: TimestampInput): number {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : parseTimestamp(value);
  if (!Number.isFinite(millis)) {
    throw new ReportInputError([`${field}: expected an ISO 8601 timestamp, epoch milliseconds or a Date`]);
  }
  return Math.round(millis);
}

function optionalMillis(field: string, value: TimestampInput | undefined): number | undefined {
  return value === undefined ? undefined : toMillis(field, value);
}

/** Einstein writes offsets without a colon (`+0000`); ISO 8601 parsers want `+00:00`. */
function parseTimestamp(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}

function toSummary(input: MetricsInput, modelType: string): MetricsSummary | undefined {
  if (input === null || input === undefined) return undefined;
  if ('metricsData' in input) return summarizeMetrics(input.modelType ?? modelType, input.metricsData);
  const parsed = MetricsSummary.safeParse(input);
  if (!parsed.success) throw new ReportInputError(issuesOf(parsed.error.issues, 'metrics'));
  return parsed.data;
}

function mayStillRun(input: FailureReportInput): boolean {
  return (input.outcome === 'CANCELLED' || input.outcome === 'TIMED_OUT') && input.timing.submittedAt !== undefined;
}

function defaultFailureMsg(outcome: FailureOutcome): string {
  switch (outcome) {
    case 'CANCELLED':
      return 'The retrain was cancelled';
    case 'TIMED_OUT':
      return 'The retrain did not finish before its deadline';
    case 'REJECTED':
      return 'Einstein refused the retrain';
    default:
      return `Einstein reported training status ${outcome} without a failureMsg`;
  }
}

function validated<T>(schema: z.ZodType<T>, candidate: unknown): T {
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) throw new ReportInputError(issuesOf(parsed.error.issues));
  return parsed.data;
}

function issuesOf(issues: readonly z.core.$ZodIssue[], prefix?: string): string[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return `${path || '(report)'}: ${issue.message}`;
  });
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}
