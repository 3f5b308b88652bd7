// One activity attempt that talks to Einstein, run the same way for every such activity:
//  - every request of the attempt is aborted when the attempt is cancelled or reaches its start-to-close timeout
//    (so no request outlives the attempt that made it, and a later attempt never races a POST still in flight);
//  - the Einstein calls of failed attempts are carried to the next attempt in the heartbeat details and reported in
//    the failure, so the run's call count is the truth;
//  - whatever it throws leaves as a typed Temporal failure (failures.ts).
import { Context } from '@temporalio/activity';
import { withAbortSignal } from '../einstein';
import { countingApiCalls } from './api-calls';
import { toApplicationFailure } from './failures';

/** Time kept between aborting our requests and the attempt's timeout, to report the failure ourselves. */
const ABORT_MARGIN_MS = 1_000;

export interface AttemptResult<T> {
  result: T;
  /** Einstein calls of this attempt and of the failed attempts before it. */
  apiCalls: number;
}

/**
 * `work` may ask how many Einstein calls the attempt has made so far (earlier failed attempts included). `timeoutMs`
 * bounds the attempt's requests when it is shorter than the attempt's start-to-close timeout (a step of a longer
 * activity, submit-and-follow.ts).
 */
export async function runAttempt<T>(work: (callsSoFar: () => number) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<AttemptResult<T>> {
  const context = Context.current();
  const localKey = context.info.isLocal ? localAttemptKey(context) : undefined;
  const carried = localKey ? (localCarry.get(localKey) ?? 0) : carriedCalls(context.info.heartbeatDetails);
  const counter = { calls: 0 };
  const { signal, dispose } = attemptSignal(context, options.timeoutMs);
  try {
    const { result, apiCalls } = await countingApiCalls(() => withAbortSignal(signal, () => work(() => carried + counter.calls)), counter);
    if (localKey) localCarry.delete(localKey);
    return { result, apiCalls: carried + apiCalls };
  } catch (error) {
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
    const apiCalls = carried + counter.calls;
    if (localKey) carryLocal(localKey, apiCalls);
    else context.heartbeat({ apiCalls });
    throw toApplicationFailure(error, apiCalls);
  } finally {
    dispose();
  }
}

/**
 * Local activities have no heartbeat details, and their retries run in the same worker: the calls of failed
 * attempts are carried in this process instead, keyed by run and activity. A worker lost between attempts loses
 * that count (the run then reports fewer calls than were made). Bounded, oldest first out.
 */
const localCarry = new Map<string, number>();
const LOCAL_CARRY_LIMIT = 10_000;

function localAttemptKey(context: Context): string {
  const run = context.info.workflowExecution;
  return `${run?.workflowId}/${run?.runId}/${context.info.activityId}`;
}

function carryLocal(key: string, apiCalls: number): void {
  localCarry.delete(key);
  localCarry.set(key, apiCalls);
  if (localCarry.size > LOCAL_CARRY_LIMIT) localCarry.delete(localCarry.keys().next().value!);
}

/** Aborts on cancellation (worker shutdown, workflow cancel, the SDK's own timeout) and just before the timeout. */
export function attemptSignal(context: Context, withinMs?: number): { signal: AbortSignal; dispose: () => void } {
  const deadline = new AbortController();
  const attemptMs = context.info.startToCloseTimeoutMs;
  const timeoutMs = withinMs !== undefined && (attemptMs <= 0 || withinMs < attemptMs) ? withinMs : attemptMs;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => deadline.abort(new Error('attempt timeout')), Math.max(1, timeoutMs - ABORT_MARGIN_MS))
      : undefined;
  return {
    signal: AbortSignal.any([context.cancellationSignal, deadline.signal]),
    dispose: () => clearTimeout(timer),
  };
}

export function carriedCalls(details: unknown): number {
  const value = (details as { apiCalls?: unknown } | undefined)?.apiCalls;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
