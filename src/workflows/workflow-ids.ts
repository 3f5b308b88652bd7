// Workflow id conventions, shared by the CLI, the HTTP API, the client API and the coordinator.
// Ids start with the domain and model id so the Temporal UI groups a model's runs together.

/** The workflow type of a retrain run, as visibility queries and describe() name it. */
export const RETRAIN_WORKFLOW_TYPE = 'retrainModel';

/** A retrain run; `suffix` makes it unique (a timestamp, an event id, a schedule's action time). */
export function retrainWorkflowId(domain: string, modelId: string, suffix: string): string {
  return `retrain-${domain}-${modelId}-${suffix}`;
}

/** The one coordinator of a model: every trigger for that model goes through it. */
export function coordinatorWorkflowId(domain: string, modelId: string): string {
  return `retrain-coordinator-${domain}-${modelId}`;
}

/** The child that delivers a retrain's report to the sinks. */
export function reportWorkflowId(retrainWorkflowId: string): string {
  return `${retrainWorkflowId}/report`;
}
