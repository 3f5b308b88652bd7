// The coordinator's messages, defined once so clients (client API, HTTP API, CLI, the schedule's activity) import
// them without worker code. A trigger is either a feedback event (debounced) or a retrain request (acted on at once).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { MODEL_ID_PATTERN, RetrainPolicy, TRIGGER_SOURCES } from './retrain-input';
import { CoordinatorSettings, RetrainParams, SettingsPatch } from './coordinator-settings';
import type { CoordinatorView } from './coordinator-view';

export const COORDINATOR_WORKFLOW_TYPE = 'retrainCoordinator';

export const DomainSchema = z.enum(['vision', 'language'], { error: "domain must be 'vision' or 'language'" });
export const ModelIdSchema = z.string({ error: 'modelId must be a string' }).regex(MODEL_ID_PATTERN, 'modelId must be 26 characters of A-Z and 2-7');
/** Longest event or request id a trigger may carry (the CLI's flags say the same). */
export const MAX_TRIGGER_ID_CHARACTERS = 200;

export const TriggerIdSchema = (field: string) => {
  const range = `${field} must be 1 to ${MAX_TRIGGER_ID_CHARACTERS} characters`;
  return z.string({ error: `${field} must be a string of 1 to ${MAX_TRIGGER_ID_CHARACTERS} characters` }).min(1, range).max(MAX_TRIGGER_ID_CHARACTERS, range);
};

export const FeedbackTrigger = z
  .object({
    kind: z.literal('feedback'),
    eventId: TriggerIdSchema('eventId'),
    newExamples: z
      .number({ error: 'newExamples must be an integer >= 0' })
      .int({ error: 'newExamples must be an integer >= 0' })
      .min(0, { error: 'newExamples must be an integer >= 0' })
      .max(1_000_000_000, { error: 'newExamples must be at most 1000000000' }),
    occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time' }).optional(),
  })
  .strict();
export type FeedbackTrigger = z.infer<typeof FeedbackTrigger>;

export const RequestTrigger = z
  .object({
    kind: z.literal('request'),
    /** Idempotency key: a second trigger with the same id is dropped. */
    requestId: TriggerIdSchema('requestId'),
    source: z.enum(TRIGGER_SOURCES, { error: `source must be one of: ${TRIGGER_SOURCES.join(', ')}` }),
    params: RetrainParams.optional(),
    policy: RetrainPolicy.partial().optional(),
    /** Workflow id of the run this one re-runs (ops retry). */
    retryOf: z.string().min(1).max(400).optional(),
  })
  .strict();
export type RequestTrigger = z.infer<typeof RequestTrigger>;

export const CoordinatorTrigger = z.discriminatedUnion('kind', [FeedbackTrigger, RequestTrigger], {
  error: "kind must be 'feedback' or 'request'",
});
export type CoordinatorTrigger = z.infer<typeof CoordinatorTrigger>;

export type TriggerDisposition = 'started' | 'queued' | 'debounced' | 'duplicate';

export interface TriggerAck {
  coordinatorId: string;
  disposition: TriggerDisposition;
  /** The run this trigger belongs to, when it is started or certain to start (and for a duplicate, the earlier one's). */
  retrainWorkflowId?: string;
}

/** Limits of one coordinator run; tests lower them to exercise continue-as-new. */
export interface CoordinatorLimits {
  /** Continue-as-new once the history has this many events (or when Temporal suggests it). @default 2000 */
  historyEvents?: number;
  /** Poll interval bounds when watching a run started by an earlier coordinator run. */
  watchPollMs?: { min: number; max: number };
}

export interface CoordinatorInput {
  domain: 'vision' | 'language';
  modelId: string;
  /** Settings for a fresh coordinator (the state's settings win when `state` is given). */
  settings?: z.input<typeof SettingsPatch>;
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
  domain: 'vision' | 'language';
  modelId: string;
  scheduleId: string;
  params?: RetrainParams;
  policy?: Partial<RetrainPolicy>;
}
