import type { Training } from '../einstein';
import type { TrainingObservation } from '../polling/training-observation';
import { isTerminal } from '../contract/training-status';

/** The compact observation the workflow and the poll scheduler work with (see training-observation.ts). */
export function observe(training: Training, atMs: number): TrainingObservation {
  const updatedAtMs = Date.parse(training.updatedAt);
  return {
    atMs,
    status: training.status,
    progress: training.progress,
    ...(training.queuePosition !== undefined && { queuePosition: training.queuePosition }),
    ...(training.epochs !== undefined && { epochs: training.epochs }),
    ...(training.lastEpochDone !== undefined && { lastEpochDone: training.lastEpochDone }),
    ...(training.failureMsg !== undefined && { failureMsg: training.failureMsg }),
    ...(Number.isFinite(updatedAtMs) && { updatedAtMs }),
    ...(isTerminal(training.status) && { trainStats: (training.trainStats ?? null) as Record<string, unknown> | null }),
  };
}
