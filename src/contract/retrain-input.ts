// The retrain request: validated before the first API call, in the client (CLI, HTTP API) and again by the run's
// first activity (inspect-model.ts), so bad input fails at once with a message that names the field and the allowed
// values. The bounds, allowed values and cross-field rules come from retrain-rules.ts (zod-free, read by workflows).
import { z } from 'zod';
import { QualityGate } from '../report/quality-verdict';
import { DomainSchema, ModelIdSchema } from './ids';
import {
  domainParamIssues,
  EPOCHS,
  EPOCHS_RULE,
  LEARNING_RATE,
  LEARNING_RATE_RULE,
  MAX_EVENT_IDS,
  POLICY_BOUNDS,
  POLICY_DEFAULTS,
  policyPairIssues,
  TRAIN_SPLIT_RATIO,
  TRAIN_SPLIT_RATIO_RULE,
  TRIGGER_SOURCES,
  type NumberBounds,
  type PolicyNumberField,
} from './retrain-rules';

export { LANGUAGE_ALGORITHMS, retrainParameters, TRIGGER_SOURCES, VISION_ALGORITHMS } from './retrain-rules';

/** A policy number with its bounds from POLICY_BOUNDS. */
function policyNumber(field: PolicyNumberField) {
  const { min, max, integer } = POLICY_BOUNDS[field] as NumberBounds;
  return (integer ? z.number().int() : z.number()).min(min).max(max);
}

/** The policy's fields as a sender gives them: no defaults (see RetrainPolicyPatch). */
const POLICY_FIELDS = {
  /** Longest wait for another model of the dataset to finish training before giving up. @default 6 hours */
  maxBusyWaitMs: policyNumber('maxBusyWaitMs'),
  /** Overall deadline from request to final status. @default 48 hours */
  deadlineMs: policyNumber('deadlineMs'),
  /** Automatic resubmissions when the training ends FAILED with a transient-looking cause. @default 0 */
  maxResubmits: policyNumber('maxResubmits'),
  /**
   * The polling promise: the status call that sees the end of a training comes at most
   * max(minPollDelayMs, maxLagShare × time from submission to the end) after it. Lower it for faster detection,
   * raise it for fewer calls. @default the scheduler's (DEFAULT_POLL_BOUNDS.maxLagShare, chosen by the polling bench)
   */
  maxLagShare: z
    .number({ error: 'maxLagShare must be a number greater than 0.001 and at most 1' })
    .min(POLICY_BOUNDS.maxLagShare.min, 'maxLagShare must be from 0.001 to 1')
    .max(POLICY_BOUNDS.maxLagShare.max, 'maxLagShare must be from 0.001 to 1')
    .optional(),
  /** Bounds of the adaptive poll delay. @default the scheduler's (DEFAULT_POLL_BOUNDS: 5 s … 15 min) */
  minPollDelayMs: policyNumber('minPollDelayMs').optional(),
  maxPollDelayMs: policyNumber('maxPollDelayMs').optional(),
  /**
   * How long one submit attempt may run before Temporal retries it (a worker crash is detected after this). Every
   * Einstein request of the attempt is aborted just before it, so no POST outlives its attempt. @default 30 s
   */
  submitAttemptTimeoutMs: policyNumber('submitAttemptTimeoutMs'),
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
};

/**
 * A policy as a request, trigger, schedule or setting gives it: only the fields it sets, no defaults filled in. (zod's
 * `.partial()` keeps each field's default, so a policy of `{ deadlineMs: 1 h }` grew the 6-hour default busy wait and
 * was refused for a field its sender never gave.) The pairs are judged on what was given; `parseRetrainInput` then
 * fills the defaults.
 */
export const RetrainPolicyPatch = z.object(POLICY_FIELDS).partial();
export type RetrainPolicyPatch = z.output<typeof RetrainPolicyPatch>;

/** A whole policy: the fields given, and the defaults of the rest. */
export const RetrainPolicy = RetrainPolicyPatch.extend({
  maxBusyWaitMs: POLICY_FIELDS.maxBusyWaitMs.default(POLICY_DEFAULTS.maxBusyWaitMs),
  deadlineMs: POLICY_FIELDS.deadlineMs.default(POLICY_DEFAULTS.deadlineMs),
  maxResubmits: POLICY_FIELDS.maxResubmits.default(POLICY_DEFAULTS.maxResubmits),
  submitAttemptTimeoutMs: POLICY_FIELDS.submitAttemptTimeoutMs.default(POLICY_DEFAULTS.submitAttemptTimeoutMs),
});
export type RetrainPolicy = z.infer<typeof RetrainPolicy>;

export const RetrainInput = z
  .object({
    domain: DomainSchema,
    modelId: ModelIdSchema,
    epochs: z.number({ error: EPOCHS_RULE }).int().min(EPOCHS.min).max(EPOCHS.max).optional(),
    learningRate: z
      .number({ error: LEARNING_RATE_RULE })
      .min(LEARNING_RATE.min, `learningRate must be from ${LEARNING_RATE.min} to ${LEARNING_RATE.max}`)
      .max(LEARNING_RATE.max, `learningRate must be from ${LEARNING_RATE.min} to ${LEARNING_RATE.max}`)
      .optional(),
    algorithm: z.string().optional(),
    trainParams: z
      .object({
        trainSplitRatio: z
          .number()
          .gt(TRAIN_SPLIT_RATIO.above, TRAIN_SPLIT_RATIO_RULE)
          .lt(TRAIN_SPLIT_RATIO.below, TRAIN_SPLIT_RATIO_RULE)
          .optional(),
        withFeedback: z.boolean().optional(),
        withGlobalDatasetId: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    policy: RetrainPolicyPatch.optional(),
    trigger: z
      .object({
        source: z.enum(TRIGGER_SOURCES),
        /** Workflow id of the run this one re-runs (ops retry). */
        retryOf: z.string().optional(),
        eventIds: z.array(z.string()).max(MAX_EVENT_IDS).optional(),
      })
      .optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const issues = [...policyPairIssues(input.policy ?? {}), ...domainParamIssues(input.domain, input)];
    for (const { path, message } of issues) ctx.addIssue({ code: 'custom', path, message });
  });
export type RetrainInput = z.input<typeof RetrainInput>;

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

/** The Einstein parameters of a retrain (the same fields as RetrainInput; fully checked by parseRetrainInput). */
export const RetrainParams = z
  .object({
    epochs: z.number({ error: `params.${EPOCHS_RULE}` }).optional(),
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
