// Functional shortcuts for callers that send one trigger and do not keep a client object around.
import type { TriggerAck } from '../contract/trigger';
import { RetrainClient, type FeedbackEvent, type RetrainRequest } from './retrain-client';
import type { RetrainClientOptions, RetrainView } from './types';

export function notifyFeedback(options: RetrainClientOptions, event: FeedbackEvent): Promise<TriggerAck> {
  return new RetrainClient(options).notifyFeedback(event);
}

export function requestRetrain(options: RetrainClientOptions, request: RetrainRequest): Promise<TriggerAck> {
  return new RetrainClient(options).requestRetrain(request);
}

export function getRetrain(options: RetrainClientOptions, workflowId: string): Promise<RetrainView> {
  return new RetrainClient(options).getRetrain(workflowId);
}
