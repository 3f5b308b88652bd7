// How a model's coordinator is addressed and started: its id, task queue, input and search attributes. Shared by
// the client API (update-with-start, then signal-with-start as fallback) and the schedule forwarder activity
// (signal-with-start from inside the worker), so both create the same coordinator.
import type { Client } from '@temporalio/client';
import type { CoordinatorTrigger } from '../contract/trigger';
import { COORDINATOR_WORKFLOW_TYPE, triggerSignal, type CoordinatorInput } from '../workflows/coordinator-messages';
import { DOMAIN, MODEL_ID } from '../workflows/search-attributes';
import { coordinatorWorkflowId } from '../workflows/workflow-ids';
import { coordinatorStaticDetails, coordinatorSummary } from '../workflows/run-details';

export interface CoordinatorTarget {
  client: Client;
  taskQueue: string;
  domain: CoordinatorInput['domain'];
  modelId: string;
}

export function coordinatorStartOptions(target: CoordinatorTarget) {
  const input: CoordinatorInput = { domain: target.domain, modelId: target.modelId };
  return {
    workflowId: coordinatorWorkflowId(target.domain, target.modelId),
    taskQueue: target.taskQueue,
    args: [input] as [CoordinatorInput],
    staticSummary: coordinatorSummary(target.domain, target.modelId),
    staticDetails: coordinatorStaticDetails(target.domain, target.modelId),
    typedSearchAttributes: [
      { key: MODEL_ID, value: target.modelId },
      { key: DOMAIN, value: target.domain },
    ],
  };
}

/** Records a trigger durably (signal-with-start): needs no worker, answers nothing about the decision. */
export async function signalCoordinator(target: CoordinatorTarget, trigger: CoordinatorTrigger): Promise<string> {
  const options = coordinatorStartOptions(target);
  await target.client.workflow.signalWithStart(COORDINATOR_WORKFLOW_TYPE, { ...options, signal: triggerSignal, signalArgs: [trigger] });
  return options.workflowId;
}
