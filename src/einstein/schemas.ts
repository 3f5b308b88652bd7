// zod schemas for every Einstein response the client reads (docs/einstein-api.md §2–§9, §13).
// Tolerant by design: unknown fields are ignored (or kept, inside open-ended objects such as metricsData), optional
// fields may be missing, and the documented variants are normalised (expires_in as a string, trainParams as a JSON
// string, `+0000` timestamps). Only fields the product needs are required; a body without one is MALFORMED_RESPONSE.
import { DOMAINS } from '../contract/ids';
import { isInProgress, isTerminal, KNOWN_TRAINING_STATUSES, type KnownTrainingStatus } from '../contract/training-status';
import { z } from 'zod';

export const domainSchema = z.enum(DOMAINS);

export { DOMAINS, KNOWN_TRAINING_STATUSES, type KnownTrainingStatus };
/** A documented status, or any other non-empty string the server sends (kept as-is; never treated as terminal). */
export type TrainingStatus = KnownTrainingStatus | (string & {});

/** The client's names for the shared status rules (src/contract/training-status.ts). */
export { isTerminal as isTerminalTrainingStatus, isInProgress as isTrainingInProgress };
export function isKnownTrainingStatus(status: string): status is KnownTrainingStatus {
  return (KNOWN_TRAINING_STATUSES as readonly string[]).includes(status);
}

/**
 * An optional field. Servers written in Java often send `null` for "absent" (e.g. `"message": null`); both mean the
 * same here, so null becomes undefined. Fields where null carries meaning (trainParams, trainStats) stay nullable.
 */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const trainingStatusSchema = z
  .string()
  .min(1, 'must be a non-empty status string')
  .transform((status): TrainingStatus => status);

/**
 * Einstein writes `2016-09-16T18:03:21.000+0000` (offset without a colon); API usage uses ISO 8601 with `Z`.
 * Both are accepted and normalised to ISO 8601 UTC, so timestamps compare as strings and survive JSON round trips.
 */
export function parseEinsteinTimestamp(text: string): Date | undefined {
  const withColonOffset = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColonOffset);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const timestampSchema = z.string().transform((text, ctx) => {
  const date = parseEinsteinTimestamp(text);
  if (date) return date.toISOString();
  ctx.addIssue({ code: 'custom', message: 'must be a timestamp like 2016-09-16T18:03:21.000+0000 or ISO 8601' });
  return z.NEVER;
});

/** A number, or a numeric string such as `"120"` or `"0.7"` (both forms appear in documented bodies). */
const numberLikeSchema = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'must be a number or a numeric string')
    .transform(Number),
]);

const booleanLikeSchema = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((text) => text === 'true'),
]);

/** `trainParams` as Einstein echoes it: the keys we send, plus anything else the server adds. */
export const trainParamsSchema = z.looseObject({
  trainSplitRatio: optional(numberLikeSchema),
  withFeedback: optional(booleanLikeSchema),
  withGlobalDatasetId: optional(numberLikeSchema),
});

/** Real bodies carry an object or null; the OpenAPI file types it as a JSON string. All three become object | null. */
const trainParamsFieldSchema = z.preprocess((value, ctx) => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an object, null or a JSON object string' });
    return z.NEVER;
  }
}, trainParamsSchema.nullable());

export const trainStatsSchema = z.looseObject({
  labels: optional(z.number()),
  examples: optional(z.number()),
  totalTime: optional(z.string()),
  trainingTime: optional(z.string()),
  earlyStopping: optional(z.boolean()),
  lastEpochDone: optional(z.number()),
  modelSaveTime: optional(z.string()),
  testSplitSize: optional(z.number()),
  trainSplitSize: optional(z.number()),
  datasetLoadTime: optional(z.string()),
});

/** The `training` object of train, retrain and Get Training Status (§2, §3, §9). */
export const trainingSchema = z.object({
  modelId: z.string().min(1),
  datasetId: z.number(),
  status: trainingStatusSchema,
  progress: z.number(),
  modelType: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  name: optional(z.string()),
  datasetVersionId: optional(z.number()),
  algorithm: optional(z.string()),
  language: optional(z.string()),
  epochs: optional(z.number()),
  learningRate: optional(z.number()),
  queuePosition: optional(z.number()),
  failureMsg: optional(z.string()),
  earlyStopping: optional(z.boolean()),
  lastEpochDone: optional(z.number()),
  trainParams: trainParamsFieldSchema.optional(),
  trainStats: trainStatsSchema.nullable().optional(),
  object: optional(z.string()),
});

/** Numbers in metric arrays; `null` is a value the server could not compute (e.g. a label without test data). */
const metricNumber = z.number().nullable();

/**
 * `metricsData`: its shape depends on the model type (§4, §9). The fields the reports compare are typed; every other
 * field (confusion matrices, detection label metrics, precision/recall curves, ...) is kept as sent.
 */
