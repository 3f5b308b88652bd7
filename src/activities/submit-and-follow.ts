// Steps 2 and 3 of a retrain in one activity: submit (or adopt the training an earlier attempt started), then follow
// that training to a terminal status. One activity instead of two saves the workflow a round trip and six history
// events (a successful retrain is one activity: scheduled, started, completed), with the same guarantees as the two:
//
//  - Until an attempt has *recorded* a submission in the heartbeat details, every attempt is a submit attempt, and a
//    submit attempt is exactly submitRetrain's (submit-retrain.ts): read the status, adopt a training begun since the
//    baseline, else POST. An attempt lost after its POST landed but before its heartbeat reached the server leaves no
//    record, so the next attempt reads, sees that training and adopts it: the argument of docs/ARCHITECTURE.md
//    ("Exactly one training per request") holds attempt by attempt, whatever the attempt number.
//  - Once a submission is recorded, every attempt is a poll attempt, exactly pollTraining's (poll-training.ts): one
//    status read, "not yet" as a benign retry whose delay is the poll scheduler's. The carry (observations, counters,
//    live view) is the poll's heartbeat plus the submission, so the client's run reader shows the training from it.
//  - A busy dataset (another model's training) comes back to the workflow at once, which waits it out with
//    pollTraining and calls this activity again.
//
// Submit attempts keep the submit's own retry rhythm (1 s doubling to 1 min, 20 attempts) through `nextRetryDelay`,
// since the activity's retry policy is the poll's (src/workflows/activity-options.ts).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { EinsteinClient } from '../einstein';
import type { PollBounds } from '../polling/poll-schedule';
import { isTerminal } from '../contract/training-status';
import type { TrainingObservation } from '../polling/training-observation';
import type { PollHeartbeat } from '../polling/poll-heartbeat';
import { runAttempt } from './attempt';
import { firstCarry, pollWithCarry, type PollTrainingInput, type PollTrainingResult } from './poll-training';
import { submitRetrain, type SubmitOutcome, type SubmitRetrainInput } from './submit-retrain';

export interface SubmitAndFollowInput extends SubmitRetrainInput {
  /** The request's submit attempt timeout: a submit attempt's requests are aborted 1 s before it. */
  submitAttemptTimeoutMs: number;
  bounds?: Partial<PollBounds>;
}

/** How this request's training came to be followed, and when (the attempt's clock, epoch ms). */
export interface Submission {
  kind: 'submitted' | 'adopted';
  atMs: number;
}

/** The heartbeat details once a submission is recorded: the poll's carry and the submission. */
export interface SubmitFollowCarry extends PollHeartbeat {
  submission: Submission;
}

export type SubmitAndFollowResult =
  | (Extract<SubmitOutcome, { kind: 'busy' }> & { apiCalls: number })
  | { kind: 'followed'; submission: Submission; follow: PollTrainingResult };

/** The submit's own retry rhythm, kept inside the merged activity (it was the submit activity's retry policy). */
export const SUBMIT_RETRY = { initialMs: 1_000, coefficient: 2, maxMs: 60_000, maxAttempts: 20 } as const;

export async function submitAndFollow(einstein: EinsteinClient, input: SubmitAndFollowInput): Promise<SubmitAndFollowResult> {
  const context = Context.current();
  let carry = followCarryOf(context.info.heartbeatDetails);
  if (!carry) {
    const { result: outcome, apiCalls } = await submitAttempt(einstein, input, context.info.attempt);
    if (outcome.kind === 'busy') return { ...outcome, apiCalls };
    carry = startFollowing(input, outcome, apiCalls);
    if (isTerminal(outcome.observation.status)) {
      return { kind: 'followed', submission: carry.submission, follow: ended(carry, outcome.observation) };
    }
  }
  const follow = await pollWithCarry(einstein, pollInput(input, carry), carry);
  return { kind: 'followed', submission: carry.submission, follow };
}

/** One submit attempt (submitRetrain, with the attempt's requests bounded by the submit timeout). */
async function submitAttempt(einstein: EinsteinClient, input: SubmitAndFollowInput, attempt: number) {
  const { submitAttemptTimeoutMs, bounds: _bounds, ...submit } = input;
  try {
    return await runAttempt(() => submitRetrain(einstein, submit, attempt), { timeoutMs: submitAttemptTimeoutMs });
  } catch (error) {
    throw withSubmitRetry(error, attempt);
  }
}

/** A retryable submit failure retries on the submit's rhythm, and not past its attempts. */
export function withSubmitRetry(error: unknown, attempt: number): unknown {
  if (!(error instanceof ApplicationFailure) || error.nonRetryable) return error;
  const giveUp = attempt >= SUBMIT_RETRY.maxAttempts;
  const backoffMs = Math.min(SUBMIT_RETRY.maxMs, SUBMIT_RETRY.initialMs * SUBMIT_RETRY.coefficient ** (attempt - 1));
  return ApplicationFailure.create({
    message: giveUp ? `${error.message} (gave up after ${attempt} submit attempts)` : error.message,
    type: error.type ?? undefined,
    nonRetryable: giveUp,
    nextRetryDelay: giveUp ? undefined : Math.max(backoffMs, Number(error.nextRetryDelay ?? 0) || 0),
    category: error.category ?? undefined,
    details: error.details ?? [],
  });
}

/** The carry the first poll attempt starts from: the observation the submit made, the calls it took, the submission. */
function startFollowing(input: SubmitAndFollowInput, outcome: Extract<SubmitOutcome, { observation: unknown }>, apiCalls: number): SubmitFollowCarry {
  const first = outcome.observation;
  const submission: Submission = { kind: outcome.kind, atMs: first.atMs };
  const startedAtMs = first.status === 'RUNNING' ? first.atMs : undefined;
  const carry = firstCarry({ ...pollInputBase(input, submission), window: [first], ...(startedAtMs !== undefined && { startedAtMs }) });
  return { ...carry, apiCalls, submission };
}

function pollInputBase(input: SubmitAndFollowInput, submission: Submission): Omit<PollTrainingInput, 'window'> {
  return {
    domain: input.domain,
    modelId: input.modelId,
    submittedAtMs: submission.atMs,
    ...(input.bounds && { bounds: input.bounds }),
  };
}

function pollInput(input: SubmitAndFollowInput, carry: SubmitFollowCarry): PollTrainingInput {
  return { ...pollInputBase(input, carry.submission), window: carry.window };
}

/** The result for a training that had already ended when the submit attempt saw it (adopted at its end). */
function ended(carry: SubmitFollowCarry, observation: TrainingObservation): PollTrainingResult {
  return {
    observation,
    window: carry.window,
    polls: 0,
    apiCalls: carry.apiCalls,
    next: { delayMs: 0, nextAtMs: observation.atMs, boundMs: 0, rule: 'terminal', reason: 'the training had ended', retryAfterApplied: false },
    retryAfterWaits: 0,
  };
}

/** The heartbeat details when an earlier attempt recorded a submission; undefined for a submit attempt's. */
export function followCarryOf(details: unknown): SubmitFollowCarry | undefined {
  const carry = details as Partial<SubmitFollowCarry> | undefined;
  const kind = carry?.submission?.kind;
  if ((kind !== 'submitted' && kind !== 'adopted') || !Array.isArray(carry?.window)) return undefined;
  return carry as SubmitFollowCarry;
}
