/**
 * The shape of the emulator's state file (see state-file.ts), as zod schemas: a file is validated field by field
 * before the emulator trusts it, so a truncated or hand-edited file fails at start with the field it got wrong
 * instead of misbehaving later. Each schema is pinned to the type the emulator uses in memory.
 */
import { z } from 'zod';
import { faultRuleSchema, trainingPlanSchema } from '../control/control-types';
import type { DatasetType } from './fixture';
import type { DatasetState, DeletionState, ModelState, StoreState, TrainingParams, TrainingRun } from './state';
import { TRAINING_OUTCOMES, type QueuePlan, type Timeline } from '../simulator/timeline';

export const STATE_FILE_FORMAT = 'einstein-emulator-state';
export const STATE_FILE_VERSION = 1;

const count = z.number().int().min(0);
const domain = z.enum(['vision', 'language']);
const datasetTypes: [DatasetType, ...DatasetType[]] = ['image', 'image-multi-label', 'image-detection', 'text-intent', 'text-sentiment'];

const deletionSchema: z.ZodType<DeletionState> = z.object({
  id: z.string().min(1),
  deletedObjectId: z.string().min(1),
  type: z.enum(['DATASET', 'MODEL']),
  status: z.enum(['QUEUED', 'SUCCEEDED']),
  progress: z.number().min(0).max(1),
  createdAtMs: z.number(),
});

const datasetSchema: z.ZodType<DatasetState> = z.object({
  id: z.number().int(),
  domain,
  type: z.enum(datasetTypes),
  name: z.string(),
  language: z.string(),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
  labels: z.array(z.object({ id: z.number().int(), name: z.string(), uploaded: count, feedback: count })),
  feedbackExamples: z.array(
    z.object({ id: z.number().int(), name: z.string(), labelId: z.number().int(), createdAtMs: z.number(), location: z.string() }),
  ),
  status: z.enum(['SUCCEEDED', 'DELETE_PENDING', 'DELETED']),
  deletion: deletionSchema.optional(),
  lastVersionId: z.number().int(),
});

const paramsSchema: z.ZodType<TrainingParams> = z.object({
  epochs: z.number().int().optional(),
  learningRate: z.number().optional(),
  algorithm: z.string().optional(),
  trainParams: z.record(z.string(), z.unknown()).nullable(),
  trainSplitRatio: z.number(),
  withFeedback: z.boolean(),
});

const queueSchema: z.ZodType<QueuePlan> = z.object({ startAt: z.number(), position: z.number().int().min(1), departures: z.array(z.number()) });

const timelineSchema: z.ZodType<Timeline> = z.object({
  epochs: z.number().int().min(1),
  queue: queueSchema,
  startAt: z.number(),
  datasetLoadEnd: z.number(),
  epochEnds: z.array(z.number()),
  endAt: z.number(),
  lastEpochDone: count,
  earlyStopping: z.boolean(),
  outcome: z.enum(TRAINING_OUTCOMES),
  failureMsg: z.string().optional(),
  datasetLoadSeconds: z.number(),
  trainingSeconds: z.number(),
  modelSaveSeconds: z.number(),
});

const runSchema: z.ZodType<TrainingRun> = z.object({
  kind: z.enum(['train', 'retrain']),
  submittedSim: z.number(),
  params: paramsSchema,
  epochs: z.number().int().min(1),
  datasetVersionId: z.number().int(),
  snapshot: z.object({ labels: z.array(z.object({ name: z.string(), uploaded: count, feedback: count })), examples: count }),
  timeline: timelineSchema,
  metricsSeed: z.number(),
  firstTerminalReadMs: z.number().optional(),
});

const modelSchema: z.ZodType<ModelState> = z.object({
  modelId: z.string().min(1),
  datasetId: z.number().int(),
  domain,
  modelType: z.enum(datasetTypes),
  name: z.string(),
  algorithm: z.string().optional(),
  language: z.string(),
  createdAtMs: z.number(),
  deleted: z.boolean(),
  deletion: deletionSchema.optional(),
  runs: z.array(runSchema),
});

export const storeStateSchema: z.ZodType<StoreState> = z.object({
  datasets: z.array(datasetSchema),
  models: z.array(modelSchema),
  nextDatasetId: z.number().int(),
  nextLabelId: z.number().int(),
  nextExampleId: z.number().int(),
});
export type { StoreState };

export const simStateSchema = z.object({
  originMs: z.number(),
  /** Simulated time each RUNNING slot frees up; null for a slot never used. */
  slotFreeAt: z.array(z.number().nullable()).min(1),
  waitingStarts: z.array(z.number()),
  submitted: count,
  plans: z.record(z.string(), trainingPlanSchema),
});
export type SimState = z.infer<typeof simStateSchema>;

export const faultsStateSchema = z.object({
  serial: count,
  rules: z.array(
    z.object({
      serial: count,
      rule: faultRuleSchema,
      /** null: unlimited strikes (a `forMs` rule without `times`). */
      remaining: z.number().int().min(1).nullable(),
      untilMs: z.number().nullable(),
      rngState: z.number().int().min(0),
    }),
  ),
});
export type FaultsState = z.infer<typeof faultsStateSchema>;

export const callsStateSchema = z.object({
  total: count,
  byEndpoint: z.record(z.string(), count),
  byModel: z.record(z.string(), z.record(z.string(), count)),
});

export const tokensStateSchema = z.object({
  accounts: z.array(z.object({ sub: z.string().min(1), publicKeyPem: z.string().min(1) })),
  staticTokens: z.array(z.string().min(1)),
  access: z.array(z.object({ token: z.string().min(1), sub: z.string(), expiresAtMs: z.number() })),
  refresh: z.array(z.object({ token: z.string().min(1), sub: z.string() })),
});
export type TokensState = z.infer<typeof tokensStateSchema>;

export const submissionStateSchema = z.object({
  modelId: z.string().min(1),
  datasetId: z.number().int(),
  domain,
  kind: z.enum(['train', 'retrain']),
  at: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Which of the model's trainings this submission started. */
  runIndex: count,
});
export type SubmissionState = z.infer<typeof submissionStateSchema>;

export const persistedStateSchema = z.object({
  format: z.literal(STATE_FILE_FORMAT),
  version: z.literal(STATE_FILE_VERSION),
  savedAt: z.string(),
  config: z.object({ seed: z.number().int(), timeScale: z.number().positive(), queueCapacity: z.number().int().min(1) }),
  idRngState: z.number().int().min(0),
  store: storeStateSchema,
  sim: simStateSchema,
  faults: faultsStateSchema,
  calls: callsStateSchema,
  submissions: z.array(submissionStateSchema),
  tokens: tokensStateSchema,
});
export type PersistedState = z.infer<typeof persistedStateSchema>;
