// Activities of the coordinator and the schedule forwarder: they talk to Temporal itself (not to Einstein), through
// the worker's Temporal client. Forwarding a scheduled trigger, watching a run an earlier coordinator run started,
// and finding a run of the model that no coordinator watches.
import type { Domain } from '../contract/ids';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { signalCoordinator } from '../temporal/coordinator-start';
import { isNotFound } from '../temporal/service-errors';
import { visibilityQuery } from '../temporal/visibility-query';
import type { CoordinatorTrigger } from '../contract/trigger';
import type { RunClosure } from '../workflows/coordinator-decisions';
import { OUTCOME, TRIGGER_SOURCE } from '../workflows/search-attributes';

export interface ForwardTriggerInput {
  domain: Domain;
  modelId: string;
  trigger: CoordinatorTrigger;
}

export interface AwaitCloseInput {
  workflowId: string;
  runId?: string;
  /** Return { closed: false } after this long; the coordinator asks again (keeps each attempt bounded). */
  maxWaitMs: number;
  minPollMs: number;
  maxPollMs: number;
}

export type AwaitCloseResult = ({ closed: true } & RunClosure) | { closed: false };

export interface OpenRetrain {
  workflowId: string;
  runId: string;
  source?: string;
}

export function coordinationActivities(temporal: Client | undefined) {
  const client = (): Client => {
    if (temporal) return temporal;
    throw ApplicationFailure.nonRetryable('The worker was created without a Temporal client (ActivityDependencies.temporal)', 'TemporalClientMissing');
  };
  return {
    /** Sends a trigger to the model's coordinator (creating it if needed); repeats are dropped there by trigger id. */
    forwardTrigger: async ({ domain, modelId, trigger }: ForwardTriggerInput): Promise<string> =>
      signalCoordinator({ client: client(), taskQueue: Context.current().info.taskQueue, domain, modelId }, trigger),
    awaitRetrainClose: (input: AwaitCloseInput) => awaitRetrainClose(client(), input),
    findOpenRetrain: async ({ domain, modelId }: { domain: Domain; modelId: string }): Promise<OpenRetrain | null> => {
      for await (const info of client().workflow.list({ query: visibilityQuery({ domain, modelId, status: 'RUNNING' }), pageSize: 10 })) {
        return { workflowId: info.workflowId, runId: info.runId, source: info.typedSearchAttributes.get(TRIGGER_SOURCE) };
      }
      return null;
    },
  };
}

export type CoordinationActivities = ReturnType<typeof coordinationActivities>;

/** Polls the run's status (heartbeating) until it closes or `maxWaitMs` passes. A vanished run counts as closed. */
async function awaitRetrainClose(client: Client, input: AwaitCloseInput): Promise<AwaitCloseResult> {
  const context = Context.current();
  const handle = client.workflow.getHandle(input.workflowId, input.runId);
  const deadline = Date.now() + input.maxWaitMs;
  for (let delay = input.minPollMs; ; delay = Math.min(delay * 2, input.maxPollMs)) {
    try {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') {
        const outcome = description.typedSearchAttributes.get(OUTCOME);
        return { closed: true, workflowId: input.workflowId, status: description.status.name, ...(outcome && { outcome }) };
      }
    } catch (error) {
      if (isNotFound(error)) return { closed: true, workflowId: input.workflowId, status: 'NOT_FOUND' };
      throw error;
    }
    context.heartbeat();
    if (Date.now() + delay > deadline) return { closed: false };
    await context.sleep(delay);
  }
}
