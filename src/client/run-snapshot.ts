// One snapshot of a retrain run as the CLI and the demo show it: the workflow's `retrainState` query, refined by the
// heartbeat of the pending `submitAndFollow` or `pollTraining` activity. Both return to the workflow only when the
// training they watch ends, so while a training runs the query keeps what it knew before (the phase `submitting`,
// or the status at submit) and the heartbeat has the submission and, in its `live` part
// (src/polling/poll-heartbeat.ts), the status, progress, queue position, ETA and poll reason of every read.
// Pure: the I/O lives in run-reader.ts, so the merge rules are unit-tested.
import type { RetrainReport } from '../report';
import { isTerminal } from '../contract/training-status';
import type { PollLive } from '../polling/poll-heartbeat';
import type { RetrainState } from '../workflows/retrain-state';
import type { DescribedEnding } from './run-ending';

/**
 * What the client reads of a pending pollTraining or submitAndFollow activity's heartbeat: its counters, the live
 * view, and (submitAndFollow) the submission the workflow learns of only at the training's end.
 */
export interface LivePoll {
  /** Status reads and Einstein calls of this activity so far, not yet in the workflow's state. */
  polls: number;
  apiCalls: number;
  submission?: { kind: 'submitted' | 'adopted'; atMs: number };
  live?: PollLive;
}

/** The query's fields the snapshot shows as they are (the heartbeat may refresh status, progress and ETA). */
type StateFields = 'phase' | 'domain' | 'modelId' | 'datasetId' | 'status' | 'progress' | 'queuePosition' | 'etaMs' | 'pollReason' | 'lastError' | 'failureMsg';

/** Undefined state fields: until a worker has run the workflow's first task, or when the query went unanswered. */
export interface RunSnapshot extends Partial<Pick<RetrainState, StateFields>> {
  workflowId: string;
  runId: string;
  /** Temporal's status of the run: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, ... */
  workflowStatus: string;
  polls: number;
  apiCalls: number;
  /** While the dataset is busy: the model whose training blocks it, as last seen. */
  blocking?: { modelId: string; status?: string; progress?: number };
  historyLength: number;
  startedAtMs?: number;
  closedAtMs?: number;
  /** Present once the run has closed. */
  ending?: DescribedEnding;
  report?: RetrainReport;
}

export interface RunFacts {
  workflowId: string;
  runId: string;
  workflowStatus: string;
  historyLength: number;
  startedAtMs?: number;
  closedAtMs?: number;
  state?: RetrainState;
  /** Heartbeat of the pending pollTraining activity, if one is pending. */
  heartbeat?: LivePoll;
  ending?: DescribedEnding;
  report?: RetrainReport;
}

export function isClosed(view: Pick<RunSnapshot, 'workflowStatus'>): boolean {
  return view.workflowStatus !== 'RUNNING' && view.workflowStatus !== 'UNSPECIFIED' && view.workflowStatus !== 'PAUSED';
}

export function buildRunSnapshot(facts: RunFacts): RunSnapshot {
  const { heartbeat } = facts;
  const state = facts.state && withLivePoll(facts.state, heartbeat);
  const view: RunSnapshot = {
    workflowId: facts.workflowId,
    runId: facts.runId,
    workflowStatus: facts.workflowStatus,
    polls: state?.polls ?? heartbeat?.polls ?? 0,
    apiCalls: state?.apiCalls ?? heartbeat?.apiCalls ?? 0,
    historyLength: facts.historyLength,
    ...definedOnly({ startedAtMs: facts.startedAtMs, closedAtMs: facts.closedAtMs, ending: facts.ending, report: facts.report }),
  };
  if (state) Object.assign(view, fromState(state));
  const live = heartbeat?.live;
  if (live && state?.phase === 'waiting-for-dataset' && state.blockingModelId !== undefined) {
    view.blocking = { modelId: state.blockingModelId, status: live.status, progress: live.progress };
  }
  return view;
}

/**
 * The query's state with the pending poll activity's heartbeat merged in: its counters always (they are not in the
 * state until the activity returns), and, while our training runs, its live view of the training. While the run
 * waits for a busy dataset the heartbeat is about the blocking model, so the state's training fields stay as they are.
 */
export function withLivePoll(state: RetrainState, poll: LivePoll | undefined): RetrainState {
  if (!poll) return state;
  const merged: RetrainState = { ...withSubmission(state, poll.submission), polls: state.polls + poll.polls, apiCalls: state.apiCalls + poll.apiCalls };
  const live = poll.live;
  if (!live || merged.phase !== 'training' || (merged.status !== undefined && isTerminal(merged.status))) return merged;
  // A field the latest read no longer has (the queue position once RUNNING) must not linger from the state.
  const { queuePosition: _queuePosition, etaMs: _etaMs, pollReason: _pollReason, ...rest } = merged;
  return {
    ...rest,
    status: live.status,
    progress: live.progress,
    ...(live.queuePosition !== undefined && { queuePosition: live.queuePosition }),
    ...(live.etaMs !== undefined && { etaMs: live.etaMs }),
    ...(live.pollReason !== undefined && { pollReason: live.pollReason }),
    ...(merged.startedAtMs === undefined && live.startedAtMs !== undefined && { startedAtMs: live.startedAtMs }),
  };
}

/**
 * A submitAndFollow activity that has submitted (or adopted) is following the training: the phase the workflow will
 * record when the activity returns, shown now.
 */
function withSubmission(state: RetrainState, submission: LivePoll['submission']): RetrainState {
  if (!submission || state.phase !== 'submitting') return state;
  return {
    ...state,
    phase: 'training',
    submittedAtMs: submission.atMs,
    adopted: submission.kind === 'adopted',
    submissions: state.submissions + (submission.kind === 'submitted' ? 1 : 0),
  };
}

function fromState(state: RetrainState): Partial<RunSnapshot> {
  return definedOnly({
    phase: state.phase,
    domain: state.domain,
    modelId: state.modelId,
    datasetId: state.datasetId,
    status: state.status,
    progress: state.progress,
    queuePosition: state.queuePosition,
    etaMs: state.etaMs,
    pollReason: state.pollReason,
    lastError: state.lastError,
    failureMsg: state.failureMsg,
    blocking: state.blockingModelId === undefined ? undefined : { modelId: state.blockingModelId },
  });
}

/** Keeps counters from going backwards between two reads that raced with an activity completing. */
export function monotonic(previous: RunSnapshot | undefined, next: RunSnapshot): RunSnapshot {
  if (!previous || previous.runId !== next.runId) return next;
  return { ...next, polls: Math.max(previous.polls, next.polls), apiCalls: Math.max(previous.apiCalls, next.apiCalls) };
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
