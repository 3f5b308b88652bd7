// Reads one snapshot of a retrain run from Temporal: the `retrainState` query, `describe()` (status, history length,
// pending pollTraining heartbeat) and, once closed, its result or failure and the report.
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, fromPayloadsAtIndex, type Payload } from '@temporalio/common';
import type { RetrainReport } from '../report';
import type { RetrainResult } from '../workflows/retrain-model';
import { retrainStateQuery, type RetrainState } from '../workflows/retrain-state';
import { reportWorkflowId } from '../workflows/workflow-ids';
import { endingFromFailure, endingFromStatus, SUCCEEDED_ENDING, type DescribedEnding } from './run-ending';
import { buildRunView, type PollHeartbeat, type RunView } from './run-view';

/** A query needs a worker: without one it would wait for the server's own timeout. */
const QUERY_DEADLINE_MS = 3_000;

export async function readRunView(client: Client, workflowId: string): Promise<RunView> {
  const handle = client.workflow.getHandle(workflowId);
  // Query first, then describe: a poll that completes in between is then counted once late, never twice.
  const state = await queryState(client, handle);
  const described = await handle.describe();
  const workflowStatus = described.status.name;
  const facts = {
    workflowId,
    runId: described.runId,
    workflowStatus,
    historyLength: described.historyLength,
    startedAtMs: described.startTime.getTime(),
    closedAtMs: described.closeTime?.getTime(),
    state,
    heartbeat: pollHeartbeat(described.raw.pendingActivities ?? []),
  };
  if (workflowStatus === 'RUNNING' || workflowStatus === 'CONTINUED_AS_NEW') return buildRunView(facts);
  const { ending, report } = await closedOutcome(client, handle, workflowStatus);
  return buildRunView({ ...facts, ending, report });
}

async function queryState(client: Client, handle: WorkflowHandle): Promise<RetrainState | undefined> {
  try {
    return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(retrainStateQuery));
  } catch {
    // No worker yet, or the run failed before it registered the query: the snapshot shows what describe() knows.
    return undefined;
  }
}

interface PendingActivity {
  activityType?: { name?: string | null } | null;
  heartbeatDetails?: { payloads?: Payload[] | null } | null;
}

function pollHeartbeat(pending: PendingActivity[]): PollHeartbeat | undefined {
  const poll = pending.find((activity) => activity.activityType?.name === 'pollTraining');
  const payloads = poll?.heartbeatDetails?.payloads;
  if (!payloads || payloads.length === 0) return undefined;
  try {
    const carry = fromPayloadsAtIndex<Partial<PollHeartbeat>>(defaultPayloadConverter, 0, payloads);
    if (!Array.isArray(carry?.window)) return undefined;
    return { window: carry.window, polls: carry.polls ?? 0, apiCalls: carry.apiCalls ?? 0 };
  } catch {
    return undefined;
  }
}

async function closedOutcome(
  client: Client,
  handle: WorkflowHandle,
  workflowStatus: string,
): Promise<{ ending?: DescribedEnding; report?: RetrainReport }> {
  try {
    const result = (await handle.result()) as RetrainResult;
    return { ending: SUCCEEDED_ENDING, report: result.report };
  } catch (error) {
    const ending = error instanceof WorkflowFailedError ? endingFromFailure(error.cause) : endingFromStatus(workflowStatus);
    return { ending, report: await deliveredReport(client, handle.workflowId) };
  }
}

/** A failed run's report is the input of its delivery child (`<id>/report`); absent when none was emitted. */
async function deliveredReport(client: Client, workflowId: string): Promise<RetrainReport | undefined> {
  try {
    const history = await client.workflow.getHandle(reportWorkflowId(workflowId)).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    return payloads ? fromPayloadsAtIndex<RetrainReport>(defaultPayloadConverter, 0, payloads as Payload[]) : undefined;
  } catch {
    return undefined;
  }
}
