// What a caller hands in to trigger a model's coordinator: a feedback event or a retrain request, each addressed to a
// model. The client API and the HTTP API validate with these, once, at their edge; the run's inspect activity parses
// its input again (parseRetrainInput). A request is refused here for anything the run would refuse, cross-field
// rules included, so a bad value fails before any workflow exists.
import { z } from 'zod';
import { DomainSchema, ModelIdSchema, TriggerIdSchema } from './ids';
import { RetrainInput, RetrainParams, RetrainPolicyPatch, TRIGGER_SOURCES } from './retrain-input';
import { TRIGGER_SOURCE_RULE } from './retrain-rules';
import { FeedbackTrigger } from './trigger';

/** A feedback event: the coordinator's feedback trigger, addressed to a model. */
export const FeedbackEvent = z.object({ domain: DomainSchema, modelId: ModelIdSchema, ...FeedbackTrigger.omit({ kind: true }).shape }).strict();
export type FeedbackEvent = z.input<typeof FeedbackEvent>;

export const TriggerSourceSchema = z.enum(TRIGGER_SOURCES, { error: TRIGGER_SOURCE_RULE });

const requestFields = {
  domain: DomainSchema,
  modelId: ModelIdSchema,
  params: RetrainParams.optional(),
  policy: RetrainPolicyPatch.strict().optional(),
  /** Idempotency key: the same id twice is one trigger. */
  requestId: TriggerIdSchema('requestId').optional(),
};

/** A retrain request as the HTTP API takes it: the API sets the trigger source itself. */
export const RetrainRequestBody = z.object(requestFields).strict().superRefine(checkAsRetrainInput);
export type RetrainRequestBody = z.output<typeof RetrainRequestBody>;

/** A retrain request as the client API takes it: the caller names its source (@default 'client'). */
export const RetrainRequest = z
  .object({ ...requestFields, source: TriggerSourceSchema.optional() })
  .strict()
  .superRefine(checkAsRetrainInput);
export type RetrainRequest = z.input<typeof RetrainRequest>;

/** The rules that span fields (learningRate and algorithm by domain, policy pairs) live in RetrainInput: run them. */
function checkAsRetrainInput(request: { domain: string; modelId: string; params?: object; policy?: object }, ctx: z.RefinementCtx): void {
  const checked = RetrainInput.safeParse({ domain: request.domain, modelId: request.modelId, ...request.params, ...(request.policy && { policy: request.policy }) });
  for (const issue of checked.success ? [] : checked.error.issues) {
    const [first] = issue.path;
    const path = first === 'policy' || first === 'domain' || first === 'modelId' ? issue.path : ['params', ...issue.path];
    ctx.addIssue({ code: 'custom', path, message: issue.message });
  }
}
