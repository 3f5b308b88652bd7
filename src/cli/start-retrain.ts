// Starts one `retrainModel` run, findable at once: typed search attributes are set at start, before the workflow's
// first task upserts them itself. Shared by the `retrain` command and the demo.
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { RetrainInput } from '../workflows/retrain-input';
import type { retrainModel } from '../workflows/retrain-model';
import { DOMAIN, MODEL_ID, TRIGGER_SOURCE } from '../workflows/search-attributes';
import { retrainWorkflowId } from '../workflows/workflow-ids';

/** `retrain-<domain>-<modelId>-<UTC time to the millisecond>`: unique per request, sorted by time. */
export function defaultRetrainWorkflowId(domain: string, modelId: string, now: Date = new Date()): string {
  return retrainWorkflowId(domain, modelId, now.toISOString().replace(/:/g, '.'));
}

export async function startRetrainRun(
  client: Client,
  input: RetrainInput,
  options: { taskQueue: string; workflowId: string },
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof retrainModel>> {
  return client.workflow.start<typeof retrainModel>('retrainModel', {
    taskQueue: options.taskQueue,
    workflowId: options.workflowId,
    args: [input],
    typedSearchAttributes: [
      { key: MODEL_ID, value: input.modelId },
      { key: DOMAIN, value: input.domain },
      { key: TRIGGER_SOURCE, value: input.trigger?.source ?? 'client' },
    ],
  });
}
