// What the poll activity (src/activities/poll-training.ts) keeps in its heartbeat details while it waits for a
// training to end. The activity returns to the workflow only at a terminal status, so this is where the live state of
// a running training is: the next attempt reads its carry from here, and the client's run reader
// (src/client/run-reader.ts) reads `live` from the pending activity to show progress. Observations only: no token, no
// request, nothing secret.
import type { TrainingObservation } from './training-observation';

/** How the training stood at the latest status read, and what the poller plans next. */
export interface PollLive {
  /** When the status was read (epoch ms). */
  atMs: number;
  status: string;
  progress: number;
  queuePosition?: number;
  /** The first read that saw the training RUNNING (epoch ms). */
  startedAtMs?: number;
  /** Estimated end of the planned run (epoch ms), when one can be made. */
  etaMs?: number;
  /** Why the poller waits as long as it does before the next read. */
  pollReason?: string;
}

/** The heartbeat details of one pollTraining activity: the carry from attempt to attempt, and the live view. */
export interface PollHeartbeat {
  /** The observations the scheduler works from (bounded by retainObservations), oldest first. */
  window: TrainingObservation[];
  /** Status reads made by this activity (all attempts). */
  polls: number;
  /** Einstein API calls made by this activity (all attempts). */
  apiCalls: number;
  consecutiveErrors: number;
  /** Waits where the server's Retry-After was longer than our own backoff (they may exceed the lag promise). */
  retryAfterWaits?: number;
  /** First RUNNING seen, carried so a later attempt's live view keeps it when the window has dropped that read. */
  startedAtMs?: number;
  live?: PollLive;
}

/** The live view of the latest observation, with what the activity knows beside it. */
export function liveOf(observation: TrainingObservation, extra: Pick<PollLive, 'startedAtMs' | 'etaMs' | 'pollReason'>): PollLive {
  return {
    atMs: observation.atMs,
    status: observation.status,
    progress: observation.progress,
    ...(observation.queuePosition !== undefined && { queuePosition: observation.queuePosition }),
    ...(extra.startedAtMs !== undefined && { startedAtMs: extra.startedAtMs }),
    ...(extra.etaMs !== undefined && { etaMs: extra.etaMs }),
    ...(extra.pollReason !== undefined && { pollReason: extra.pollReason }),
  };
}
