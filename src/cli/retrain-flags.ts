// `retrain` flags → the workflow's RetrainInput, validated with the workflow's own schema before anything contacts
// Temporal. Errors speak the user's language: the flag they typed, the allowed values, and what they gave.
import { InvalidArgumentError } from 'commander';
import {
  parseRetrainInput,
  RetrainInputError,
  RetrainPolicy,
  type RetrainInput,
  type ValidRetrainInput,
} from '../workflows/retrain-input';
import { invalidInput } from './cli-error';
import { DURATION_EXAMPLES, formatDuration, parseDuration } from './duration';

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
}

/** Where each input field comes from on the command line. */
export const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  domain: '--domain',
  modelId: '<modelId>',
  epochs: '--epochs',
  learningRate: '--learning-rate',
  algorithm: '--algorithm',
  'trainParams.trainSplitRatio': '--train-split-ratio',
  'trainParams.withFeedback': '--with-feedback',
  'trainParams.withGlobalDatasetId': '--with-global-dataset-id',
  'policy.maxBusyWaitMs': '--max-busy-wait',
  'policy.deadlineMs': '--deadline',
  'policy.maxResubmits': '--max-resubmits',
};

/** Policy fields given as durations: their messages show bounds as durations, not milliseconds. */
const DURATION_FIELDS: Readonly<Record<string, keyof typeof RetrainPolicy.shape>> = {
  'policy.maxBusyWaitMs': 'maxBusyWaitMs',
  'policy.deadlineMs': 'deadlineMs',
};

/** commander argument parser for numeric flags; ranges are the schema's business. */
export function numberArg(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number.');
  return value;
}

/** commander argument parser for duration flags. */
export function durationArg(raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration such as ${DURATION_EXAMPLES}.`);
  return ms;
}

/** The request as the workflow receives it; only what the user set (the workflow applies the defaults). */
export function retrainInputFromFlags(modelId: string, flags: RetrainFlags): RetrainInput {
  const trainParams = definedOnly({
    trainSplitRatio: flags.trainSplitRatio,
    withFeedback: flags.withFeedback,
    withGlobalDatasetId: flags.withGlobalDatasetId,
  });
  const policy = definedOnly({ maxBusyWaitMs: flags.maxBusyWait, deadlineMs: flags.deadline, maxResubmits: flags.maxResubmits });
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
    const issues = error.issues.map((issue) => flagIssue(issue, input));
    throw invalidInput('Invalid retrain request', issues);
  }
}

/** "epochs: epochs must be an integer from 1 to 1000" → "--epochs: must be an integer from 1 to 1000 (got 0)". */
export function flagIssue(issue: string, input: RetrainInput): string {
  const separator = issue.indexOf(': ');
  const path = separator < 0 ? '' : issue.slice(0, separator);
  const message = separator < 0 ? issue : issue.slice(separator + 2);
  const flag = FLAG_FOR_FIELD[path] ?? path;
  const value = valueAt(input, path);
  const durationField = DURATION_FIELDS[path];
  if (durationField !== undefined && typeof value === 'number') {
    return `${flag}: must be from ${durationBounds(durationField)} (got ${formatDuration(value)})`;
  }
  const lastSegment = path.split('.').pop() ?? path;
  const stripped = message.replace(new RegExp(`^(?:${escape(path)}|${escape(lastSegment)}) (?=must )`), '');
  return value === undefined ? `${flag}: ${stripped}` : `${flag}: ${stripped} (got ${JSON.stringify(value)})`;
}

function durationBounds(field: keyof typeof RetrainPolicy.shape): string {
  const schema = RetrainPolicy.shape[field].unwrap();
  return `${formatDuration(schema.minValue ?? 0)} to ${formatDuration(schema.maxValue ?? Infinity)}`;
}

function valueAt(input: RetrainInput, path: string): unknown {
  let node: unknown = input;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
