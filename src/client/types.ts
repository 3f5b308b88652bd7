// The types of the client API (README.md, Operations). Views are plain JSON-able objects.
import type { RetrainReport } from '../report';
import type { RetrainInput, TRIGGER_SOURCES } from '../contract/retrain-input';
import type { Domain } from '../contract/ids';
import type { RetrainState } from '../workflows/retrain-state';
import type { Client } from '@temporalio/client';
import type { RunStatus } from '../temporal/visibility-query';

export type { Domain } from '../contract/ids';
export type TriggerSource = (typeof TRIGGER_SOURCES)[number];
export type { TriggerAck, TriggerDisposition } from '../contract/trigger';

export interface RetrainClientOptions {
  client: Client;
  /** Task queue of the worker (EINSTEIN_RETRAIN_TASK_QUEUE); coordinators and retrains run there. */
  taskQueue: string;
  /**
   * How long a trigger waits for the coordinator's answer before it is recorded durably by signal instead (the ack
   * then says 'queued' without a run id). Only matters when no worker is polling. @default 10 seconds
   */
  ackTimeoutMs?: number;
}

export type RetrainStatus = RunStatus;

export interface RetrainView {
  workflowId: string;
  runId: string;
  status: RetrainStatus;
  domain?: Domain;
  modelId?: string;
  datasetId?: string;
  triggerSource?: string;
  outcome?: string;
  startTime: string;
  closeTime?: string;
  /** The original parameters (the workflow's input). */
  input?: RetrainInput;
  /** Live state (the retrainState query, with the pending pollTraining heartbeat merged in), when a worker answered. */
  state?: RetrainState;
  /** The final report (success or failure), once the run has closed and emitted it. */
  report?: RetrainReport;
  failure?: { message: string; type?: string; code?: string };
  retryOf?: string;
}

export interface RetrainSummary {
  workflowId: string;
  status: RetrainStatus;
  domain?: Domain;
  modelId?: string;
  triggerSource?: string;
  outcome?: string;
  startTime: string;
  closeTime?: string;
}

export interface ListFilter {
  modelId?: string;
  domain?: Domain;
  status?: RetrainStatus;
  outcome?: string;
  source?: TriggerSource;
  since?: Date;
  until?: Date;
  /** @default 50 */
  limit?: number;
}
