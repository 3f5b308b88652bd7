/**
 * What one GET /train/{modelId} answers at a moment of a corpus training, in the API's shape (the fields the emulator's
 * trainingView renders and the product reads), and the product's own reduction of it (src/activities/observe.ts) —
 * so the product's scheduler is fed exactly what the poll activity would give it.
 */
import { observe as reduceTraining } from '../../src/activities/observe';
import type { Training } from '../../src/einstein';
import { observe as observeTimeline } from '../../src/emulator/simulator/timeline';
import type { TrainingObservation } from '../../src/polling/training-observation';
import type { CorpusTraining } from './corpus';

/** Submission instant of every simulated training (any fixed origin works: the scheduler reads differences). */
export const SUBMITTED_AT_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

export function atMs(tSeconds: number): number {
  return SUBMITTED_AT_MS + Math.round(tSeconds * 1000);
}

/** The status response at `tSeconds` after submission, as Einstein (and the emulator) would send it. */
export function statusResponse(training: CorpusTraining, tSeconds: number): Training {
  const seen = observeTimeline(training.timeline, tSeconds);
  const queued = seen.status === 'QUEUED';
  return {
    modelId: `BENCH${String(training.index).padStart(6, '0')}`,
    datasetId: 1_000_000 + training.index,
    status: seen.status,
    progress: seen.progress,
    modelType: training.type,
    createdAt: new Date(SUBMITTED_AT_MS - 86_400_000).toISOString(),
    updatedAt: new Date(atMs(seen.lastChangeAt)).toISOString(),
    // As the real service: an unspecified epoch count shows 0 until the training starts.
    epochs: training.requestedEpochs ?? (queued ? 0 : training.timeline.epochs),
    ...(seen.queuePosition !== undefined ? { queuePosition: seen.queuePosition } : {}),
    ...(seen.failureMsg !== undefined ? { failureMsg: seen.failureMsg } : {}),
    ...(!queued ? { lastEpochDone: seen.epochsDone, earlyStopping: seen.terminal && training.timeline.earlyStopping } : {}),
    trainStats: seen.terminal ? {} : null,
    object: 'training',
  } as Training;
}

/** The product's observation of that response, taken at that moment. */
export function productObservation(training: CorpusTraining, tSeconds: number): TrainingObservation {
  return reduceTraining(statusResponse(training, tSeconds), atMs(tSeconds));
}
