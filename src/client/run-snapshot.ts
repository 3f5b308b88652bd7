// One snapshot of a retrain run as the CLI and the demo show it: the workflow's `retrainState` query, refined by the heartbeat of
// the pending `pollTraining` activity (the query only moves at status changes and 25 % milestones; the heartbeat
// holds every poll). Pure: the I/O lives in run-reader.ts, so the merge rules are unit-tested.
import type { RetrainReport } from '../report';
import { estimateEta } from '../polling/eta';
import type { RetrainState } from '../workflows/retrain-state';
import type { TrainingObservation } from '../polling/training-observation';
import type { DescribedEnding } from './run-ending';

/** What `pollTraining` carries from attempt to attempt in its heartbeat details (src/activities/poll-training.ts). */
export interface PollHeartbeat {
  window: TrainingObservation[];
  polls: number;
  apiCalls: number;
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
  heartbeat?: PollHeartbeat;
  ending?: DescribedEnding;
  report?: RetrainReport;
}

export function isClosed(view: Pick<RunSnapshot, 'workflowStatus'>): boolean {
  return view.workflowStatus !== 'RUNNING' && view.workflowStatus !== 'UNSPECIFIED' && view.workflowStatus !== 'PAUSED';
}

export function buildRunSnapshot(facts: RunFacts): RunSnapshot {
  const { state, heartbeat } = facts;
  const view: RunSnapshot = {
    workflowId: facts.workflowId,
    runId: facts.runId,
    workflowStatus: facts.workflowStatus,
    polls: (state?.polls ?? 0) + (heartbeat?.polls ?? 0),
    apiCalls: (state?.apiCalls ?? 0) + (heartbeat?.apiCalls ?? 0),
    historyLength: facts.historyLength,
    ...definedOnly({ startedAtMs: facts.startedAtMs, closedAtMs: facts.closedAtMs, ending: facts.ending, report: facts.report }),
  };
  if (state) Object.assign(view, fromState(state));
  const latest = heartbeat?.window[heartbeat.window.length - 1];
  if (state && latest) applyObservation(view, state, heartbeat!, latest);
  return view;
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

/** The heartbeat's latest observation is newer than the query's: it belongs to our training or to the blocker. */
function applyObservation(view: RunSnapshot, state: RetrainState, heartbeat: PollHeartbeat, latest: TrainingObservation): void {
  if (state.phase === 'waiting-for-dataset' && state.blockingModelId !== undefined) {
    view.blocking = { modelId: state.blockingModelId, status: latest.status, progress: latest.progress };
    return;
  }
  if (state.phase !== 'training') return;
  // The poller's reason describes the observation the query last saw; a newer one makes it stale.
  if (latest.status !== state.status || latest.progress !== state.progress) delete view.pollReason;
  view.status = latest.status;
  view.progress = latest.progress;
  view.queuePosition = latest.queuePosition;
  const eta = estimateEta(heartbeat.window, state.submittedAtMs);
  if (eta !== undefined) view.etaMs = eta.etaMs;
}

/** Keeps counters from going backwards between two reads that raced with an activity completing. */
export function monotonic(previous: RunSnapshot | undefined, next: RunSnapshot): RunSnapshot {
  if (!previous || previous.runId !== next.runId) return next;
  return { ...next, polls: Math.max(previous.polls, next.polls), apiCalls: Math.max(previous.apiCalls, next.apiCalls) };
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
