// The retrain request: validated before the first API call, in the client (CLI, HTTP API) and again in the workflow,
// so bad input fails at once with a message that names the field and the allowed values.
import { z } from 'zod';
import { QualityGate } from '../report/quality-verdict';
import { DomainSchema, ModelIdSchema } from './ids';


export const VISION_ALGORITHMS = ['object-detection', 'object-detection-v1', 'object-detection-v2', 'retail-execution'];
export const LANGUAGE_ALGORITHMS = ['intent', 'multilingual-intent', 'multilingual-intent-ood'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const TRIGGER_SOURCES = ['cli', 'api', 'schedule', 'feedback', 'retry', 'client'] as const;

export const RetrainPolicy = z.object({
  /** Longest wait for another model of the dataset to finish training before giving up. @default 6 hours */
  maxBusyWaitMs: z.number().int().min(0).max(7 * 24 * HOUR).default(6 * HOUR),
  /** Overall deadline from request to final status. @default 48 hours */
  deadlineMs: z.number().int().min(MINUTE).max(30 * 24 * HOUR).default(48 * HOUR),
  /** Automatic resubmissions when the training ends FAILED with a transient-looking cause. @default 0 */
  maxResubmits: z.number().int().min(0).max(5).default(0),
  /**
   * The polling promise: the status call that sees the end of a training comes at most
   * max(minPollDelayMs, maxLagShare × time from submission to the end) after it. Lower it for faster detection,
   * raise it for fewer calls. @default the scheduler's (DEFAULT_POLL_BOUNDS.maxLagShare, chosen by the polling bench)
   */
  maxLagShare: z
    .number({ error: 'maxLagShare must be a number greater than 0.001 and at most 1' })
    .min(0.001, 'maxLagShare must be from 0.001 to 1')
    .max(1, 'maxLagShare must be from 0.001 to 1')
    .optional(),
  /** Bounds of the adaptive poll delay. @default the scheduler's (DEFAULT_POLL_BOUNDS: 5 s … 15 min) */
  minPollDelayMs: z.number().int().min(100).max(HOUR).optional(),
  maxPollDelayMs: z.number().int().min(1_000).max(6 * HOUR).optional(),
  /**
   * How long one submit attempt may run before Temporal retries it (a worker crash is detected after this). Every
   * Einstein request of the attempt is aborted just before it, so no POST outlives its attempt. @default 30 s
   */
  submitAttemptTimeoutMs: z.number().int().min(5_000).max(10 * MINUTE).default(30_000),
  /**
   * How a successful retrain is judged (improved, unchanged, regressed): the deciding metric, the largest drop
   * tolerated and an optional minimum. @default the model type's headline metric, 0.01, no minimum
   */
  qualityGate: QualityGate.optional(),
  /**
   * Set by `retry` of a run that ended while its training still ran: the model's status before that run started
   * anything. A training begun since then is adopted instead of paid for again. Not meant to be set by hand.
   */
  adoptTrainingSince: z
    .object({ status: z.string().min(1).max(100), updatedAtMs: z.number().int().nonnegative().optional() })
    .strict()
    .optional(),
});
export type RetrainPolicy = z.infer<typeof RetrainPolicy>;

export const RetrainInput = z
  .object({
    domain: DomainSchema,
    modelId: ModelIdSchema,
    epochs: z.number({ error: 'epochs must be an integer from 1 to 1000' }).int().min(1).max(1000).optional(),
    learningRate: z
      .number({ error: 'learningRate must be a number from 0.0001 to 0.01' })
      .min(0.0001, 'learningRate must be from 0.0001 to 0.01')
      .max(0.01, 'learningRate must be from 0.0001 to 0.01')
      .optional(),
    algorithm: z.string().optional(),
    trainParams: z
      .object({
        trainSplitRatio: z
          .number()
          .gt(0, 'trainParams.trainSplitRatio must be greater than 0 and less than 1')
          .lt(1, 'trainParams.trainSplitRatio must be greater than 0 and less than 1')
          .optional(),
        withFeedback: z.boolean().optional(),
        withGlobalDatasetId: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    policy: RetrainPolicy.partial().optional(),
    trigger: z
      .object({
        source: z.enum(TRIGGER_SOURCES),
        /** Workflow id of the run this one re-runs (ops retry). */
        retryOf: z.string().optional(),
        eventIds: z.array(z.string()).max(100).optional(),
      })
      .optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    checkPolicyPairs(input.policy ?? {}, ctx);
    if (input.domain === 'language' && input.learningRate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['learningRate'], message: 'learningRate is not used by Einstein Language models; omit it' });
    }
    const allowed = input.domain === 'vision' ? VISION_ALGORITHMS : LANGUAGE_ALGORITHMS;
    if (input.algorithm !== undefined && !allowed.includes(input.algorithm)) {
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: `algorithm for ${input.domain} must be one of: ${allowed.join(', ')}` });
    }
  });
