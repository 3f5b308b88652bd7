/**
 * The invariants checked after every scenario, as pure functions of what was collected: the emulator's own training
 * records (what Einstein did), each run's end (what the orchestrator said), the reports the sinks received, the
 * refusing activity's attempts (from history), and every text a secret could leak into.
 */
import type { TrainingRecord } from '../../src/emulator/control/control-client';

/** What a request should end with: a trained model, the planned training failure, or a permanent refusal. */
export type Expectation = 'SUCCEEDED' | 'TRAINING_FAILED' | 'MODEL_NOT_FOUND' | 'DATASET_DELETED';
export const REFUSAL_CODES: readonly Expectation[] = ['MODEL_NOT_FOUND', 'DATASET_DELETED'];
/** Activity failure types that mean Einstein refused for good; a retry after one of these is a violation. */
const REFUSAL_TYPES = new Set(['ModelNotFoundError', 'DatasetDeletedError', 'InvalidRequestError', 'UnexplainedRefusal']);

export interface RequestRecord {
  workflowId: string;
  modelId: string;
  domain: 'vision' | 'language';
  expect: Expectation;
}

/** How one refused run's refusing activity went (from its history). */
export interface RefusalAttempts {
  activity: string;
  /** The attempt that was refused (1 = the first). */
  attempt: number;
  failureType: string;
  nonRetryable: boolean;
  /** The failure of the attempt before it, when there was one: it must be a fault that heals, not a refusal. */
  previousFailure?: string;
}

export interface RunEnd {
  workflowId: string;
  /** Temporal's status name, or STUCK when the run was still open at the scenario's timeout. */
  status: string;
  outcome?: string;
  /** details[0].code of the failure; undefined for a failure without one (untyped). */
  code?: string;
  failureType?: string;
  message?: string;
  reportId?: string;
  refusal?: RefusalAttempts;
}

export interface Evidence {
  requests: RequestRecord[];
  ends: RunEnd[];
  /** The emulator's records of every training accepted since it started (set-up trainings included). */
  trainings: TrainingRecord[];
  /** reportId → webhook deliveries that verified (one per POST the receiver accepted). */
  webhook: Map<string, { workflowId: string; count: number }>;
  /** reportId → lines in the JSON-lines sink. */
  jsonl: Map<string, number>;
  /** Signature checks the receiver refused. */
  webhookRejected: string[];
  /** Where each secret was found, e.g. "access token in worker.log". */
  leaks: string[];
  /**
   * How much the secret scan looked at: issued access tokens searched for, whether the same matcher found them in the
   * emulator's state file (a positive control), histories read, characters searched.
   */
  scanned: { accessTokens: number; controlFound: boolean; histories: number; bytes: number };
}

export interface Verdict {
  requests: number;
  /** Requests that should have started exactly one training. */
  expectedTrainings: number;
  trainings: number;
  duplicates: number;
  /** Requests that should have trained but never started a training. */
  missingTrainings: number;
  unwatched: number;
  succeeded: number;
  /** Runs that ended with the expected typed failure (planned training failure or permanent refusal). */
  failedAsExpected: number;
  /** Runs that should have succeeded (or failed otherwise) but failed: a fault that heals ended them. */
  failedByHealingFault: number;
  untyped: number;
  stuck: number;
  refusals: number;
  refusalsTyped: number;
  /** Refused with the typed code and never tried again after the refusal (earlier attempts only met injected faults). */
  refusalsOnFirstAttempt: number;
  /** Of those, refused on attempt 1 itself. */
  refusalsAttempt1: number;
  reportsMissing: number;
  reportsDelivered: number;
  /** Deliveries beyond the first with the same idempotency key (at-least-once; receivers drop them by key). */
  redundantDeliveries: number;
  jsonlRedundant: number;
  leaks: number;
  violations: string[];
}

