// The coordinator's decisions as pure functions of (state, message, time): which trigger is a repeat, which run a
// trigger joins, when a debounced run is due, and what the next run's input is. The workflow only applies them.
import type { RetrainInput } from '../contract/retrain-input';
import { deadlineOf } from '../contract/retrain-rules';
import type { CoordinatorTrigger, TriggerDisposition } from '../contract/trigger';
import type { DebounceSettings } from './coordinator-settings';
import {
  EVENT_IDS_PER_RUN,
  rememberTrigger,
  withDecision,
  type CoordinatorState,
  type PendingRetrain,
  type RunningRetrain,
} from './coordinator-state';

/** The child's execution timeout exceeds its own deadline by this much (its failure report needs time to go out). */
export const CHILD_TIMEOUT_GRACE_MS = 60 * 60_000;
/** The coordinator forgets a run it has heard nothing from this long after the child's execution timeout. */
export const FORGET_GRACE_MS = 60 * 60_000;

export interface AcceptResult {
  state: CoordinatorState;
  disposition: TriggerDisposition;
  retrainWorkflowId?: string;
}

/** Keys are namespaced so an event id can never collide with a request id. */
export function triggerKey(trigger: CoordinatorTrigger): string {
  return trigger.kind === 'feedback' ? `event:${trigger.eventId}` : `request:${trigger.requestId}`;
}

/**
 * Folds one trigger into the state. `freshWorkflowId` names the pending run if this trigger creates one.
 * A repeat of a remembered id changes nothing but the counters.
 */
export function acceptTrigger(state: CoordinatorState, trigger: CoordinatorTrigger, nowMs: number, freshWorkflowId: string): AcceptResult {
  const key = triggerKey(trigger);
  const triggerId = key;
  const earlier = state.seen.find(([seenKey]) => seenKey === key);
  if (earlier) {
    const next = withDecision({ ...state, totals: { ...state.totals, duplicates: state.totals.duplicates + 1 } }, { atMs: nowMs, decision: 'duplicate', triggerId, workflowId: earlier[1] });
    return { state: next, disposition: 'duplicate', retrainWorkflowId: earlier[1] };
  }
  const pending = foldTrigger(state.pending ?? emptyPending(freshWorkflowId, nowMs), trigger, nowMs);
  const disposition = dispositionOf(state.running, pending, state.settings.debounce, nowMs);
  const committed = disposition === 'started' || disposition === 'queued';
  const next = withDecision(
    {
      ...state,
      pending,
      seen: rememberTrigger(state.seen, key, pending.workflowId),
      totals: { ...state.totals, triggers: state.totals.triggers + 1 },
    },
    { atMs: nowMs, decision: disposition, triggerId, workflowId: committed ? pending.workflowId : undefined },
  );
  return { state: next, disposition, ...(committed && { retrainWorkflowId: pending.workflowId }) };
}

function emptyPending(workflowId: string, nowMs: number): PendingRetrain {
  return { workflowId, firstAtMs: nowMs, lastAtMs: nowMs, feedback: { events: 0, newExamples: 0, eventIds: [] } };
}

function foldTrigger(pending: PendingRetrain, trigger: CoordinatorTrigger, nowMs: number): PendingRetrain {
  if (trigger.kind === 'request') {
    const { requestId, source, params, policy, retryOf } = trigger;
    return { ...pending, request: { requestId, source, params, policy, retryOf, atMs: nowMs } };
  }
  const { feedback } = pending;
  return {
    ...pending,
    // Only feedback moves the quiet period: a request does not wait for it anyway.
    lastAtMs: nowMs,
    feedback: {
      events: feedback.events + 1,
      newExamples: feedback.newExamples + trigger.newExamples,
      eventIds: [...feedback.eventIds, trigger.eventId].slice(-EVENT_IDS_PER_RUN),
    },
  };
}

function dispositionOf(running: RunningRetrain | undefined, pending: PendingRetrain, debounce: DebounceSettings, nowMs: number): TriggerDisposition {
  if (running) return isCommitted(pending, debounce) ? 'queued' : 'debounced';
  return readiness(pending, debounce, nowMs).ready ? 'started' : 'debounced';
}

/** Whether the pending run will certainly happen (a request, or enough new examples; only timing is open). */
export function isCommitted(pending: PendingRetrain, debounce: DebounceSettings): boolean {
  return pending.request !== undefined || pending.feedback.newExamples >= debounce.minNewExamples;
}

export type Readiness =
  | { ready: true }
  | { ready: false; waitingFor: 'min-examples'; missingExamples: number }
  | { ready: false; waitingFor: 'quiet-period'; dueAtMs: number };

/**
 * When a pending run is due. A request is due at once. Feedback alone is due once the events report enough new
 * examples and either no event came for the quiet period or the maximum delay since the first event has passed.
 */
export function readiness(pending: PendingRetrain, debounce: DebounceSettings, nowMs: number): Readiness {
  if (pending.request) return { ready: true };
  const missing = debounce.minNewExamples - pending.feedback.newExamples;
  if (missing > 0) return { ready: false, waitingFor: 'min-examples', missingExamples: missing };
  const dueAtMs = Math.min(pending.lastAtMs + debounce.quietPeriodMs, pending.firstAtMs + debounce.maxDelayMs);
  return nowMs >= dueAtMs ? { ready: true } : { ready: false, waitingFor: 'quiet-period', dueAtMs };
}

export interface RetrainLaunch {
  workflowId: string;
  input: RetrainInput & { trigger: NonNullable<RetrainInput['trigger']> };
  /** The child's execution timeout: its own deadline plus a grace period. */
  executionTimeoutMs: number;
}