export type RetrainInput = z.input<typeof RetrainInput>;

/** Default poll floor; a `maxPollDelayMs` below it is refused unless `minPollDelayMs` is lowered too. */
const DEFAULT_MIN_POLL_DELAY_MS = 5_000;

/** Pairs of policy values that each pass alone but cannot work together. */
function checkPolicyPairs(policy: Partial<RetrainPolicy>, ctx: z.RefinementCtx): void {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: ['policy', field], message });
  const minPoll = policy.minPollDelayMs ?? DEFAULT_MIN_POLL_DELAY_MS;
  if (policy.maxPollDelayMs !== undefined && policy.maxPollDelayMs < minPoll) {
    issue('maxPollDelayMs', `maxPollDelayMs must be at least minPollDelayMs (${minPoll} ms)`);
  }
  const deadlineMs = policy.deadlineMs ?? 48 * HOUR;
  if (policy.minPollDelayMs !== undefined && policy.minPollDelayMs >= deadlineMs) {
    issue('minPollDelayMs', `minPollDelayMs must be less than deadlineMs (${deadlineMs} ms)`);
  }
  if (policy.submitAttemptTimeoutMs !== undefined && policy.submitAttemptTimeoutMs >= deadlineMs) {
    issue('submitAttemptTimeoutMs', `submitAttemptTimeoutMs must be less than deadlineMs (${deadlineMs} ms)`);
  }
  if (policy.maxBusyWaitMs !== undefined && policy.maxBusyWaitMs > deadlineMs) {
    issue('maxBusyWaitMs', `maxBusyWaitMs must be at most deadlineMs (${deadlineMs} ms): the deadline ends every wait`);
  }
}
export type ValidRetrainInput = z.output<typeof RetrainInput> & { policy: RetrainPolicy };

/** Thrown by `parseRetrainInput`; `issues` name each bad field. */
export class RetrainInputError extends Error {
  override readonly name = 'RetrainInputError';
  readonly code = 'INVALID_INPUT';
  constructor(readonly issues: string[]) {
    super(`Invalid retrain request: ${issues.join('; ')}`);
  }
}

export function parseRetrainInput(raw: unknown): ValidRetrainInput {
  const parsed = RetrainInput.safeParse(raw);
  if (!parsed.success) {
    throw new RetrainInputError(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`),
    );
  }
  return { ...parsed.data, policy: RetrainPolicy.parse(parsed.data.policy ?? {}) };
}

/** The API parameters of a retrain, as sent to Einstein and recorded in the report. */
export function retrainParameters(input: ValidRetrainInput) {
  return {
    ...(input.epochs !== undefined && { epochs: input.epochs }),
    ...(input.learningRate !== undefined && { learningRate: input.learningRate }),
    ...(input.algorithm !== undefined && { algorithm: input.algorithm }),
    ...(input.trainParams !== undefined && { trainParams: input.trainParams }),
  };
}

/** The Einstein parameters of a retrain (the same fields as RetrainInput; fully checked by parseRetrainInput). */
export const RetrainParams = z
  .object({
    epochs: z.number({ error: 'params.epochs must be an integer from 1 to 1000' }).optional(),
    learningRate: z.number({ error: 'params.learningRate must be a number' }).optional(),
    algorithm: z.string({ error: 'params.algorithm must be a string' }).optional(),
    trainParams: z
      .object({
        trainSplitRatio: z.number({ error: 'params.trainParams.trainSplitRatio must be a number' }).optional(),
        withFeedback: z.boolean({ error: 'params.trainParams.withFeedback must be true or false' }).optional(),
        withGlobalDatasetId: z.number({ error: 'params.trainParams.withGlobalDatasetId must be an integer' }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RetrainParams = z.output<typeof RetrainParams>;
