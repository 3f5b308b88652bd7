// The bodies and path parameters of the trigger API. Unknown fields are refused at every level; the retrain
// parameters reuse the workflow's own RetrainInput rules, so the API refuses exactly what the workflow would.
import { z } from 'zod';
import { RetrainInput, RetrainPolicy } from '../contract/retrain-input';

/** Text that is safe as an id in workflow ids and logs: no control characters, no unpaired surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function idText(field: string, max: number) {
  const rule = `${field} must be a string of 1 to ${max} printable characters`;
  return z
    .string({ error: rule })
    .min(1, { error: rule })
    .max(max, { error: rule })
    .refine((value) => !CONTROL_OR_LONE_SURROGATE.test(value), { error: `${rule} (no control characters or unpaired surrogates)` });
}

const shape = RetrainInput.shape;
const MAX_NEW_EXAMPLES = 1_000_000_000;

export const FeedbackEventBody = z
  .object({
    domain: shape.domain,
    modelId: shape.modelId,
    /** Repeated ids are dropped by the coordinator. */
    eventId: idText('eventId', 200),
    newExamples: z
      .number({ error: `newExamples must be an integer from 0 to ${MAX_NEW_EXAMPLES}` })
      .int({ error: `newExamples must be an integer from 0 to ${MAX_NEW_EXAMPLES}` })
      .min(0, { error: `newExamples must be an integer from 0 to ${MAX_NEW_EXAMPLES}` })
      .max(MAX_NEW_EXAMPLES, { error: `newExamples must be an integer from 0 to ${MAX_NEW_EXAMPLES}` }),
    occurredAt: z.iso
      .datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time such as 2024-05-01T10:00:00Z' })
      .optional(),
  })
  .strict();
export type FeedbackEventBody = z.output<typeof FeedbackEventBody>;

const RetrainParamsBody = z
  .object({ epochs: shape.epochs, learningRate: shape.learningRate, algorithm: shape.algorithm, trainParams: shape.trainParams })
  .strict();

export const RetrainRequestBody = z
  .object({
    domain: shape.domain,
    modelId: shape.modelId,
    params: RetrainParamsBody.optional(),
    policy: RetrainPolicy.partial().strict().optional(),
    /** Idempotency key: the same id twice gives one trigger. */
    requestId: idText('requestId', 200).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    // The rules that depend on the domain (learningRate, algorithm) live in RetrainInput: run them, under params.
    const checked = RetrainInput.safeParse({ domain: body.domain, modelId: body.modelId, ...body.params });
    for (const issue of checked.success ? [] : checked.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
    }
  });
export type RetrainRequestBody = z.output<typeof RetrainRequestBody>;

/** Temporal limits workflow ids to 1000 bytes; counting bytes here keeps a long non-ASCII id a 400, not a server error. */
const MAX_WORKFLOW_ID_BYTES = 1000;
export const RetrainIdParams = z
  .object({
    id: idText('id (the retrain workflow id)', MAX_WORKFLOW_ID_BYTES).refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_WORKFLOW_ID_BYTES, {
      error: `id (the retrain workflow id) must be at most ${MAX_WORKFLOW_ID_BYTES} bytes in UTF-8`,
    }),
  })
  .strict();

/** Retry and cancel take no fields: no body, or an empty JSON object. */
export const EmptyBody = z.object({}).strict();

/** The schema of each request body named in the OpenAPI file, by component name. */
export const REQUEST_BODY_SCHEMAS = {
  FeedbackEvent: FeedbackEventBody,
  RetrainRequest: RetrainRequestBody,
  EmptyBody,
} as const;