export const metricsDataSchema = z.looseObject({
  labels: optional(z.array(z.string())),
  f1: optional(z.array(z.union([metricNumber, z.array(metricNumber)]))),
  testAccuracy: optional(z.number()),
  trainingAccuracy: optional(z.number()),
  trainingLoss: optional(z.number()),
  macroF1: optional(z.number()),
  testAccuracies: optional(z.array(metricNumber)),
  trainingAccuracies: optional(z.array(metricNumber)),
});

export const modelMetricsSchema = z.object({
  metricsData: metricsDataSchema,
  id: optional(z.string()),
  createdAt: optional(timestampSchema),
  language: optional(z.string()),
  algorithm: optional(z.string()),
  object: optional(z.string()),
});

export const learningCurveEntrySchema = z.object({
  epoch: z.number(),
  metricsData: optional(metricsDataSchema),
  /** image: array of results; multi-label: object keyed by label; detection: "N/A". */
  epochResults: optional(z.unknown()),
  object: optional(z.string()),
});

function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), object: optional(z.string()) });
}

export const learningCurvePageSchema = listOf(learningCurveEntrySchema);

const labelSchema = z.object({
  id: z.number(),
  name: z.string(),
  datasetId: optional(z.number()),
  numExamples: optional(z.number()),
});

/** The `dataset` object (§5). `statusMsg` is required: it is how a DELETE_PENDING dataset is recognised. */
export const datasetSchema = z.object({
  id: z.number(),
  statusMsg: z.string(),
  name: optional(z.string()),
  createdAt: optional(timestampSchema),
  updatedAt: optional(timestampSchema),
  labelSummary: optional(z.object({ labels: z.array(labelSchema) })),
  totalExamples: optional(z.number()),
  totalLabels: optional(z.number()),
  available: optional(z.boolean()),
  type: optional(z.string()),
  language: optional(z.string()),
  numOfDuplicates: optional(z.number()),
  object: optional(z.string()),
});

/** An item of `GET /datasets/{id}/models` (`object: "model"`, §4). */
export const datasetModelSchema = z.object({
  modelId: z.string().min(1),
  status: trainingStatusSchema,
  datasetId: z.number(),
  name: optional(z.string()),
  modelType: optional(z.string()),
  progress: optional(z.number()),
  createdAt: optional(timestampSchema),
  updatedAt: optional(timestampSchema),
  datasetVersionId: optional(z.number()),
  algorithm: optional(z.string()),
  language: optional(z.string()),
  failureMsg: optional(z.string()),
  object: optional(z.string()),
});

export const datasetModelListSchema = listOf(datasetModelSchema);

/** The `example` object a feedback call returns (§6). */
export const exampleSchema = z.object({
  id: z.number(),
  name: optional(z.string()),
  location: optional(z.string()),
  createdAt: optional(timestampSchema),
  label: optional(labelSchema),
  object: optional(z.string()),
});

const planSchema = z.object({ plan: z.string(), amount: optional(z.number()), source: optional(z.string()) });

/** Ids that the examples show as strings ("108") but that are numbers in some clients' types. */
const idLikeSchema = z.union([z.string(), z.number().transform(String)]);

/** The `deletion` object of a dataset or model delete (§5). */
export const deletionSchema = z.object({
  id: idLikeSchema,
  deletedObjectId: optional(idLikeSchema),
  status: optional(z.string()),
  progress: optional(z.number()),
  type: optional(z.string()),
  message: optional(z.string()),
  organizationId: optional(z.string()),
  object: optional(z.string()),
});

export const apiUsageSchema = z.object({
  id: idLikeSchema,
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  predictionsMax: z.number(),
  predictionsUsed: z.number(),
  predictionsRemaining: z.number(),
  organizationId: optional(idLikeSchema),
  licenseId: optional(z.string()),
  planData: optional(z.array(planSchema)),
  object: optional(z.string()),
});

export const apiUsageListSchema = listOf(apiUsageSchema);

/** `POST /v2/oauth2/token` (§7). `expires_in` is an integer in the docs table and a string in the OpenAPI example. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: optional(numberLikeSchema),
  token_type: optional(z.string()),
  refresh_token: optional(z.string()),
});

/** Error bodies: `{"message": "..."}`, sometimes with `object` (§1). */
export const errorBodySchema = z.object({ message: optional(z.string()), object: optional(z.string()) });

export type Domain = z.infer<typeof domainSchema>;
export type TrainParams = z.infer<typeof trainParamsSchema>;
export type TrainStats = z.infer<typeof trainStatsSchema>;
export type Training = z.infer<typeof trainingSchema>;
export type MetricsData = z.infer<typeof metricsDataSchema>;
export type ModelMetrics = z.infer<typeof modelMetricsSchema>;
export type LearningCurveEntry = z.infer<typeof learningCurveEntrySchema>;
export type LearningCurvePage = z.infer<typeof learningCurvePageSchema>;
export type Dataset = z.infer<typeof datasetSchema>;
export type DatasetModel = z.infer<typeof datasetModelSchema>;
export type Example = z.infer<typeof exampleSchema>;
export type Deletion = z.infer<typeof deletionSchema>;
export type ApiUsage = z.infer<typeof apiUsageSchema>;
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
