// The coordinator's decisions as pure functions: duplicates, folding into one pending run, debounce readiness,
// launching, closing, forgetting, bounded memory.
import {
  acceptTrigger,
  adoptRun,
  isCommitted,
  launched,
  nextAction,
  readiness,
  runClosed,
  triggerKey,
  type NextAction,
} from '../../../src/workflows/coordinator-decisions';
import type { CoordinatorTrigger } from '../../../src/contract/trigger';
import { applySettingsPatch, defaultSettings } from '../../../src/workflows/coordinator-settings';
import { DECISION_CAPACITY, EVENT_IDS_PER_RUN, initialCoordinatorState, SEEN_TRIGGER_CAPACITY, type CoordinatorState } from '../../../src/workflows/coordinator-state';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';
const T0 = Date.UTC(2025, 0, 31, 9, 0, 0);
const debounce = { quietPeriodMs: 10_000, maxDelayMs: 60_000, minNewExamples: 5 };

function fresh(patch = { debounce }): CoordinatorState {
  return initialCoordinatorState('vision', MODEL, applySettingsPatch(defaultSettings(), patch));
}
const event = (eventId: string, newExamples = 1): CoordinatorTrigger => ({ kind: 'feedback', eventId, newExamples });
const request = (requestId: string, extra: Partial<Extract<CoordinatorTrigger, { kind: 'request' }>> = {}): CoordinatorTrigger => ({ kind: 'request', requestId, source: 'api', ...extra });

let ids = 0;
function accept(state: CoordinatorState, trigger: CoordinatorTrigger, at: number) {
  return acceptTrigger(state, trigger, at, `run-${++ids}`);
}
function acceptAll(state: CoordinatorState, triggers: CoordinatorTrigger[], at: number): CoordinatorState {
  return triggers.reduce((s, t, i) => accept(s, t, at + i).state, state);
}
function launch(action: NextAction) {
  if (action.kind !== 'launch') throw new Error(`expected a launch, got ${action.kind}`);
  return action;
}

describe('acceptTrigger', () => {
  it('a request on an idle model is started at once and names its run', () => {
    const result = accept(fresh(), request('r1'), T0);
    expect(result.disposition).toBe('started');
    expect(result.retrainWorkflowId).toBe(result.state.pending!.workflowId);
    expect(launch(nextAction(result.state, T0)).launch.workflowId).toBe(result.retrainWorkflowId);
  });

  it('feedback on an idle model is debounced and does not name a run yet', () => {
    const result = accept(fresh(), event('e1', 10), T0);
    expect(result.disposition).toBe('debounced');
    expect(result.retrainWorkflowId).toBeUndefined();
  });

  it('a repeated id is a duplicate that changes nothing but the counters, and answers with the earlier run', () => {
    const first = accept(fresh(), request('r1'), T0);
    const again = accept(first.state, request('r1', { params: { epochs: 9 } }), T0 + 5);
    expect(again.disposition).toBe('duplicate');
    expect(again.retrainWorkflowId).toBe(first.retrainWorkflowId);
    expect(again.state.pending).toBe(first.state.pending);
    expect(again.state.totals).toMatchObject({ triggers: 1, duplicates: 1 });
  });

  it('event ids and request ids live in separate namespaces', () => {
    expect(triggerKey(event('x'))).not.toBe(triggerKey(request('x')));
    const state = accept(fresh(), event('x', 10), T0).state;
    expect(accept(state, request('x'), T0).disposition).toBe('started');
  });

  it('during a run, triggers fold into one follow-up: queued when it will certainly run, debounced otherwise', () => {
    let state = launch(nextAction(accept(fresh(), request('r1'), T0).state, T0)).state;
    const small = accept(state, event('e1', 2), T0 + 1);
    expect(small.disposition).toBe('debounced'); // 2 of the 5 examples needed
    const enough = accept(small.state, event('e2', 3), T0 + 2);
    expect(enough.disposition).toBe('queued');
    const req = accept(enough.state, request('r2'), T0 + 3);
    expect(req.disposition).toBe('queued');
    expect(req.retrainWorkflowId).toBe(enough.retrainWorkflowId);
    state = req.state;
    expect(state.pending!.feedback).toEqual({ events: 2, newExamples: 5, eventIds: ['e1', 'e2'] });
    expect(nextAction(state, T0 + 4).kind).toBe('wait');
  });

  it('the latest request gives the follow-up its parameters, policy and retryOf', () => {
    let state = launch(nextAction(accept(fresh(), request('r1'), T0).state, T0)).state;
    state = accept(state, request('r2', { params: { epochs: 3 }, source: 'schedule' }), T0 + 1).state;
    state = accept(state, request('r3', { params: { epochs: 7 }, policy: { maxResubmits: 2 }, source: 'retry', retryOf: 'retrain-old' }), T0 + 2).state;
    state = runClosed(state, { workflowId: state.running!.workflowId, status: 'COMPLETED' }, T0 + 10);
    const { input } = launch(nextAction(state, T0 + 10)).launch;
    expect(input).toEqual({ domain: 'vision', modelId: MODEL, epochs: 7, policy: { maxResubmits: 2 }, trigger: { source: 'retry', retryOf: 'retrain-old' } });
  });

  it('keeps only the latest event ids for the run input, but counts every event and example', () => {
    const events = Array.from({ length: 150 }, (_, i) => event(`e${i}`, 1));
    const state = acceptAll(fresh(), events, T0);
    expect(state.pending!.feedback.events).toBe(150);
    expect(state.pending!.feedback.newExamples).toBe(150);
    expect(state.pending!.feedback.eventIds).toHaveLength(EVENT_IDS_PER_RUN);
    expect(state.pending!.feedback.eventIds.at(-1)).toBe('e149');
  });

  it('remembers a bounded number of ids, oldest forgotten first; decisions are bounded too', () => {
    const state = acceptAll(fresh(), Array.from({ length: SEEN_TRIGGER_CAPACITY + 10 }, (_, i) => event(`e${i}`, 0)), T0);
    expect(state.seen).toHaveLength(SEEN_TRIGGER_CAPACITY);
    expect(state.decisions).toHaveLength(DECISION_CAPACITY);
    expect(accept(state, event('e0'), T0).disposition).not.toBe('duplicate'); // forgotten
    expect(accept(state, event(`e${SEEN_TRIGGER_CAPACITY + 9}`), T0).disposition).toBe('duplicate');
  });
});

