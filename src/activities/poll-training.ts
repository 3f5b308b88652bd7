// Step 3 of a retrain: poll the training status until the training ends.
//
// Each activity *attempt* is one status call. A "not yet" ends the attempt with a benign failure whose next retry
// delay comes from the adaptive poll scheduler, so the wait between polls is a Temporal retry backoff: durable, and
// free of history events. The activity completes only at a terminal status, so a successful retrain of any duration
// has one pollTraining in its history (scheduled, started, completed). Status changes and progress do not come back
// to the workflow: the observations travel from attempt to attempt in the heartbeat details
// (src/polling/poll-heartbeat.ts), whose `live` part the client's run reader shows, and each attempt's failure
// message says how the training stands ("not finished yet (RUNNING 40%: ...)") in the Temporal UI. Read failures that
// can heal are retried here too; every third in a row returns with `trouble` so the workflow's live state shows it.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { Domain, EinsteinClient, EinsteinError } from '../einstein';
import { isEinsteinError, ModelNotFoundError, withAbortSignal } from '../einstein';
import { nextPollDelay, retainObservations, type PollBounds, type PollDecision } from '../polling/poll-schedule';
import { isTerminal } from '../contract/training-status';
import { healBackoffMs, type TrainingObservation } from '../polling/training-observation';
import { liveOf, type PollHeartbeat } from '../polling/poll-heartbeat';
import { countingApiCalls } from './api-calls';
import { attemptSignal } from './attempt';
import { toApplicationFailure } from './failures';
import { observe } from './observe';

export interface PollTrainingInput {
  domain: Domain;
  modelId: string;
  /** What the workflow has seen so far (bounded), oldest first. */
  window: TrainingObservation[];
  /** When the training was submitted (or the wait began), epoch ms. */
  submittedAtMs: number;
  /**
   * Do not call Einstein before this time (after a `trouble` return: the heal backoff). When absent, the first call
   * waits the scheduler's delay after the window's last observation: right after a POST, which just said how the
   * training stands, re-reading it at once would learn nothing.
   */
  notBeforeMs?: number;
  bounds?: Partial<PollBounds>;
  /** Consecutive failed status reads before this call, so the backoff keeps growing across returns. */
  consecutiveErrors?: number;
  /** The first RUNNING an earlier call saw (before a `trouble` return), so the live view keeps it. */
  startedAtMs?: number;
}

export interface PollTrainingResult {
  /** The terminal observation; with `trouble`, the last good one. */
  observation: TrainingObservation;
  window: TrainingObservation[];
  /** Status calls made by this activity (all attempts). */
  polls: number;
  apiCalls: number;
  /** When to poll next, had the workflow to go on waiting. */
  next: PollDecision;
  /** Waits in this call that the server's Retry-After made longer than the poll schedule wanted. */
  retryAfterWaits: number;
  /** The first status read that saw the training RUNNING (absent when it went from QUEUED to its end between reads). */
  startedAtMs?: number;
  /**
   * Set when status reads keep failing with errors that can heal: the activity returns so the workflow's live state
   * shows the trouble, and the workflow calls it again. `observation` is then the last good one.
   */
  trouble?: { code: string; message: string; consecutiveErrors: number };
}

/** Failed reads in a row after which the activity reports the trouble to the workflow (and is called again). */
export const TROUBLE_REPORT_AFTER = 3;

export async function pollTraining(einstein: EinsteinClient, input: PollTrainingInput): Promise<PollTrainingResult> {
  const context = Context.current();
  return pollWithCarry(einstein, input, (context.info.heartbeatDetails as PollHeartbeat | undefined) ?? firstCarry(input));
}

/**
 * One attempt of the poll with its carry given: the carry is heartbeated as it is, so a caller that keeps more in it
 * (submit-and-follow.ts keeps the submission) finds that again in the next attempt.
 */
export async function pollWithCarry<C extends PollHeartbeat>(einstein: EinsteinClient, input: PollTrainingInput, carry: C): Promise<PollTrainingResult> {
  const context = Context.current();
  const waitMs = firstCallAtMs(input) - Date.now();
  if (carry.polls === 0 && waitMs > 0) throw pollLater(context, carry, waitMs, 'waiting for the scheduled poll');

  let observation: TrainingObservation;
  try {
    observation = await readStatus(einstein, input, context, carry);
  } catch (error) {
    if (!(error instanceof Trouble)) throw error;
    const last = carry.window[carry.window.length - 1];
    if (!last) throw healableRetry(context, carry, error.cause);
    const trouble = { code: error.cause.code, message: error.cause.message, consecutiveErrors: carry.consecutiveErrors };
    const next = nextPollDelay({ submittedAtMs: input.submittedAtMs, nowMs: Date.now(), observations: carry.window, bounds: input.bounds });
    return { ...resultOf(carry, last, next), trouble };
  }
  carry.window = retainObservations(carry.window, observation);
  if (observation.status === 'RUNNING') carry.startedAtMs ??= observation.atMs;
  const next = nextPollDelay({
    submittedAtMs: input.submittedAtMs,
    nowMs: Date.now(),
    observations: carry.window,
    bounds: input.bounds,
  });
  if (isTerminal(observation.status)) return resultOf(carry, observation, next);
  carry.live = liveOf(observation, { startedAtMs: carry.startedAtMs, etaMs: next.etaMs, pollReason: next.reason });
  throw pollLater(context, carry, next.delayMs, `${observation.status} ${Math.round(observation.progress * 100)}%: ${next.reason}`);
}

