// `retrain` flags → the workflow's RetrainInput, validated with the workflow's own schema before anything contacts
// Temporal. Errors speak the user's language: the flag they typed, the allowed values, and what they gave.
import {
  parseRetrainInput,
  RetrainInputError,
  RetrainPolicy,
  type RetrainInput,
  type ValidRetrainInput,
} from '../../contract/retrain-input';
import { boundsOf, flagIssue, invalidFlags, type FlagFields } from './flag-issues';
import { durationRule, flagValue, integerRule, numberRule } from './flag-values';

/** The options commander hands to the `retrain` action (values already converted by the parsers below). */
export interface RetrainFlags {
  domain: string;
  epochs?: number;
  learningRate?: number;
  algorithm?: string;
  trainSplitRatio?: number;
  withFeedback?: boolean;
  withGlobalDatasetId?: number;
  maxBusyWait?: number;
  deadline?: number;
  maxResubmits?: number;
  maxLagShare?: number;
  gateMetric?: string;
  maxDrop?: number;
  minValue?: number;
}

/** Where each input field comes from on the command line; policy durations show their bounds as durations. */
export const RETRAIN_FLAG_FIELDS: FlagFields = {
  domain: { flag: '--domain' },
  modelId: { flag: '<modelId>' },
  epochs: { flag: '--epochs' },
  learningRate: { flag: '--learning-rate' },
  algorithm: { flag: '--algorithm' },
  'trainParams.trainSplitRatio': { flag: '--train-split-ratio' },
  'trainParams.withFeedback': { flag: '--with-feedback' },
  'trainParams.withGlobalDatasetId': { flag: '--with-global-dataset-id' },
  'policy.maxBusyWaitMs': { flag: '--max-busy-wait', durationBounds: boundsOf(RetrainPolicy.shape.maxBusyWaitMs.unwrap()) },
  'policy.deadlineMs': { flag: '--deadline', durationBounds: boundsOf(RetrainPolicy.shape.deadlineMs.unwrap()) },
  'policy.maxResubmits': { flag: '--max-resubmits' },
  'policy.maxLagShare': { flag: '--max-lag-share' },
  'policy.qualityGate.metric': { flag: '--gate-metric' },
  'policy.qualityGate.maxDrop': { flag: '--max-drop' },
  'policy.qualityGate.minValue': { flag: '--min-value' },
};

/** commander parsers of the retrain flags that take a value; the ranges are the workflow schema's business. */
export const RETRAIN_FLAG_PARSERS = {
  epochs: flagValue('--epochs', integerRule),
  learningRate: flagValue('--learning-rate', numberRule),
  trainSplitRatio: flagValue('--train-split-ratio', numberRule),
  withGlobalDatasetId: flagValue('--with-global-dataset-id', integerRule),
  maxBusyWait: flagValue('--max-busy-wait', durationRule),
  deadline: flagValue('--deadline', durationRule),
  maxResubmits: flagValue('--max-resubmits', integerRule),
  maxLagShare: flagValue('--max-lag-share', numberRule),
  maxDrop: flagValue('--max-drop', numberRule),
  minValue: flagValue('--min-value', numberRule),
};

/** The request as the workflow receives it; only what the user set (the workflow applies the defaults). */
export function retrainInputFromFlags(modelId: string, flags: RetrainFlags): RetrainInput {
  const trainParams = definedOnly({
    trainSplitRatio: flags.trainSplitRatio,
    withFeedback: flags.withFeedback,
    withGlobalDatasetId: flags.withGlobalDatasetId,
  });
  const qualityGate = definedOnly({ metric: flags.gateMetric, maxDrop: flags.maxDrop, minValue: flags.minValue });
  const policy = definedOnly({
    maxBusyWaitMs: flags.maxBusyWait,
    deadlineMs: flags.deadline,
    maxResubmits: flags.maxResubmits,
    maxLagShare: flags.maxLagShare,
    qualityGate: Object.keys(qualityGate).length > 0 ? (qualityGate as NonNullable<RetrainPolicy['qualityGate']>) : undefined,
  });
  return {
    domain: flags.domain as RetrainInput['domain'],
    modelId,
    ...definedOnly({ epochs: flags.epochs, learningRate: flags.learningRate, algorithm: flags.algorithm }),
    ...(Object.keys(trainParams).length > 0 && { trainParams }),
    ...(Object.keys(policy).length > 0 && { policy }),
    trigger: { source: 'cli' },
  };
}

/** Validates with the workflow's schema; throws a CliError (exit 2) whose issues name the flags. */
export function validateRetrainFlags(modelId: string, flags: RetrainFlags): { input: RetrainInput; valid: ValidRetrainInput } {
  const input = retrainInputFromFlags(modelId, flags);
  try {
    return { input, valid: parseRetrainInput(input) };
  } catch (error) {
    if (!(error instanceof RetrainInputError)) throw error;
    throw invalidFlags('Invalid retrain request', error.issues.map((issue) => flagIssue(issue, RETRAIN_FLAG_FIELDS, input)));
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
