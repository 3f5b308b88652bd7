// The coordinator's whole memory, a plain serialisable object carried across continue-as-new. Bounded: the recent
// trigger ids and decisions are capped, so the state (and the continue-as-new payload) never grows without limit.
import type { Domain } from '../contract/ids';
import type { RetrainPolicy, TRIGGER_SOURCES } from '../contract/retrain-input';
import type { RetrainParams } from '../contract/retrain-input';
import type { CoordinatorSettings } from './coordinator-settings';

export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

/** How many trigger ids the coordinator remembers to drop repeats (oldest forgotten first). */
export const SEEN_TRIGGER_CAPACITY = 1000;
/** How many decisions the query shows. */
export const DECISION_CAPACITY = 50;
/** Event ids passed to one retrain's input (RetrainInput.trigger.eventIds allows 100); the latest are kept. */
export const EVENT_IDS_PER_RUN = 100;

export interface RunningRetrain {
  workflowId: string;
  /** Known once the child has started (or when adopted). */
  runId?: string;
  source: string;
  retryOf?: string;
  startedAtMs: number;
  /**
   * When the coordinator stops waiting for news of this run. The child's own execution timeout ends it earlier;
   * this is the last line of defence so that a lost close can never hold the model for good.
   */
  forgetAtMs: number;
}

/** The latest retrain request folded into the pending run (a later request replaces an earlier one). */
export interface PendingRequest {
  requestId: string;
  source: TriggerSource;
  params?: RetrainParams;
  policy?: Partial<RetrainPolicy>;
  retryOf?: string;
  atMs: number;
}

export interface PendingFeedback {
  events: number;
  newExamples: number;
  /** The latest event ids (at most EVENT_IDS_PER_RUN). */
  eventIds: string[];
}

/** The one run that will follow: every trigger that arrives before it starts is folded into it. */
export interface PendingRetrain {
  /** Assigned when the first trigger arrives, so acks can name the run before it starts. */
  workflowId: string;
  firstAtMs: number;
  lastAtMs: number;
  request?: PendingRequest;
  feedback: PendingFeedback;
}

export type DecisionKind =
  | 'started'
  | 'queued'
  | 'debounced'
  | 'duplicate'
  | 'rejected'
  | 'launched'
  | 'launch-failed'
  | 'closed'
  | 'adopted'
  | 'forgotten'
  | 'configured';

export interface Decision {
  atMs: number;
  decision: DecisionKind;
  workflowId?: string;
  triggerId?: string;
  detail?: string;
}

export interface ClosedRun {
  workflowId: string;
  status: string;
  outcome?: string;
  closedAtMs: number;
}

export interface CoordinatorState {
  domain: Domain;
  modelId: string;
  settings: CoordinatorSettings;
  running?: RunningRetrain;
  pending?: PendingRetrain;
  lastRun?: ClosedRun;
  /** [trigger key, workflow id of the run it joined], oldest first. */
  seen: Array<[string, string]>;
  decisions: Decision[];
  totals: { triggers: number; duplicates: number; launched: number; closed: number };
}

export function initialCoordinatorState(domain: Domain, modelId: string, settings: CoordinatorSettings): CoordinatorState {
  return { domain, modelId, settings, seen: [], decisions: [], totals: { triggers: 0, duplicates: 0, launched: 0, closed: 0 } };
}

export function withDecision(state: CoordinatorState, decision: Decision): CoordinatorState {
  return { ...state, decisions: [...state.decisions, decision].slice(-DECISION_CAPACITY) };
}

export function rememberTrigger(seen: Array<[string, string]>, key: string, workflowId: string): Array<[string, string]> {
  return [...seen, [key, workflowId] as [string, string]].slice(-SEEN_TRIGGER_CAPACITY);
}
