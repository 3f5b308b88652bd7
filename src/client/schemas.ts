// zod schemas of what callers hand the client API. Messages name the field and what it accepts.
import { z } from 'zod';
import { DomainSchema, ModelIdSchema, TriggerIdSchema } from '../contract/ids';
import { RetrainParams } from '../contract/retrain-input';
import { RETRAIN_OUTCOMES } from '../report';
import { RUN_STATUSES } from '../temporal/visibility-query';
import { RetrainPolicy, TRIGGER_SOURCES } from '../contract/retrain-input';
import { FeedbackTrigger } from '../contract/trigger';

/** A feedback event: the coordinator's feedback trigger, addressed to a model. */
export const FeedbackEventSchema = FeedbackTrigger.omit({ kind: true }).extend({ domain: DomainSchema, modelId: ModelIdSchema }).strict();

export const RetrainRequestSchema = z
  .object({
    domain: DomainSchema,
    modelId: ModelIdSchema,
    params: RetrainParams.optional(),
    policy: RetrainPolicy.partial().optional(),
    source: z.enum(TRIGGER_SOURCES, { error: `source must be one of: ${TRIGGER_SOURCES.join(', ')}` }).optional(),
    requestId: TriggerIdSchema('requestId').optional(),
  })
  .strict();

export const ListFilterSchema = z
  .object({
    modelId: ModelIdSchema.optional(),
    domain: DomainSchema.optional(),
    status: z.enum(RUN_STATUSES, { error: `status must be one of: ${RUN_STATUSES.join(', ')}` }).optional(),
    outcome: z.enum(RETRAIN_OUTCOMES, { error: `outcome must be one of: ${RETRAIN_OUTCOMES.join(', ')}` }).optional(),
    source: z.enum(TRIGGER_SOURCES, { error: `source must be one of: ${TRIGGER_SOURCES.join(', ')}` }).optional(),
    since: z.date({ error: 'since must be a Date' }).optional(),
    until: z.date({ error: 'until must be a Date' }).optional(),
    limit: z.number({ error: 'limit must be an integer from 1 to 1000' }).int().min(1, 'limit must be from 1 to 1000').max(1000, 'limit must be from 1 to 1000').optional(),
  })
  .strict();

/** Formats zod issues as "field: message" lines. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`);
}
