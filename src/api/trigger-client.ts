// What the HTTP API needs from the client API (src/client, `RetrainClient`): the five calls behind its routes.
// Typed structurally, as the contract in the client API describes them, so the real RetrainClient fits as it is
// and the error-mapping unit tests can hand in a stub.
import type { RetrainPolicy } from '../workflows/retrain-input';

export type Domain = 'vision' | 'language';
export type TriggerSource = 'schedule' | 'feedback' | 'api' | 'cli' | 'retry' | 'client';

export interface FeedbackEvent {
  domain: Domain;
  modelId: string;
  eventId: string;
  newExamples: number;
  occurredAt?: string;
}

export interface RetrainParams {
  epochs?: number;
  learningRate?: number;
  algorithm?: string;
  trainParams?: { trainSplitRatio?: number; withFeedback?: boolean; withGlobalDatasetId?: number };
}

export interface RetrainRequest {
  domain: Domain;
  modelId: string;
  params?: RetrainParams;
  policy?: Partial<RetrainPolicy>;
  source?: TriggerSource;
  requestId?: string;
}

export interface TriggerAck {
  coordinatorId: string;
  disposition: 'started' | 'queued' | 'debounced' | 'duplicate';
  retrainWorkflowId?: string;
}

/** The view is passed through to the caller as JSON; the API does not look inside it. */
export interface RetrainViewLike {
  workflowId: string;
  status: string;
}

export interface TriggerClient {
  notifyFeedback(event: FeedbackEvent): Promise<TriggerAck>;
  requestRetrain(request: RetrainRequest): Promise<TriggerAck>;
  getRetrain(workflowId: string): Promise<RetrainViewLike>;
  retry(workflowId: string): Promise<TriggerAck>;
  cancel(workflowId: string): Promise<void>;
}
