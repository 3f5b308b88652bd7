/**
 * How long trainings take and how many epochs they plan, by model type and dataset size. The numbers are chosen so
 * the docs' observed trainings come out right: a 150-example intent dataset finishes in about 2.5 minutes after ~49
 * epochs; a ~100-image dataset needs a few minutes.
 */
import type { DatasetType } from '../state/fixture';
import type { EarlyStoppingSpec, QueuePlan, Range, TimelineSpec, TrainingOutcome } from './timeline';

/** Below this many examples in any label, a training FAILS with the documented "examples per label" text. */
export const MIN_EXAMPLES_PER_LABEL = 10;
export const TOO_FEW_EXAMPLES_FAILURE =
  'To train a dataset and create a model, the dataset must contain at least 100 examples per label for test set';
export const SYSTEM_ERROR_FAILURE_PREFIX = 'System error, training failed to complete on model';

/** The failureMsg of a failure outcome when the plan gives none (texts are the emulator's own). */
export function defaultFailureMsg(outcome: Exclude<TrainingOutcome, 'SUCCEEDED'>, modelId: string): string {
  switch (outcome) {
    case 'FAILED':
      return `${SYSTEM_ERROR_FAILURE_PREFIX} ${modelId}`;
    case 'KILLED':
      return `The training of model ${modelId} was killed before it completed`;
    case 'FAILED_WITH_RETRIES':
      return `${SYSTEM_ERROR_FAILURE_PREFIX} ${modelId} after 3 retries`;
  }
}

const SECONDS_PER_EXAMPLE_EPOCH: Record<DatasetType, number> = {
  'image': 0.1,
  'image-multi-label': 0.12,
  'image-detection': 0.6,
  'text-intent': 0.02,
  'text-sentiment': 0.02,
};

/** Documented: image & multi-label epochs are computed from dataset size; detection 20; language plans many and stops early. */
export function defaultEpochs(type: DatasetType, examples: number): number {
  if (type === 'image-detection') return 20;
  if (type === 'text-intent' || type === 'text-sentiment') return 1000;
  const computed = Math.ceil(8 * Math.sqrt(1000 / Math.max(1, examples)));
  return Math.min(50, Math.max(3, computed));
}

export function epochSeconds(type: DatasetType, examples: number): Range {
  const mean = Math.max(0.5, SECONDS_PER_EXAMPLE_EPOCH[type] * examples);
  return { min: mean * 0.9, max: mean * 1.1 };
}

export function datasetLoadSeconds(examples: number): Range {
  const base = 1 + examples * 0.005;
  return { min: base, max: base * 1.5 };
}

export const MODEL_SAVE_SECONDS: Range = { min: 0.5, max: 3 };

/** Documented: detection never stops early; language converges after tens of epochs; images sometimes stop early. */
export function earlyStoppingFor(type: DatasetType): false | EarlyStoppingSpec {
  if (type === 'image-detection') return false;
  if (type === 'text-intent' || type === 'text-sentiment') return { probability: 1, atEpoch: { min: 25, max: 90 } };
  return { probability: 0.5, atFraction: { min: 0.6, max: 0.95 } };
}

/** Documented default learning rate (vision image types); language and detection report 0. */
export function reportedLearningRate(type: DatasetType, requested: number | undefined): number {
  if (type === 'image' || type === 'image-multi-label') return requested ?? 0.0001;
  return 0;
}

export interface TrainingSpecInput {
  seed: number;
  type: DatasetType;
  /** Examples the training reads (uploaded, plus feedback when withFeedback). */
  examples: number;
  /** Requested epochs; default computed from the type and size. */
  epochs?: number;
  /** Default 0.9. */
  trainSplitRatio?: number;
  /** Exact RUNNING time instead of the size-based durations (planNextTraining's durationSeconds). */
  runSeconds?: Range;
  /** Queue wait when no explicit queue is given. */
  queueSeconds?: Range;
  queuePosition?: number;
  /** The emulator's shared queue, when it decides. */
  queue?: QueuePlan;
  outcome?: TrainingOutcome;
  failureMsg?: string;
  /** Failure outcomes: completed epochs before the failure (0 = during dataset load). */
  failAfterEpochs?: number;
  /** SUCCEEDED: a planned early stop after this many epochs, ending mid-epoch. */
  earlyStopAfterEpochs?: number;
}

/**
 * The timeline spec of a training as the emulator plans it. The benchmark can call this (then buildTimeline and
 * observe) to get exactly the trainings the emulator would serve, without a server.
 */
export function trainingSpec(input: TrainingSpecInput): TimelineSpec {
  const epochs = input.epochs ?? defaultEpochs(input.type, input.examples);
  const trainExamples = Math.round(input.examples * (input.trainSplitRatio ?? 0.9));
  const failed = input.outcome !== undefined && input.outcome !== 'SUCCEEDED';
  // Too few examples is found while loading the dataset, before any epoch.
  const failAfterEpochs = input.failAfterEpochs ?? (input.failureMsg === TOO_FEW_EXAMPLES_FAILURE ? 0 : undefined);
  return {
    seed: input.seed,
    epochs,
    ...(input.queue ? { queue: input.queue } : {}),
    ...(input.queueSeconds !== undefined ? { queueSeconds: input.queueSeconds } : {}),
    ...(input.queuePosition !== undefined ? { queuePosition: input.queuePosition } : {}),
    ...(input.runSeconds !== undefined
      ? { runSeconds: input.runSeconds }
      : {
          epochSeconds: epochSeconds(input.type, trainExamples),
          datasetLoadSeconds: datasetLoadSeconds(input.examples),
          modelSaveSeconds: MODEL_SAVE_SECONDS,
        }),
    earlyStopping: earlyStoppingFor(input.type),
    noise: 0.1,
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(failed && input.failureMsg !== undefined ? { failureMsg: input.failureMsg } : {}),
    ...(failed && failAfterEpochs !== undefined ? { failAfterEpochs } : {}),
    ...(!failed && input.earlyStopAfterEpochs !== undefined ? { earlyStopAfterEpochs: input.earlyStopAfterEpochs } : {}),
  };
}
