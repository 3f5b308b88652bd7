// zod schemas of what callers hand the client API. Messages name the field and what it accepts.
import { z } from 'zod';
import { DomainSchema, ModelIdSchema } from '../contract/ids';
import { FeedbackEvent, RetrainRequest, TriggerSourceSchema } from '../contract/requests';
import { RETRAIN_OUTCOMES } from '../report';
import { RUN_STATUSES } from '../temporal/visibility-query';

/** The contract's own schemas: the client validates what callers hand it with them, once. */
export const FeedbackEventSchema = FeedbackEvent;
export const RetrainRequestSchema = RetrainRequest;

export const ListFilterSchema = z
  .object({
    modelId: ModelIdSchema.optional(),
    domain: DomainSchema.optional(),
    status: z.enum(RUN_STATUSES, { error: `status must be one of: ${RUN_STATUSES.join(', ')}` }).optional(),
    outcome: z.enum(RETRAIN_OUTCOMES, { error: `outcome must be one of: ${RETRAIN_OUTCOMES.join(', ')}` }).optional(),
    source: TriggerSourceSchema.optional(),
    since: z.date({ error: 'since must be a Date' }).optional(),
    until: z.date({ error: 'until must be a Date' }).optional(),
    limit: z.number({ error: 'limit must be an integer from 1 to 1000' }).int().min(1, 'limit must be from 1 to 1000').max(1000, 'limit must be from 1 to 1000').optional(),
  })
  .strict();

/** Formats zod issues as "field: message" lines. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`);
}
