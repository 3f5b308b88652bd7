/**
 * Validation of train/retrain form fields (docs/einstein-api.md §2–§3): epochs 1–1000, learningRate 0.0001–0.01,
 * trainParams as a JSON string with trainSplitRatio, withFeedback, withGlobalDatasetId. Numbers and booleans may
 * arrive as strings (Salesforce's own test sends {"trainSplitRatio":"0.7"}).
 */
import { z } from 'zod';
import { badRequest } from './errors';
import type { DatasetType } from '../state/fixture';
import { textField, type Form } from './form';
import type { TrainingParams } from '../state/state';

export const DEFAULT_TRAIN_SPLIT_RATIO = 0.9;
const TRAIN_PARAMS_KEYS = ['trainSplitRatio', 'withFeedback', 'withGlobalDatasetId'];

/** Algorithms by dataset type; types without an entry ignore `algorithm`. */
export const ALGORITHMS: Partial<Record<DatasetType, { allowed: string[]; default: string }>> = {
  'image-detection': {
    allowed: ['object-detection', 'object-detection-v1', 'object-detection-v2', 'retail-execution'],
    default: 'object-detection-v1',
  },
  'text-intent': { allowed: ['intent', 'multilingual-intent', 'multilingual-intent-ood'], default: 'intent' },
};

const numberLike = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
const booleanLike = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);

function bounded(field: string, min: number, max: number, integer: boolean) {
  const error = `${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  const base = z.number({ error }).min(min, { error }).max(max, { error });
  return z.preprocess(numberLike, integer ? base.int({ error }) : base);
}

const trainParamsSchema = z.object({
  trainSplitRatio: z
    .preprocess(numberLike, z.number({ error: 'trainParams.trainSplitRatio must be a number between 0 and 1 (exclusive)' }))
    .refine((r) => r > 0 && r < 1, { error: 'trainParams.trainSplitRatio must be a number between 0 and 1 (exclusive)' })
    .optional(),
  withFeedback: z.preprocess(booleanLike, z.boolean({ error: 'trainParams.withFeedback must be true or false' })).optional(),
  withGlobalDatasetId: bounded('trainParams.withGlobalDatasetId', 1, Number.MAX_SAFE_INTEGER, true).optional(),
});

const fieldsSchema = z.object({
  epochs: bounded('epochs', 1, 1000, true).optional(),
  learningRate: bounded('learningRate', 0.0001, 0.01, false).optional(),
});

export function parseTrainingParams(form: Form): TrainingParams {
  const fields = fieldsSchema.safeParse({ epochs: textField(form, 'epochs'), learningRate: textField(form, 'learningRate') });
  if (!fields.success) throw badRequest(firstIssue(fields.error));
  const trainParams = parseTrainParamsJson(textField(form, 'trainParams'));
  const checked = trainParamsSchema.safeParse(trainParams ?? {});
  if (!checked.success) throw badRequest(firstIssue(checked.error));
  const algorithm = textField(form, 'algorithm');
  return {
    ...(fields.data.epochs !== undefined ? { epochs: fields.data.epochs } : {}),
    ...(fields.data.learningRate !== undefined ? { learningRate: fields.data.learningRate } : {}),
    ...(algorithm !== undefined ? { algorithm } : {}),
    trainParams,
    trainSplitRatio: checked.data.trainSplitRatio ?? DEFAULT_TRAIN_SPLIT_RATIO,
    withFeedback: checked.data.withFeedback ?? false,
  };
}

/** The algorithm a training of this type uses, or a 400 naming the allowed values. */
export function resolveAlgorithm(type: DatasetType, requested: string | undefined, current?: string): string | undefined {
  const spec = ALGORITHMS[type];
  if (!spec) return undefined;
  if (requested === undefined) return current ?? spec.default;
  if (!spec.allowed.includes(requested)) {
    throw badRequest(`algorithm must be one of ${spec.allowed.join(', ')} for ${type} datasets`);
  }
  return requested;
}

function parseTrainParamsJson(raw: string | undefined): Record<string, unknown> | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('trainParams must be a JSON object, e.g. {"withFeedback":true}');
  }
  if (parsed === null) return null;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('trainParams must be a JSON object, e.g. {"withFeedback":true}');
  const unknown = Object.keys(parsed).filter((k) => !TRAIN_PARAMS_KEYS.includes(k));
  if (unknown.length > 0) {
    throw badRequest(`trainParams has unknown key(s) ${unknown.join(', ')}; allowed: ${TRAIN_PARAMS_KEYS.join(', ')}`);
  }
  return parsed as Record<string, unknown>;
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Invalid training parameters';
}