export function firstCarry(input: PollTrainingInput): PollHeartbeat {
  const last = input.window[input.window.length - 1];
  return {
    window: input.window,
    polls: 0,
    apiCalls: 0,
    consecutiveErrors: input.consecutiveErrors ?? 0,
    ...(input.startedAtMs !== undefined && { startedAtMs: input.startedAtMs }),
    ...(last && { live: liveOf(last, { startedAtMs: input.startedAtMs }) }),
  };
}

function resultOf(carry: PollHeartbeat, observation: TrainingObservation, next: PollDecision): PollTrainingResult {
  return {
    observation,
    window: carry.window,
    polls: carry.polls,
    apiCalls: carry.apiCalls,
    next,
    retryAfterWaits: carry.retryAfterWaits ?? 0,
    ...(carry.startedAtMs !== undefined && { startedAtMs: carry.startedAtMs }),
  };
}

async function readStatus(
  einstein: EinsteinClient,
  input: PollTrainingInput,
  context: Context,
  carry: PollHeartbeat,
): Promise<TrainingObservation> {
  carry.polls += 1;
  const counter = { calls: 0 };
  const { signal, dispose } = attemptSignal(context);
  try {
    const read = () => withAbortSignal(signal, () => einstein.getTrainingStatus(input.domain, input.modelId));
    const { result } = await countingApiCalls(read, counter);
    carry.apiCalls += counter.calls;
    carry.consecutiveErrors = 0;
    return observe(result, Date.now());
  } catch (error) {
    carry.apiCalls += Math.max(1, counter.calls);
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
    if (!canHeal(error)) {
      context.heartbeat(carry);
      throw toApplicationFailure(error, carry.apiCalls);
    }
    carry.consecutiveErrors += 1;
    context.log.warn('Status read failed; retrying with backoff', {
      modelId: input.modelId,
      code: error.code,
      consecutiveErrors: carry.consecutiveErrors,
    });
    if (carry.consecutiveErrors % TROUBLE_REPORT_AFTER === 0) throw new Trouble(error);
    throw healableRetry(context, carry, error);
  } finally {
    dispose();
  }
}

/**
 * Once a training is submitted, every failure of a status read can heal except the model being gone: 5xx, 429,
 * resets, timeouts, malformed bodies, and 401/403 (a burst, or a revoked token being replaced). Following it must
 * not stop for them; only the deadline ends the wait.
 */
function canHeal(error: unknown): error is EinsteinError {
  return isEinsteinError(error) && !(error instanceof ModelNotFoundError);
}

/** Back off (doubling to 10 min, or the server's Retry-After when longer) and keep the observations. */
function healableRetry(context: Context, carry: PollHeartbeat, error: EinsteinError): ApplicationFailure {
  const backoffMs = healBackoffMs(carry.consecutiveErrors);
  if ((error.retryAfterMs ?? 0) > backoffMs) carry.retryAfterWaits = (carry.retryAfterWaits ?? 0) + 1;
  context.heartbeat(carry);
  return ApplicationFailure.create({
    message: error.message,
    type: 'StatusReadFailed',
    nextRetryDelay: Math.max(error.retryAfterMs ?? 0, backoffMs),
    details: [{ code: error.code, apiCalls: carry.apiCalls }],
  });
}

/** Thrown inside the activity only, to return the trouble to the workflow. */
class Trouble extends Error {
  constructor(override readonly cause: EinsteinError) {
    super(cause.message);
  }
}

function firstCallAtMs(input: PollTrainingInput): number {
  if (input.notBeforeMs !== undefined) return input.notBeforeMs;
  const last = input.window[input.window.length - 1];
  if (!last || isTerminal(last.status)) return 0;
  const decision = nextPollDelay({ submittedAtMs: input.submittedAtMs, nowMs: last.atMs, observations: input.window, bounds: input.bounds });
  return last.atMs + decision.delayMs;
}

/** A benign "not yet": Temporal retries the activity after `delayMs`, with no history event and no error metric. */
function pollLater(context: Context, carry: PollHeartbeat, delayMs: number, reason: string): ApplicationFailure {
  context.heartbeat(carry);
  return ApplicationFailure.create({
    message: `not finished yet (${reason})`,
    type: 'PollAgain',
    nextRetryDelay: Math.max(1, Math.round(delayMs)),
    category: ApplicationFailureCategory.BENIGN,
    details: [{ apiCalls: carry.apiCalls }],
  });
}
