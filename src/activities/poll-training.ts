// Step 3 of a retrain: poll the training status until something the workflow needs to know happens.
//
// Each activity *attempt* is one status call. A "not yet" ends the attempt with a benign failure whose next retry
// delay comes from the adaptive poll scheduler, so the wait between polls is a Temporal retry backoff: durable, and
// free of history events. The observations travel from attempt to attempt in the heartbeat details. The activity
// completes (a few history events) only when the status changes or progress passes a milestone, which keeps the
// workflow's history small and bounded however long the training runs, while its live state still moves.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { Domain, EinsteinClient } from '../einstein';
import { isEinsteinError } from '../einstein';
import { nextPollDelay, retainObservations, type PollBounds, type PollDecision } from '../workflows/poll-schedule';
import { isTerminal, type TrainingObservation } from '../workflows/training-observation';
import { countingApiCalls } from './api-calls';
import { toApplicationFailure } from './failures';
import { observe } from './observe';

export interface PollTrainingInput {
  domain: Domain;
  modelId: string;
  /** 'terminal': come back only at a terminal status; 'change': also at a new status or a progress milestone. */
  until: 'terminal' | 'change';
  /** What the workflow has seen so far (bounded), oldest first; the last one is the baseline for 'change'. */
  window: TrainingObservation[];
  /** When the training was submitted (or the wait began), epoch ms. */
  submittedAtMs: number;
  /** Do not call Einstein before this time (the delay the scheduler chose after the previous return). */
  notBeforeMs?: number;
  bounds?: Partial<PollBounds>;
  /** Progress milestones that make the activity return in 'change' mode. @default 0.25 */
  progressStep?: number;
}

export interface PollTrainingResult {
  observation: TrainingObservation;
  window: TrainingObservation[];
  /** Status calls made by this activity (all attempts). */
  polls: number;
  apiCalls: number;
  /** When to poll next, had the workflow to go on waiting. */
  next: PollDecision;
}

/** What one attempt hands to the next through heartbeat details. */
interface PollCarry {
  window: TrainingObservation[];
  polls: number;
  apiCalls: number;
  consecutiveErrors: number;
}

export async function pollTraining(einstein: EinsteinClient, input: PollTrainingInput): Promise<PollTrainingResult> {
  const context = Context.current();
  const carry: PollCarry = (context.info.heartbeatDetails as PollCarry | undefined) ?? {
    window: input.window,
    polls: 0,
    apiCalls: 0,
    consecutiveErrors: 0,
  };
  const waitMs = (input.notBeforeMs ?? 0) - Date.now();
  if (carry.polls === 0 && waitMs > 0) throw pollLater(context, carry, waitMs, 'waiting for the scheduled poll');

  const observation = await readStatus(einstein, input, context, carry);
  carry.window = retainObservations(carry.window, observation);
  const next = nextPollDelay({
    submittedAtMs: input.submittedAtMs,
    nowMs: Date.now(),
    observations: carry.window,
    bounds: input.bounds,
  });
  if (worthReturning(input, observation)) {
    return { observation, window: carry.window, polls: carry.polls, apiCalls: carry.apiCalls, next };
  }
  throw pollLater(context, carry, next.delayMs, `${observation.status} ${Math.round(observation.progress * 100)}%: ${next.reason}`);
}

async function readStatus(
  einstein: EinsteinClient,
  input: PollTrainingInput,
  context: Context,
  carry: PollCarry,
): Promise<TrainingObservation> {
  carry.polls += 1;
  try {
    const { result, apiCalls } = await countingApiCalls(() => einstein.getTrainingStatus(input.domain, input.modelId));
    carry.apiCalls += apiCalls;
    carry.consecutiveErrors = 0;
    return observe(result, Date.now());
  } catch (error) {
    carry.apiCalls += 1;
    if (!isEinsteinError(error) || !error.retryable) throw toApplicationFailure(error);
    // Transient (5xx, 429, network): back off, honouring Retry-After, and keep the observations.
    carry.consecutiveErrors += 1;
    const backoffMs = Math.min(60_000, 1_000 * 2 ** (carry.consecutiveErrors - 1));
    context.heartbeat(carry);
    throw ApplicationFailure.create({
      message: error.message,
      type: error.name,
      nextRetryDelay: Math.max(error.retryAfterMs ?? 0, backoffMs),
      details: [{ code: error.code }],
    });
  }
}

function worthReturning(input: PollTrainingInput, observation: TrainingObservation): boolean {
  if (isTerminal(observation.status)) return true;
  if (input.until === 'terminal') return false;
  const baseline = input.window[input.window.length - 1];
  if (!baseline || baseline.status !== observation.status) return true;
  const step = input.progressStep ?? 0.25;
  return Math.floor(observation.progress / step) > Math.floor(baseline.progress / step);
}

/** A benign "not yet": Temporal retries the activity after `delayMs`, with no history event and no error metric. */
function pollLater(context: Context, carry: PollCarry, delayMs: number, reason: string): ApplicationFailure {
  context.heartbeat(carry);
  return ApplicationFailure.create({
    message: `not finished yet (${reason})`,
    type: 'PollAgain',
    nextRetryDelay: Math.max(1, Math.round(delayMs)),
    category: ApplicationFailureCategory.BENIGN,
  });
}
