// The coordinator's messages, defined once so clients (client API, HTTP API, CLI, the schedule's activity) import
// them without worker code. A trigger is either a feedback event (debounced) or a retrain request (acted on at once).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Domain } from '../contract/ids';
import type { RetrainParams, RetrainPolicy } from '../contract/retrain-input';
import type { CoordinatorTrigger, TriggerAck } from '../contract/trigger';
import type { CoordinatorSettings, SettingsPatch } from './coordinator-settings';
import type { CoordinatorView } from './coordinator-view';

export const COORDINATOR_WORKFLOW_TYPE = 'retrainCoordinator';

/** Limits of one coordinator run; tests lower them to exercise continue-as-new. */
export interface CoordinatorLimits {
  /** Continue-as-new once the history has this many events (or when Temporal suggests it). @default 2000 */
  historyEvents?: number;
  /** Poll interval bounds when watching a run started by an earlier coordinator run. */
  watchPollMs?: { min: number; max: number };
}

export interface CoordinatorInput {
  domain: Domain;
  modelId: string;
  /** Settings for a fresh coordinator (the state's settings win when `state` is given). */
  settings?: SettingsPatch;
  limits?: CoordinatorLimits;
  /** State carried over by continue-as-new. */
  state?: import('./coordinator-state').CoordinatorState;
}

/** Sends a trigger and answers with what the coordinator decided. */
export const triggerUpdate = defineUpdate<TriggerAck, [CoordinatorTrigger]>('trigger');
/** The same trigger as a signal: durable even when no worker is running (the ack is then unknown to the sender). */
export const triggerSignal = defineSignal<[CoordinatorTrigger]>('enqueueTrigger');
/** Changes this model's settings (debounce, feedback parameters); answers with the settings now in force. */
export const configureUpdate = defineUpdate<CoordinatorSettings, [SettingsPatch]>('configure');
/** Current run, pending trigger, debounce state, recent decisions. */
export const coordinatorStateQuery = defineQuery<CoordinatorView>('coordinatorState');

export const SCHEDULED_TRIGGER_WORKFLOW_TYPE = 'scheduledRetrainTrigger';

/** Input of the workflow a retrain schedule starts: it forwards one `schedule` request to the model's coordinator. */
export interface ScheduledTriggerInput {
  domain: Domain;
  modelId: string;
  scheduleId: string;
  params?: RetrainParams;
  policy?: Partial<RetrainPolicy>;
}
