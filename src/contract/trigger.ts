// A trigger of a model's coordinator: a feedback event (debounced) or a retrain request (acted on at once), and the
// coordinator's answer. The client, the HTTP API, the schedule forwarder and the coordinator's update validator all
// parse triggers with these schemas.
import { z } from 'zod';
import { TriggerIdSchema } from './ids';
import { RetrainParams, RetrainPolicyPatch } from './retrain-input';
import { TRIGGER_SOURCE_RULE, TRIGGER_SOURCES } from './retrain-rules';
import { MAX_NEW_EXAMPLES, MAX_RETRY_OF_CHARACTERS, NEW_EXAMPLES_RULE, TRIGGER_KIND_RULE } from './trigger-rules';

export const FeedbackTrigger = z
  .object({
    kind: z.literal('feedback'),
    eventId: TriggerIdSchema('eventId'),
    newExamples: z
      .number({ error: NEW_EXAMPLES_RULE })
      .int({ error: NEW_EXAMPLES_RULE })
      .min(0, { error: NEW_EXAMPLES_RULE })
      .max(MAX_NEW_EXAMPLES, { error: NEW_EXAMPLES_RULE }),
    occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time such as 2024-05-01T10:00:00Z' }).optional(),
  })
  .strict();
export type FeedbackTrigger = z.infer<typeof FeedbackTrigger>;

export const RequestTrigger = z
  .object({
    kind: z.literal('request'),
    /** Idempotency key: a second trigger with the same id is dropped. */
    requestId: TriggerIdSchema('requestId'),
    source: z.enum(TRIGGER_SOURCES, { error: TRIGGER_SOURCE_RULE }),
    params: RetrainParams.optional(),
    policy: RetrainPolicyPatch.optional(),
    /** Workflow id of the run this one re-runs (ops retry). */
    retryOf: z.string().min(1).max(MAX_RETRY_OF_CHARACTERS).optional(),
  })
  .strict();
export type RequestTrigger = z.infer<typeof RequestTrigger>;

export const CoordinatorTrigger = z.discriminatedUnion('kind', [FeedbackTrigger, RequestTrigger], {
  error: TRIGGER_KIND_RULE,
});
export type CoordinatorTrigger = z.infer<typeof CoordinatorTrigger>;

export type TriggerDisposition = 'started' | 'queued' | 'debounced' | 'duplicate';

export interface TriggerAck {
  coordinatorId: string;
  disposition: TriggerDisposition;
  /** The run this trigger belongs to, when it is started or certain to start (and for a duplicate, the earlier one's). */
  retrainWorkflowId?: string;
}

