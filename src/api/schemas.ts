// The bodies and path parameters of the trigger API. The bodies are the contract's (src/contract/requests.ts), so the
// API refuses exactly what the client and the workflow would; unknown fields are refused at every level.
import { z } from 'zod';
import { PrintableIdSchema } from '../contract/ids';
import { FeedbackEvent, RetrainRequestBody } from '../contract/requests';

export const FeedbackEventBody = FeedbackEvent;
export type FeedbackEventBody = z.output<typeof FeedbackEventBody>;
export { RetrainRequestBody };

/** Temporal limits workflow ids to 1000 bytes; counting bytes here keeps a long non-ASCII id a 400, not a server error. */
const MAX_WORKFLOW_ID_BYTES = 1000;
export const RetrainIdParams = z
  .object({
    id: PrintableIdSchema('id (the retrain workflow id)', MAX_WORKFLOW_ID_BYTES).refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_WORKFLOW_ID_BYTES, {
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
