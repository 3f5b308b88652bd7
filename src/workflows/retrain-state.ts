// Live state of one retrain, readable at any moment through the `retrainState` query (CLI `status`/`watch`,
// Temporal UI). Defined here so clients import it without worker code.
import type { Domain } from '../contract/ids';
import { defineQuery } from '@temporalio/workflow';

export type RetrainPhase =
  | 'validating'
  | 'inspecting'
  | 'submitting'
  | 'waiting-for-dataset'
  | 'training'
  | 'reporting'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

export interface RetrainState {
  workflowId: string;
  phase: RetrainPhase;
  domain: Domain;
  modelId: string;
  datasetId?: number;
  modelType?: string;
  /**
   * Einstein training status as the workflow last saw it: at submit (or adoption), then at the end. While the
   * training runs, the pending pollTraining activity's heartbeat holds the live status, progress, queue position, ETA
   * and poll reason (src/polling/poll-heartbeat.ts); the client's run reader merges them into what it shows.
   */
  status?: string;
  progress?: number;
  queuePosition?: number;
  /** Estimated end of the training (epoch ms), when one can be made. */
  etaMs?: number;
  /** Why the poller waits as long as it does. */
  pollReason?: string;
  /** Status polls made (each one an activity attempt). */
  polls: number;
  /** Einstein API calls made by this retrain's activities. */
  apiCalls: number;
  /** Submissions made (resubmits included); 0 when a training was adopted. */
  submissions: number;
  adopted: boolean;
  /**
   * Set while the submitAndFollow activity runs (phase `submitting`): it submits and then follows the training, and
   * the workflow hears of the submission only at the end; its heartbeat says when it submitted (run-reader).
   */
  followingInActivity?: boolean;
  blockingModelId?: string;
  busySinceMs?: number;
  lastError?: { code: string; message: string; atMs: number };
  /**
   * Times Einstein's Retry-After made a wait longer than the poll schedule wanted: the polling promise
   * (policy.maxLagShare) yields to the server's request, and the report says so.
   */
  retryAfterWaits?: number;
  requestedAtMs: number;
  submittedAtMs?: number;
  startedAtMs?: number;
  finishedAtMs?: number;
  /** Einstein's updatedAt on the terminal status (when Einstein says the training ended). */
  endedAtMs?: number;
  failureMsg?: string;
}

export const retrainStateQuery = defineQuery<RetrainState>('retrainState');
