// The final report of one retrain (docs/ARCHITECTURE.md): what was asked, what happened, how long it took, and the model's
// metrics before and after. Every sink emits exactly this object; receivers can validate it with `RetrainReport`.
import { z } from 'zod';
import { MetricsComparison } from './metrics-comparison';
import { MetricsSummary } from './metrics-summary';
import { QualityVerdict } from './quality-verdict';

export const REPORT_SCHEMA_VERSION = 1;

/**
 * How a retrain ended. The first four mirror Einstein's terminal training statuses; the others are ours:
 * `CANCELLED` (the workflow was cancelled), `TIMED_OUT` (the busy-dataset wait or the overall deadline ran out) and
 * `REJECTED` (Einstein refused the retrain for good: model or dataset gone, invalid request).
 */
export const RETRAIN_OUTCOMES = [
  'SUCCEEDED',
  'FAILED',
  'FAILED_WITH_RETRIES',
  'KILLED',
  'CANCELLED',
  'TIMED_OUT',
  'REJECTED',
] as const;
export const RetrainOutcome = z.enum(RETRAIN_OUTCOMES);
export type RetrainOutcome = z.infer<typeof RetrainOutcome>;

export const FAILURE_OUTCOMES = RETRAIN_OUTCOMES.filter(
  (outcome): outcome is Exclude<RetrainOutcome, 'SUCCEEDED'> => outcome !== 'SUCCEEDED',
);
export const FailureOutcome = z.enum(FAILURE_OUTCOMES);
export type FailureOutcome = z.infer<typeof FailureOutcome>;

export const RetrainParameters = z.object({
  epochs: z.number().int().optional(),
  learningRate: z.number().optional(),
  algorithm: z.string().optional(),
  trainParams: z
    .object({
      trainSplitRatio: z.number().optional(),
      withFeedback: z.boolean().optional(),
      withGlobalDatasetId: z.number().int().optional(),
    })
    .optional(),
});
export type RetrainParameters = z.infer<typeof RetrainParameters>;

/**
 * Einstein's `trainStats` (docs/einstein-api.md §3). A field of an unexpected type is dropped (`catch`) rather than
 * failing the whole report; unknown fields are kept.
 */
const optionalInt = z.number().int().optional().catch(undefined);
const optionalText = z.string().optional().catch(undefined);
export const TrainStats = z.looseObject({
  labels: optionalInt,
  examples: optionalInt,
  totalTime: optionalText,
  trainingTime: optionalText,
  earlyStopping: z.boolean().optional().catch(undefined),
  lastEpochDone: optionalInt,
  modelSaveTime: optionalText,
  testSplitSize: optionalInt,
  trainSplitSize: optionalInt,
  datasetLoadTime: optionalText,
});
export type TrainStats = z.infer<typeof TrainStats>;

const Timestamp = z.iso.datetime({ offset: true });
const Milliseconds = z.number().int();

/**
 * Times as ISO 8601 (UTC). `finishedAt` is when our poll saw the training's end (or the run ended); `endedAt` is
 * when Einstein says the training ended (its `updatedAt` on the terminal status), present when a poll saw one.
 * `durations` are derived: `totalMs` request → finish, `untilSubmitMs` request → submit (validation and any
 * busy-dataset wait), `trainingMs` submit → finish, `queuedMs` submit → start of RUNNING, `runningMs` start of
 * RUNNING → finish, `detectionLagMs` Einstein's end → our poll that saw it (never below 0: the two clocks differ).
 * A duration is present when both of its ends are.
 */
export const ReportTiming = z.object({
  requestedAt: Timestamp,
  submittedAt: Timestamp.optional(),
  startedAt: Timestamp.optional(),
  endedAt: Timestamp.optional(),
  finishedAt: Timestamp,
  durations: z.object({
    totalMs: Milliseconds,
    untilSubmitMs: Milliseconds.optional(),
    trainingMs: Milliseconds.optional(),
    queuedMs: Milliseconds.optional(),
    runningMs: Milliseconds.optional(),
    detectionLagMs: Milliseconds.nonnegative().optional(),
  }),
});
export type ReportTiming = z.infer<typeof ReportTiming>;

const reportBase = {
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /** Stable per workflow run (see `reportIdFor`); sinks use it as the idempotency key. */
  reportId: z.string().min(1),
  workflowId: z.string().min(1),
  runId: z.string().min(1),
  domain: z.enum(['vision', 'language']),
  modelId: z.string().min(1),
  modelName: z.string().optional(),
  triggerSource: z.string().optional(),
  parameters: RetrainParameters,
  timing: ReportTiming,
  /** Einstein API calls this retrain made (token requests included). */
  apiCalls: z.number().int().nonnegative(),
  trainStats: TrainStats.optional(),
  /** The model's metrics when the retrain was requested; absent if it had none. */
  before: MetricsSummary.optional(),
  /** Things a reader should know, e.g. why the new metrics are missing. */
  notes: z.array(z.string()),
};

export const SucceededReport = z.object({
  ...reportBase,
  outcome: z.literal('SUCCEEDED'),
  datasetId: z.number().int(),
  modelType: z.string().min(1),
  timing: ReportTiming.extend({ submittedAt: Timestamp }),
  /** Absent only when the new metrics could not be read; `notes` then says why. */
  after: MetricsSummary.optional(),
  delta: MetricsComparison,
  /** The quality gate's verdict (`policy.qualityGate`); absent only when the deciding metric has no new value. */
  verdict: QualityVerdict.optional(),
});
export type SucceededReport = z.infer<typeof SucceededReport>;

export const TrainingStillRunning = z.object({
  modelId: z.string().min(1),
  /** Its last seen status (QUEUED or RUNNING) and when it was seen. */
  status: z.string().min(1),
  lastSeenAt: Timestamp,
  /** The model's status before this request started anything (see the submit activity). */
  baseline: z.object({ status: z.string().min(1), updatedAtMs: z.number().optional() }),
});
export type TrainingStillRunning = z.infer<typeof TrainingStillRunning>;

export const FailedReport = z.object({
  ...reportBase,
  outcome: FailureOutcome,
  /** Unknown when the retrain failed before the model could be read. */
  datasetId: z.number().int().optional(),
  modelType: z.string().optional(),
  failureMsg: z.string().min(1),
  /** A stable error code when our side classified the failure (e.g. `DATASET_DELETED`). */
  failureCode: z.string().optional(),
  /** Einstein has no cancel endpoint: after a cancel or timeout, the submitted training may still be running. */
  remoteTrainingMayStillRun: z.boolean(),
  /**
   * Set when the run ended while its training was last seen QUEUED or RUNNING: which one, and the model's status
   * before this request, so that `retry` follows that training instead of paying for another.
   */
  trainingStillRunning: TrainingStillRunning.optional(),
});
export type FailedReport = z.infer<typeof FailedReport>;

export const RetrainReport = z.discriminatedUnion('outcome', [SucceededReport, FailedReport]);
export type RetrainReport = z.infer<typeof RetrainReport>;
