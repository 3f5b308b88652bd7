// One look at a training, as the poll activity records it. Kept small on purpose: observations travel through
// workflow history and heartbeat details, so only what the poll scheduler, the live state and the report need.

export interface TrainingObservation {
  /** When the status was read (epoch ms, the poller's clock). */
  atMs: number;
  status: string;
  progress: number;
  queuePosition?: number;
  /** Planned epochs and epochs done, when Einstein reports them (the scheduler reads epoch boundaries). */
  epochs?: number;
  lastEpochDone?: number;
  failureMsg?: string;
  /** Einstein's updatedAt, epoch ms. */
  updatedAtMs?: number;
  /** Present on terminal observations only. */
  trainStats?: Record<string, unknown> | null;
}

/**
 * Wait before the next status read after `consecutiveErrors` failed ones in a row: doubling from 1 s to 10 min.
 * Shared by the poll activity (between attempts) and the workflow (after the activity reported the trouble).
 */
export function healBackoffMs(consecutiveErrors: number): number {
  return Math.min(10 * 60_000, 1_000 * 2 ** Math.max(0, consecutiveErrors - 1));
}

/**
 * One `GET /train/{modelId}` answer, reduced to what scheduling needs: the time it was read, the raw status (unknown
 * values are tolerated), progress (0–1), the queue position (only while QUEUED), planned epochs (0 or absent =
 * unknown) and epochs done.
 */
export type PollObservation = Pick<TrainingObservation, 'atMs' | 'status' | 'progress' | 'queuePosition' | 'epochs' | 'lastEpochDone'>;