export function check(e: Evidence): Verdict {
  const violations: string[] = [];
  const byModel = new Map<string, TrainingRecord[]>();
  for (const t of e.trainings) {
    if (t.kind !== 'retrain') continue;
    byModel.set(t.modelId, [...(byModel.get(t.modelId) ?? []), t]);
  }
  const ends = new Map(e.ends.map((end) => [end.workflowId, end]));

  // Trainings submitted = requests; none left unwatched.
  let trainings = 0;
  let duplicates = 0;
  let missingTrainings = 0;
  let expectedTrainings = 0;
  let unwatched = 0;
  for (const r of e.requests) {
    const mine = byModel.get(r.modelId) ?? [];
    trainings += mine.length;
    const shouldTrain = r.expect === 'SUCCEEDED' || r.expect === 'TRAINING_FAILED';
    if (shouldTrain) expectedTrainings += 1;
    if (shouldTrain && mine.length === 0) {
      missingTrainings += 1;
      violations.push(`${r.workflowId}: no training was submitted for model ${r.modelId}`);
    }
    const allowed = shouldTrain ? 1 : 0;
    if (mine.length > allowed) {
      duplicates += mine.length - allowed;
      violations.push(
        `${r.workflowId}: ${mine.length} trainings of model ${r.modelId} (submitted ${mine.map((t) => t.submittedAt).join(', ')})`,
      );
    }
    for (const t of mine) {
      if (!t.terminal) {
        unwatched += 1;
        violations.push(`${r.workflowId}: training of ${r.modelId} submitted ${t.submittedAt} still ${t.status} after its run closed`);
      } else if (t.firstTerminalReadAt === null) {
        unwatched += 1;
        violations.push(`${r.workflowId}: training of ${r.modelId} submitted ${t.submittedAt} ended ${t.outcome} at ${t.endedAt}, never read`);
      }
    }
  }

  // Every run ends SUCCEEDED or with a typed reason; none failed by a fault that heals; refusals on first attempt.
  let succeeded = 0;
  let failedAsExpected = 0;
  let failedByHealingFault = 0;
  let untyped = 0;
  let stuck = 0;
  let refusals = 0;
  let refusalsTyped = 0;
  let refusalsOnFirstAttempt = 0;
  let refusalsAttempt1 = 0;
  for (const r of e.requests) {
    const end = ends.get(r.workflowId);
    if (!end || end.status === 'STUCK') {
      stuck += 1;
      violations.push(`${r.workflowId}: still open when the scenario timed out`);
      continue;
    }
    const refusal = REFUSAL_CODES.includes(r.expect);
    if (refusal) refusals += 1;
    if (end.status === 'COMPLETED' && end.outcome === 'SUCCEEDED') {
      succeeded += 1;
      if (r.expect !== 'SUCCEEDED') violations.push(`${r.workflowId}: expected ${r.expect}, succeeded`);
      continue;
    }
    if (end.status !== 'FAILED' || end.code === undefined || end.failureType === undefined) {
      untyped += 1;
      violations.push(`${r.workflowId}: ended ${end.status} without a typed reason (${end.message ?? 'no message'})`);
      continue;
    }
    if (end.code === r.expect) {
      failedAsExpected += 1;
    } else {
      failedByHealingFault += 1;
      violations.push(`${r.workflowId}: expected ${r.expect}, failed ${end.code} (${end.failureType}): ${end.message ?? ''}`);
    }
    if (!refusal || end.code !== r.expect) continue;
    refusalsTyped += 1;
    const attempts = end.refusal;
    if (!attempts) {
      violations.push(`${r.workflowId}: refused ${end.code}, but no failed activity in its history says so`);
      continue;
    }
    if (!attempts.nonRetryable) violations.push(`${r.workflowId}: the refusal ${attempts.failureType} was not marked non-retryable`);
    const retriedAfterRefusal = attempts.previousFailure !== undefined && REFUSAL_TYPES.has(attempts.previousFailure);
    if (retriedAfterRefusal) {
      violations.push(`${r.workflowId}: ${attempts.activity} was refused on attempt ${attempts.attempt - 1} (${attempts.previousFailure}) and tried again`);
    } else {
      // Attempts before the refused one failed by injected faults (5xx, resets...): the refusal itself came first.
      refusalsOnFirstAttempt += 1;
      if (attempts.attempt === 1) refusalsAttempt1 += 1;
    }
  }

  // Each report delivered once per idempotency key: one report per run, every one delivered, no stray keys.
  let reportsMissing = 0;
  let reportsDelivered = 0;
  let redundantDeliveries = 0;
  let jsonlRedundant = 0;
  const runIds = new Set(e.requests.map((r) => r.workflowId));
  const keysByRun = new Map<string, string[]>();
  for (const [reportId, d] of e.webhook) {
    keysByRun.set(d.workflowId, [...(keysByRun.get(d.workflowId) ?? []), reportId]);
    redundantDeliveries += d.count - 1;
    if (!runIds.has(d.workflowId)) violations.push(`report ${reportId} delivered for a workflow no request started`);
  }
  for (const [, lines] of e.jsonl) jsonlRedundant += Math.max(0, lines - 1);
  for (const r of e.requests) {
    const end = ends.get(r.workflowId);
    if (!end || end.status === 'STUCK') continue;
    const keys = keysByRun.get(r.workflowId) ?? [];
    if (keys.length === 0) {
      reportsMissing += 1;
      violations.push(`${r.workflowId}: no report reached the webhook`);
      continue;
    }
    if (keys.length > 1) violations.push(`${r.workflowId}: ${keys.length} different report ids delivered (${keys.join(', ')})`);
    if (end.reportId !== undefined && !keys.includes(end.reportId)) violations.push(`${r.workflowId}: its report ${end.reportId} was not the one delivered`);
    if (!keys.some((k) => e.jsonl.has(k))) violations.push(`${r.workflowId}: no report line in the JSON-lines sink`);
    reportsDelivered += 1;
  }
  for (const reason of e.webhookRejected) violations.push(`webhook receiver refused a delivery: ${reason}`);

  // No secret in any log or history.
  for (const leak of e.leaks) violations.push(`secret found: ${leak}`);

  return {
    requests: e.requests.length,
    expectedTrainings,
    trainings,
    duplicates,
    missingTrainings,
    unwatched,
    succeeded,
    failedAsExpected,
    failedByHealingFault,
    untyped,
    stuck,
    refusals,
    refusalsTyped,
    refusalsOnFirstAttempt,
    refusalsAttempt1,
    reportsMissing,
    reportsDelivered,
    redundantDeliveries,
    jsonlRedundant,
    leaks: e.leaks.length,
    violations,
  };
}