export type NextAction =
  | { kind: 'launch'; launch: RetrainLaunch; state: CoordinatorState }
  /** Nothing to do until a message arrives, a run closes, or `wakeAtMs` (when set). */
  | { kind: 'wait'; wakeAtMs?: number; state: CoordinatorState };

export function nextAction(state: CoordinatorState, nowMs: number): NextAction {
  if (state.running && nowMs >= state.running.forgetAtMs) state = forgetRun(state, nowMs);
  if (state.running) return { kind: 'wait', wakeAtMs: state.running.forgetAtMs, state };
  if (!state.pending) return { kind: 'wait', state };
  const ready = readiness(state.pending, state.settings.debounce, nowMs);
  if (!ready.ready) return { kind: 'wait', wakeAtMs: ready.waitingFor === 'quiet-period' ? ready.dueAtMs : undefined, state };
  const launch = launchOf(state, state.pending);
  const deadlineMs = deadlineOf(launch.input.policy);
  const running: RunningRetrain = {
    workflowId: launch.workflowId,
    source: launch.input.trigger.source,
    retryOf: launch.input.trigger.retryOf,
    startedAtMs: nowMs,
    forgetAtMs: nowMs + deadlineMs + CHILD_TIMEOUT_GRACE_MS + FORGET_GRACE_MS,
  };
  return { kind: 'launch', launch, state: { ...state, pending: undefined, running } };
}

/** The input of the run a pending trigger set becomes: the latest request's parameters, else the feedback ones. */
export function launchOf(state: CoordinatorState, pending: PendingRetrain): RetrainLaunch {
  const request = pending.request;
  const params = request ? (request.params ?? {}) : state.settings.feedbackParams;
  const policy = request ? request.policy : state.settings.feedbackPolicy;
  const { eventIds } = pending.feedback;
  const input: RetrainLaunch['input'] = {
    domain: state.domain,
    modelId: state.modelId,
    ...params,
    ...(policy && { policy }),
    trigger: {
      source: request?.source ?? 'feedback',
      ...(request?.retryOf && { retryOf: request.retryOf }),
      ...(eventIds.length > 0 && { eventIds }),
    },
  };
  const deadlineMs = deadlineOf(input.policy);
  return { workflowId: pending.workflowId, input, executionTimeoutMs: deadlineMs + CHILD_TIMEOUT_GRACE_MS };
}

export function launched(state: CoordinatorState, workflowId: string, runId: string, nowMs: number): CoordinatorState {
  if (state.running?.workflowId !== workflowId) return state;
  return withDecision(
    { ...state, running: { ...state.running, runId }, totals: { ...state.totals, launched: state.totals.launched + 1 } },
    { atMs: nowMs, decision: 'launched', workflowId, detail: `source=${state.running.source}` },
  );
}

export function launchFailed(state: CoordinatorState, workflowId: string, message: string, nowMs: number): CoordinatorState {
  const running = state.running?.workflowId === workflowId ? undefined : state.running;
  return withDecision({ ...state, running }, { atMs: nowMs, decision: 'launch-failed', workflowId, detail: message });
}

export interface RunClosure {
  workflowId: string;
  /** Temporal's execution status name: COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, NOT_FOUND ... */
  status: string;
  outcome?: string;
  message?: string;
}

/** A run closed: the model is free again. News of a run that is not the current one changes nothing. */
export function runClosed(state: CoordinatorState, closure: RunClosure, nowMs: number): CoordinatorState {
  if (state.running?.workflowId !== closure.workflowId) return state;
  const detail = [closure.status, closure.outcome, closure.message].filter(Boolean).join(': ');
  return withDecision(
    {
      ...state,
      running: undefined,
      lastRun: { workflowId: closure.workflowId, status: closure.status, outcome: closure.outcome, closedAtMs: nowMs },
      totals: { ...state.totals, closed: state.totals.closed + 1 },
    },
    { atMs: nowMs, decision: 'closed', workflowId: closure.workflowId, detail },
  );
}

/** A fresh coordinator found a run of its model still open (its predecessor was terminated): it waits for it. */
export function adoptRun(state: CoordinatorState, run: { workflowId: string; runId: string; source?: string }, nowMs: number): CoordinatorState {
  if (state.running) return state;
  const deadlineMs = deadlineOf(undefined);
  const running: RunningRetrain = {
    workflowId: run.workflowId,
    runId: run.runId,
    source: run.source ?? 'unknown',
    startedAtMs: nowMs,
    forgetAtMs: nowMs + deadlineMs + CHILD_TIMEOUT_GRACE_MS + FORGET_GRACE_MS,
  };
  return withDecision({ ...state, running }, { atMs: nowMs, decision: 'adopted', workflowId: run.workflowId });
}

function forgetRun(state: CoordinatorState, nowMs: number): CoordinatorState {
  const workflowId = state.running?.workflowId;
  return withDecision({ ...state, running: undefined }, { atMs: nowMs, decision: 'forgotten', workflowId, detail: 'no news of the run long after its deadline' });
}

export function configured(state: CoordinatorState, settings: CoordinatorState['settings'], nowMs: number): CoordinatorState {
  const { quietPeriodMs, maxDelayMs, minNewExamples } = settings.debounce;
  return withDecision({ ...state, settings }, { atMs: nowMs, decision: 'configured', detail: `quietPeriodMs=${quietPeriodMs} maxDelayMs=${maxDelayMs} minNewExamples=${minNewExamples}` });
}

export function rejected(state: CoordinatorState, message: string, nowMs: number): CoordinatorState {
  return withDecision(state, { atMs: nowMs, decision: 'rejected', detail: message });
}
