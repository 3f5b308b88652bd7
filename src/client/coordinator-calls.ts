// How the client reaches a model's coordinator: update-with-start, so the coordinator is created by the first trigger
// and the caller learns what it decided. When no answer comes in time (no worker polling yet), the same trigger is
// recorded by signal-with-start, which is durable without a worker; the coordinator drops whichever copy comes second.
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  COORDINATOR_WORKFLOW_TYPE,
  configureUpdate,
  coordinatorStateQuery,
  triggerUpdate,
} from '../workflows/coordinator-messages';
import type { CoordinatorTrigger, TriggerAck } from '../contract/trigger';
import type { CoordinatorSettings, SettingsPatch } from '../workflows/coordinator-settings';
import type { CoordinatorView } from '../workflows/coordinator-view';
import { coordinatorWorkflowId } from '../workflows/workflow-ids';
import { coordinatorStartOptions, signalCoordinator, type CoordinatorTarget } from '../temporal/coordinator-start';
import { isNotFound, isUnavailable } from '../temporal/service-errors';
import { InvalidTriggerError, RetrainNotFoundError, TemporalUnavailableError, translateTemporalError } from './errors';
import { PerKeyLimit } from './per-key-limit';

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;
/** Below the server's default limit of 10 in-flight updates per workflow, leaving room for other senders. */
const UPDATES_IN_FLIGHT_PER_COORDINATOR = 6;
const updateLimit = new PerKeyLimit(UPDATES_IN_FLIGHT_PER_COORDINATOR);

export type { CoordinatorTarget };

export async function sendTrigger(target: CoordinatorTarget, trigger: CoordinatorTrigger, ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS): Promise<TriggerAck> {
  const { client } = target;
  const options = coordinatorStartOptions(target);
  try {
    const startWorkflowOperation = new WithStartWorkflowOperation(COORDINATOR_WORKFLOW_TYPE, { ...options, workflowIdConflictPolicy: 'USE_EXISTING' });
    const deadline = Date.now() + ackTimeoutMs;
    return await updateLimit.run(options.workflowId, () =>
      client.withDeadline(deadline, () => client.workflow.executeUpdateWithStart(triggerUpdate, { args: [trigger], startWorkflowOperation })),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw new InvalidTriggerError([error.cause?.message ?? error.message]);
    if (isUnavailable(error) && !(await reachable(client))) throw new TemporalUnavailableError(firstLine(error));
  }
  await signalTrigger(target, trigger);
  return { coordinatorId: options.workflowId, disposition: 'queued' };
}

/** Records a trigger durably (signal-with-start), with the client API's errors. */
export async function signalTrigger(target: CoordinatorTarget, trigger: CoordinatorTrigger): Promise<string> {
  try {
    return await signalCoordinator(target, trigger);
  } catch (error) {
    translateTemporalError(error);
  }
}

/** Changes a model's coordinator settings (creating the coordinator if needed); answers with the settings in force. */
export async function configureCoordinator(target: CoordinatorTarget, patch: SettingsPatch, timeoutMs = 30_000): Promise<CoordinatorSettings> {
  const { client } = target;
  try {
    const startWorkflowOperation = new WithStartWorkflowOperation(COORDINATOR_WORKFLOW_TYPE, { ...coordinatorStartOptions(target), workflowIdConflictPolicy: 'USE_EXISTING' });
    return await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.executeUpdateWithStart(configureUpdate, { args: [patch], startWorkflowOperation }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw new InvalidTriggerError([error.cause?.message ?? error.message]);
    if (isUnavailable(error) && (await reachable(client))) {
      throw new TemporalUnavailableError(`no worker answered within ${Math.round(timeoutMs / 1000)} s on task queue '${target.taskQueue}'; is the worker running?`);
    }
    translateTemporalError(error);
  }
}

/** The coordinator's live view (current run, pending run, debounce state, recent decisions). */
export async function describeCoordinator(target: CoordinatorTarget): Promise<CoordinatorView> {
  const workflowId = coordinatorWorkflowId(target.domain, target.modelId);
  const handle: WorkflowHandle = target.client.workflow.getHandle(workflowId);
  try {
    return await target.client.withDeadline(Date.now() + 10_000, () => handle.query(coordinatorStateQuery));
  } catch (error) {
    if (isNotFound(error)) throw new RetrainNotFoundError(workflowId, `${target.domain} model ${target.modelId} has no coordinator yet (no trigger was ever sent for it)`);
    if (isUnavailable(error) && (await reachable(target.client))) {
      throw new TemporalUnavailableError(`no worker answered the query on task queue '${target.taskQueue}'; is the worker running?`);
    }
    translateTemporalError(error, workflowId);
  }
}

async function reachable(client: Client): Promise<boolean> {
  try {
    await client.withDeadline(Date.now() + 5_000, () => client.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
