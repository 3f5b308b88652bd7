// The rules of a retrain request without zod: allowed values, bounds and defaults, the rules that span fields, and
// the parameters sent to Einstein. retrain-input.ts builds the zod schema the edges and the inspect activity parse
// with from these; workflow code (whose modules the SDK instantiates once per cached workflow) reads them directly.
// One source of truth: a bound changes here and both follow.
import type { Domain } from './id-rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const VISION_ALGORITHMS = ['object-detection', 'object-detection-v1', 'object-detection-v2', 'retail-execution'];
export const LANGUAGE_ALGORITHMS = ['intent', 'multilingual-intent', 'multilingual-intent-ood'];

export const TRIGGER_SOURCES = ['cli', 'api', 'schedule', 'feedback', 'retry', 'client'] as const;
export type TriggerSource = (typeof TRIGGER_SOURCES)[number];
export const TRIGGER_SOURCE_RULE = `source must be one of: ${TRIGGER_SOURCES.join(', ')}`;

/** At most this many feedback event ids travel with a run. */
export const MAX_EVENT_IDS = 100;

export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
}

export function withinBounds(value: unknown, bounds: NumberBounds): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= bounds.min && value <= bounds.max && (!bounds.integer || Number.isInteger(value));
}

export const EPOCHS: NumberBounds = { min: 1, max: 1000, integer: true };
export const EPOCHS_RULE = `epochs must be an integer from ${EPOCHS.min} to ${EPOCHS.max}`;
export const LEARNING_RATE: NumberBounds = { min: 0.0001, max: 0.01 };
export const LEARNING_RATE_RULE = `learningRate must be a number from ${LEARNING_RATE.min} to ${LEARNING_RATE.max}`;
/** trainParams.trainSplitRatio lies strictly between these. */
export const TRAIN_SPLIT_RATIO = { above: 0, below: 1 };
export const TRAIN_SPLIT_RATIO_RULE = `trainParams.trainSplitRatio must be greater than ${TRAIN_SPLIT_RATIO.above} and less than ${TRAIN_SPLIT_RATIO.below}`;

/** Bounds of every numeric policy field (the zod schema's and the workflow's checks both read them). */
export const POLICY_BOUNDS = {
  maxBusyWaitMs: { min: 0, max: 7 * DAY, integer: true },
  deadlineMs: { min: MINUTE, max: 30 * DAY, integer: true },
  maxResubmits: { min: 0, max: 5, integer: true },
  maxLagShare: { min: 0.001, max: 1 },
  minPollDelayMs: { min: 100, max: HOUR, integer: true },
  maxPollDelayMs: { min: 1_000, max: 6 * HOUR, integer: true },
  submitAttemptTimeoutMs: { min: 5_000, max: 10 * MINUTE, integer: true },
} satisfies Record<string, NumberBounds>;
export type PolicyNumberField = keyof typeof POLICY_BOUNDS;

/** The policy fields that have a default, and the defaults (docs in retrain-input.ts's RetrainPolicy). */
export const POLICY_DEFAULTS = {
  maxBusyWaitMs: 6 * HOUR,
  deadlineMs: 48 * HOUR,
  maxResubmits: 0,
  submitAttemptTimeoutMs: 30_000,
} as const;

/** Default poll floor; a `maxPollDelayMs` below it is refused unless `minPollDelayMs` is lowered too. */
export const DEFAULT_MIN_POLL_DELAY_MS = 5_000;

export interface RuleIssue {
  /** Where, as a path below the retrain input (['policy', 'deadlineMs'], ['algorithm']). */
  path: string[];
  message: string;
}

/** Pairs of policy values that each pass alone but cannot work together. */
export function policyPairIssues(policy: Partial<Record<PolicyNumberField, number>>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ path: ['policy', field], message });
  const minPoll = policy.minPollDelayMs ?? DEFAULT_MIN_POLL_DELAY_MS;
  if (policy.maxPollDelayMs !== undefined && policy.maxPollDelayMs < minPoll) {
    issue('maxPollDelayMs', `maxPollDelayMs must be at least minPollDelayMs (${minPoll} ms)`);
  }
  const deadlineMs = policy.deadlineMs ?? POLICY_DEFAULTS.deadlineMs;
  if (policy.minPollDelayMs !== undefined && policy.minPollDelayMs >= deadlineMs) {
    issue('minPollDelayMs', `minPollDelayMs must be less than deadlineMs (${deadlineMs} ms)`);
  }
  if (policy.submitAttemptTimeoutMs !== undefined && policy.submitAttemptTimeoutMs >= deadlineMs) {
    issue('submitAttemptTimeoutMs', `submitAttemptTimeoutMs must be less than deadlineMs (${deadlineMs} ms)`);
  }
  if (policy.maxBusyWaitMs !== undefined && policy.maxBusyWaitMs > deadlineMs) {
    issue('maxBusyWaitMs', `maxBusyWaitMs must be at most deadlineMs (${deadlineMs} ms): the deadline ends every wait`);
  }
  return issues;
}

/** The parameters that depend on the domain: learningRate (vision only) and the algorithms each domain knows. */
export function domainParamIssues(domain: Domain, params: { learningRate?: unknown; algorithm?: unknown }): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (domain === 'language' && params.learningRate !== undefined) {
    issues.push({ path: ['learningRate'], message: 'learningRate is not used by Einstein Language models; omit it' });
  }
  const allowed = domain === 'vision' ? VISION_ALGORITHMS : LANGUAGE_ALGORITHMS;
  if (params.algorithm !== undefined && !allowed.includes(params.algorithm as string)) {
    issues.push({ path: ['algorithm'], message: `algorithm for ${domain} must be one of: ${allowed.join(', ')}` });
  }
  return issues;
}

/** The deadline of a retrain with this (possibly partial) policy. */
export function deadlineOf(policy: { deadlineMs?: number } | undefined): number {
  return policy?.deadlineMs ?? POLICY_DEFAULTS.deadlineMs;
}

/** The API parameters of a retrain, as sent to Einstein and recorded in the report. */
export function retrainParameters<P extends { epochs?: number; learningRate?: number; algorithm?: string; trainParams?: object }>(input: P) {
  return {
    ...(input.epochs !== undefined && { epochs: input.epochs }),
    ...(input.learningRate !== undefined && { learningRate: input.learningRate }),
    ...(input.algorithm !== undefined && { algorithm: input.algorithm }),
    ...(input.trainParams !== undefined && { trainParams: input.trainParams as NonNullable<P['trainParams']> }),
  };
}
