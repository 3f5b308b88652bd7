// Client-side validation of what we send, before any request: Einstein's own answers to bad parameters are
// undocumented (docs/einstein-api.md §13), so a clear local error beats a vague 400. Ranges: §2 (retrain) and §3 (train).
import { z } from 'zod';
import { InvalidRequestError } from './errors';
import { fieldName, valueAtPath } from './issues';
import type { Domain, FeedbackParams, PageRequest, RetrainParams, TrainRequest } from './types';

const rule = (text: string) => ({ error: text });
const nonEmpty = (text = 'must be a non-empty string') => z.string(rule(text)).trim().min(1, rule(text));

const EPOCHS = rule('must be an integer from 1 to 1000');
const LEARNING_RATE = rule('must be a number from 0.0001 to 0.01');
const SPLIT = rule('must be a number greater than 0 and less than 1');
const POSITIVE_ID = rule('must be a positive integer');
const NAME = rule('must be a string of 1 to 180 characters');

const positiveId = () => z.number(POSITIVE_ID).int(POSITIVE_ID).positive(POSITIVE_ID);
const name = () => z.string(NAME).trim().min(1, NAME).max(180, NAME);

const trainParamsSchema = z.strictObject(
  {
    trainSplitRatio: z.number(SPLIT).gt(0, SPLIT).lt(1, SPLIT).optional(),
    withFeedback: z.boolean(rule('must be true or false')).optional(),
    withGlobalDatasetId: positiveId().optional(),
  },
  rule('must be an object with only trainSplitRatio, withFeedback and withGlobalDatasetId'),
);

const trainingOptionsShape = {
  algorithm: nonEmpty().optional(),
  epochs: z.number(EPOCHS).int(EPOCHS).min(1, EPOCHS).max(1000, EPOCHS).optional(),
  learningRate: z.number(LEARNING_RATE).min(0.0001, LEARNING_RATE).max(0.01, LEARNING_RATE).optional(),
  trainParams: trainParamsSchema.optional(),
};

export const retrainParamsSchema = z.object({ modelId: nonEmpty(), ...trainingOptionsShape });

export const trainRequestSchema = z.object({ datasetId: positiveId(), name: name(), ...trainingOptionsShape });

const feedbackShape = {
  modelId: nonEmpty(),
  expectedLabel: nonEmpty(),
  name: name().optional(),
};

const feedbackSchemas = {
  vision: z.object({
    ...feedbackShape,
    data: z.object(
      { bytes: z.instanceof(Uint8Array, rule('must be a Uint8Array of image bytes')), filename: nonEmpty() },
      rule('is required for vision feedback: { bytes, filename } of the image'),
    ),
  }),
  language: z.object({
    ...feedbackShape,
    document: nonEmpty('is required for language feedback: the misclassified text'),
  }),
};

export function validateRetrainParams(params: RetrainParams): RetrainParams {
  return parseOrThrow(retrainParamsSchema, params, 'retrain parameters');
}

export function validateTrainRequest(params: TrainRequest): TrainRequest {
  return parseOrThrow(trainRequestSchema, params, 'train parameters');
}

export function validateFeedbackParams(domain: Domain, params: FeedbackParams): FeedbackParams {
  return parseOrThrow(feedbackSchemas[domain], params, `${domain} feedback parameters`);
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, input));
  const field = fieldName(parsed.error.issues[0]?.path ?? []);
  throw new InvalidRequestError(`Invalid ${what}: ${problems.join('; ')}. Nothing was sent to Einstein.`, { field });
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = fieldName(issue.path) ?? 'parameters';
  const message = issue.code === 'unrecognized_keys' ? `has unknown keys ${issue.keys.join(', ')}` : issue.message;
  return `${field} ${message}${describeReceived(valueAtPath(input, issue.path))}`;
}

/** Echo numbers and booleans (they explain a range error); never strings, which may be user content. */
function describeReceived(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? ` (got ${String(value)})` : '';
}

// Arguments that end up in a URL: checked so a typo fails here, not as a confusing 404.

export function checkDomain(domain: Domain): Domain {
  if (domain === 'vision' || domain === 'language') return domain;
  throw new InvalidRequestError(`domain must be "vision" or "language" (got "${String(domain).slice(0, 40)}").`, {
    field: 'domain',
  });
}

export function checkModelId(modelId: string): string {
  if (typeof modelId === 'string' && modelId.trim() !== '') return modelId.trim();
  throw new InvalidRequestError('modelId must be a non-empty string.', { field: 'modelId' });
}

export function checkDatasetId(datasetId: number): number {
  if (Number.isSafeInteger(datasetId) && datasetId > 0) return datasetId;
  throw new InvalidRequestError(`datasetId ${POSITIVE_ID.error} (got ${String(datasetId)}).`, { field: 'datasetId' });
}

export function checkPage(page: PageRequest | undefined): PageRequest | undefined {
  for (const key of ['offset', 'count'] as const) {
    const value = page?.[key];
    const minimum = key === 'offset' ? 0 : 1;
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) {
      throw new InvalidRequestError(`page.${key} must be an integer ≥ ${minimum} (got ${String(value)}).`, {
        field: `page.${key}`,
      });
    }
  }
  return page;
}

export function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    const message = 'baseUrl must be an absolute http(s) URL without query, e.g. https://api.einstein.ai.';
    throw new InvalidRequestError(message, { field: 'baseUrl' });
  }
  return url.href.replace(/\/+$/, '');
}
