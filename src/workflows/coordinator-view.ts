// What the `coordinatorState` query answers: the current run, the pending run and why it waits, recent decisions.
import type { Domain } from '../contract/ids';
import type { CoordinatorSettings } from './coordinator-settings';
import { isCommitted, readiness, type Readiness } from './coordinator-decisions';
import type { ClosedRun, CoordinatorState, Decision, RunningRetrain } from './coordinator-state';

export interface PendingView {
  workflowId: string;
  source: string;
  /** true: the run will happen (only its timing is open); false: it waits for more new examples. */
  committed: boolean;
  readiness: Readiness;
  feedbackEvents: number;
  newExamples: number;
  firstAt: string;
  lastAt: string;
  retryOf?: string;
}

export interface CoordinatorView {
  coordinatorId: string;
  domain: Domain;
  modelId: string;
  settings: CoordinatorSettings;
  running?: RunningRetrain & { startedAt: string };
  pending?: PendingView;
  lastRun?: ClosedRun & { closedAt: string };
  decisions: Array<Decision & { at: string }>;
  totals: CoordinatorState['totals'];
  historyLength: number;
}

export function coordinatorView(state: CoordinatorState, nowMs: number, coordinatorId: string, historyLength: number): CoordinatorView {
  const { pending, running, lastRun, settings } = state;
  return {
    coordinatorId,
    domain: state.domain,
    modelId: state.modelId,
    settings,
    ...(running && { running: { ...running, startedAt: iso(running.startedAtMs) } }),
    ...(pending && {
      pending: {
        workflowId: pending.workflowId,
        source: pending.request?.source ?? 'feedback',
        committed: isCommitted(pending, settings.debounce),
        readiness: readiness(pending, settings.debounce, nowMs),
        feedbackEvents: pending.feedback.events,
        newExamples: pending.feedback.newExamples,
        firstAt: iso(pending.firstAtMs),
        lastAt: iso(pending.lastAtMs),
        ...(pending.request?.retryOf && { retryOf: pending.request.retryOf }),
      },
    }),
    ...(lastRun && { lastRun: { ...lastRun, closedAt: iso(lastRun.closedAtMs) } }),
    decisions: state.decisions.map((d) => ({ ...d, at: iso(d.atMs) })),
    totals: state.totals,
    historyLength,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