describe('readiness (debounce)', () => {
  const pendingAfter = (triggers: Array<[CoordinatorTrigger, number]>) =>
    triggers.reduce((s, [t, at]) => accept(s, t, at).state, fresh()).pending!;

  it('waits for the quiet period after the last event', () => {
    const pending = pendingAfter([[event('a', 5), T0], [event('b', 1), T0 + 4_000]]);
    expect(readiness(pending, debounce, T0 + 13_999)).toEqual({ ready: false, waitingFor: 'quiet-period', dueAtMs: T0 + 14_000 });
    expect(readiness(pending, debounce, T0 + 14_000)).toEqual({ ready: true });
  });

  it('never waits longer than the maximum delay after the first event, even if events keep coming', () => {
    const steady = Array.from({ length: 20 }, (_, i) => [event(`e${i}`, 1), T0 + i * 5_000] as [CoordinatorTrigger, number]);
    const pending = pendingAfter(steady);
    expect(readiness(pending, debounce, T0 + 59_999).ready).toBe(false);
    expect(readiness(pending, debounce, T0 + 60_000).ready).toBe(true);
  });

  it('waits for the minimum count of new examples, however long that takes', () => {
    const pending = pendingAfter([[event('a', 2), T0], [event('b', 2), T0 + 1]]);
    expect(readiness(pending, debounce, T0 + 10 * 60_000)).toEqual({ ready: false, waitingFor: 'min-examples', missingExamples: 1 });
    expect(isCommitted(pending, debounce)).toBe(false);
  });

  it('a request is due at once, whatever feedback is pending', () => {
    const pending = pendingAfter([[event('a', 1), T0], [request('r'), T0 + 1]]);
    expect(readiness(pending, debounce, T0 + 1)).toEqual({ ready: true });
  });

  it('nextAction wakes at the due time and launches feedback-only runs with the feedback parameters', () => {
    const state = accept(fresh(), event('a', 5), T0).state;
    expect(nextAction(state, T0 + 1)).toMatchObject({ kind: 'wait', wakeAtMs: T0 + 10_000 });
    const { launch: run } = launch(nextAction(state, T0 + 10_000));
    expect(run.input).toEqual({ domain: 'vision', modelId: MODEL, trainParams: { withFeedback: true }, trigger: { source: 'feedback', eventIds: ['a'] } });
  });
});

describe('runs: launch, close, adopt, forget', () => {
  it('holds the model while a run is open and frees it on close', () => {
    const start = launch(nextAction(accept(fresh(), request('r1'), T0).state, T0));
    let state = launched(start.state, start.launch.workflowId, 'run-id-1', T0);
    expect(state.running).toMatchObject({ workflowId: start.launch.workflowId, runId: 'run-id-1', source: 'api' });
    state = accept(state, request('r2'), T0 + 1).state;
    expect(nextAction(state, T0 + 2).kind).toBe('wait');
    // News of some other run changes nothing.
    expect(runClosed(state, { workflowId: 'other', status: 'COMPLETED' }, T0 + 3)).toBe(state);
    state = runClosed(state, { workflowId: start.launch.workflowId, status: 'FAILED', outcome: 'FAILED' }, T0 + 4);
    expect(state.running).toBeUndefined();
    expect(state.lastRun).toMatchObject({ status: 'FAILED', outcome: 'FAILED' });
    expect(launch(nextAction(state, T0 + 5)).launch.input.trigger.source).toBe('api');
  });

  it('forgets a run it never heard from, long after its deadline, so the model cannot stay blocked', () => {
    const start = launch(nextAction(accept(fresh(), request('r1', { policy: { deadlineMs: 60_000 } }), T0).state, T0));
    const state = accept(start.state, request('r2'), T0 + 1).state;
    const wait = nextAction(state, T0 + 2);
    expect(wait.kind).toBe('wait');
    const forgetAt = (wait as { wakeAtMs: number }).wakeAtMs;
    expect(forgetAt).toBeGreaterThan(T0 + 60_000);
    const after = launch(nextAction(state, forgetAt));
    expect(after.state.decisions.map((d) => d.decision)).toContain('forgotten');
    expect(after.launch.workflowId).toBe(state.pending!.workflowId);
  });

  it('adopting an open run holds the model until that run closes', () => {
    let state = adoptRun(fresh(), { workflowId: 'retrain-orphan', runId: 'r' }, T0);
    state = accept(state, request('r1'), T0 + 1).state;
    expect(nextAction(state, T0 + 2).kind).toBe('wait');
    state = runClosed(state, { workflowId: 'retrain-orphan', status: 'COMPLETED' }, T0 + 3);
    expect(nextAction(state, T0 + 3).kind).toBe('launch');
  });

  it('the child execution timeout exceeds the run deadline', () => {
    const { launch: run } = launch(nextAction(accept(fresh(), request('r1', { policy: { deadlineMs: 3_600_000 } }), T0).state, T0));
    expect(run.executionTimeoutMs).toBeGreaterThan(3_600_000);
  });
});
