// `retrain` flags → the workflow's RetrainInput, validated with the workflow's own schema before anything contacts
// Temporal. Errors speak the user's language: the flag they typed, the allowed values, and what they gave.
import {
  parseRetrainInput,
  RetrainInputError,
  RetrainPolicy,
  type RetrainInput,
  type ValidRetrainInput,
  LANGUAGE_ALGORITHMS,
  VISION_ALGORITHMS,
} from '../../contract/retrain-input';
import type { Command } from 'commander';
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

/** The Einstein parameters and the policy of a retrain, as `retrain` and `schedule create` take them. */
export function addRetrainOptions(command: Command): Command {
  const parse = RETRAIN_FLAG_PARSERS;
  return command
    .option('--epochs <n>', 'training epochs, 1 to 1000 (default: Einstein decides)', parse.epochs)
    .option('--learning-rate <rate>', 'learning rate, 0.0001 to 0.01 (vision image models only)', parse.learningRate)
    .option('--algorithm <name>', `vision: ${VISION_ALGORITHMS.join(', ')}; language: ${LANGUAGE_ALGORITHMS.join(', ')}`)
    .option('--train-split-ratio <ratio>', 'share of the examples used for training, between 0 and 1 (Einstein default 0.9)', parse.trainSplitRatio)
    .option('--with-feedback', 'train on the feedback examples too')
    .option('--with-global-dataset-id <id>', 'train on this global dataset too', parse.withGlobalDatasetId)
    .option('--max-busy-wait <duration>', 'longest wait while another training holds the dataset (default 6h)', parse.maxBusyWait)
    .option('--deadline <duration>', 'overall deadline of a run, request to final status (default 48h)', parse.deadline)
    .option('--max-resubmits <n>', 'automatic resubmissions after a transient training failure, 0 to 5 (default 0)', parse.maxResubmits)
    .option('--max-lag-share <share>', 'the end of the training is seen within this share of its duration, 0.001 to 1 (default 0.07: a 1-hour training\'s end is seen within about 4 min); raise it for fewer status calls', parse.maxLagShare);
}

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
