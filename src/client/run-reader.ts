// Reading a retrain run back from Temporal, for the client API, the CLI and the demo: its original input (the first
// history event), its live state (the `retrainState` query, with the latest heartbeat of its pending pollTraining
// activity merged in: the workflow hears of a training only at its end, the heartbeat at every status read), how it
// ended, its report (the result; when it failed, the failure's details, or the input of its report child for
// cancelled runs and runs of older code), a summary row from visibility, and the snapshot the live display shows.
import { WorkflowFailedError, type Client, type WorkflowExecutionInfo, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure, type Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { RetrainReport } from '../report';
import type { RetrainResult } from '../workflows/retrain-model';
import { DATASET_ID, DOMAIN, MODEL_ID, OUTCOME, TRIGGER_SOURCE } from '../workflows/search-attributes';
import { isNotFound } from '../temporal/service-errors';
import { RUN_STATUSES } from '../temporal/visibility-query';
import { retrainStateQuery, type RetrainState } from '../workflows/retrain-state';
import { reportWorkflowId } from '../workflows/workflow-ids';
import { endingFromFailure, endingFromStatus, SUCCEEDED_ENDING, type DescribedEnding } from './run-ending';
import { z } from 'zod';
import { buildRunSnapshot, withLivePoll, type LivePoll, type RunSnapshot } from './run-snapshot';
import type { Domain, RetrainStatus, RetrainSummary, RetrainView } from './types';

/** A query needs a worker: without one it would wait for the server's own timeout. */
const QUERY_DEADLINE_MS = 3_000;

/** The input a workflow was started with (null when the history is gone). */
export async function startInput<T>(client: Client, workflowId: string, runId?: string): Promise<T | undefined> {
  try {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    if (!started) return undefined;
    return await decodeFromPayloadsAtIndex<T>(client.options.loadedDataConverter, 0, started.input?.payloads);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The visibility fields of a run (from a list row or a describe). */
type ExecutionFields = Omit<WorkflowExecutionInfo, 'raw'>;

export function summaryOf(info: ExecutionFields): RetrainSummary {
  const sa = info.typedSearchAttributes;
  const domain = sa.get(DOMAIN);
  return {
    workflowId: info.workflowId,
    status: statusOf(info.status.name),
    ...(domain === 'vision' || domain === 'language' ? { domain: domain as Domain } : {}),
    ...optional('modelId', sa.get(MODEL_ID)),
    ...optional('triggerSource', sa.get(TRIGGER_SOURCE)),
    ...optional('outcome', sa.get(OUTCOME)),
    startTime: info.startTime.toISOString(),
    ...(info.closeTime && { closeTime: info.closeTime.toISOString() }),
  };
}

export function datasetIdOf(info: ExecutionFields): string | undefined {
  return info.typedSearchAttributes.get(DATASET_ID);
}

export function statusOf(name: string): RetrainStatus {
  return (RUN_STATUSES as readonly string[]).includes(name) ? (name as RetrainStatus) : 'RUNNING';
}

/** A closed run: its report when it completed; otherwise its failure and how it ended. */
export interface ClosedRun {
  ending?: DescribedEnding;
  failure?: RetrainView['failure'];
  report?: RetrainReport;
}

/** How a closed run ended and its report (its failure report when it did not complete). */
export async function closedRun(client: Client, handle: WorkflowHandle, workflowStatus: string): Promise<ClosedRun> {
  try {
    const result = (await handle.result()) as RetrainResult;
    return { ending: SUCCEEDED_ENDING, report: result.report };
  } catch (error) {
    const failed = error instanceof WorkflowFailedError ? error : undefined;
    const report = await failureReport(client, handle.workflowId, failed ?? error);
    return {
      ...optionalValue('ending', failed ? endingFromFailure(failed.cause) : endingFromStatus(workflowStatus)),
      ...(failed && { failure: failureOf(failed) }),
      ...(report && { report }),
    };
  }
}

/** The run's live state as the workflow last saw it, or undefined when no worker answered in time. */
export async function liveState(client: Client, workflowId: string, runId?: string): Promise<RetrainState | undefined> {
  try {
    return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(workflowId, runId).query(retrainStateQuery));
  } catch {
    // No worker yet, or the run failed before it registered the query.
    return undefined;
  }
}

/**
 * The run's live state with its pending poll's heartbeat merged in (withLivePoll): what `describe` shows. Query
 * first, then describe, as in readRunSnapshot: a poll that completes in between is counted once late, never twice.
 */
export async function currentState(client: Client, workflowId: string, runId?: string): Promise<RetrainState | undefined> {
  const state = await liveState(client, workflowId, runId);
  if (!state) return undefined;
  const described = await client.workflow.getHandle(workflowId, runId).describe();
  return withLivePoll(state, await livePoll(client, described.raw.pendingActivities ?? []));
}

/** One snapshot of a run for the live display: the query, describe() (status, history length, poll heartbeat) and its end. */
export async function readRunSnapshot(client: Client, workflowId: string): Promise<RunSnapshot> {
  // Query first, then describe: a poll that completes in between is then counted once late, never twice.
  const state = await liveState(client, workflowId);
  const handle = client.workflow.getHandle(workflowId);
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
    heartbeat: await livePoll(client, described.raw.pendingActivities ?? []),
  };
  if (workflowStatus === 'RUNNING' || workflowStatus === 'CONTINUED_AS_NEW') return buildRunSnapshot(facts);
  const { ending, report } = await closedRun(client, handle, workflowStatus);
  return buildRunSnapshot({ ...facts, ending, report });
}

interface PendingActivity {
  activityType?: { name?: string | null } | null;
  heartbeatDetails?: { payloads?: Payload[] | null } | null;
}

/**
 * What the client takes from a poll heartbeat (src/polling/poll-heartbeat.ts): the counters and the live view. zod
 * drops every other key, so nothing but these observation fields can reach a display or a JSON line.
 */
const LivePollSchema = z.object({
  polls: z.number().int().min(0),
  apiCalls: z.number().int().min(0),
  submission: z.object({ kind: z.enum(['submitted', 'adopted']), atMs: z.number() }).optional(),
  live: z
    .object({
      atMs: z.number(),
      status: z.string(),
      progress: z.number(),
      queuePosition: z.number().optional(),
      startedAtMs: z.number().optional(),
      etaMs: z.number().optional(),
      pollReason: z.string().optional(),
    })
    .optional(),
});

/** Activities whose heartbeat is a poll's (src/polling/poll-heartbeat.ts). */
const POLLING_ACTIVITIES = new Set(['pollTraining', 'submitAndFollow']);

/** The latest heartbeat of the run's pending polling activity, decoded with the client's data converter. */
async function livePoll(client: Client, pending: PendingActivity[]): Promise<LivePoll | undefined> {
  const poll = pending.find((activity) => POLLING_ACTIVITIES.has(activity.activityType?.name ?? ''));
  const payloads = poll?.heartbeatDetails?.payloads;
  if (!payloads || payloads.length === 0) return undefined;
  try {
    const details = await decodeFromPayloadsAtIndex<unknown>(client.options.loadedDataConverter, 0, payloads);
    const parsed = LivePollSchema.safeParse(details);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A heartbeat this client cannot decode (another codec, an older shape): show the query alone.
    return undefined;
  }
}

function failureOf(error: WorkflowFailedError): NonNullable<RetrainView['failure']> {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { code?: string } | undefined;
    return { message: cause.message, ...(cause.type && { type: cause.type }), ...(details?.code && { code: details.code }) };
  }
  if (cause instanceof CancelledFailure) return { message: cause.message || 'Cancelled', type: 'CANCELLED', code: 'CANCELLED' };
  if (cause instanceof TerminatedFailure) return { message: cause.message || 'Terminated', type: 'TERMINATED', code: 'TERMINATED' };
  if (cause instanceof TimeoutFailure) return { message: cause.message || 'Timed out', type: 'TIMED_OUT', code: 'DEADLINE_EXCEEDED' };
  return { message: cause?.message ?? error.message };
}

/**
 * The report a closed run that did not complete emitted: `details[1]` of the failure it ended with
 * (retrain-errors.ts), else the input of its report-delivery child (a cancelled run, whose failure carries no
 * details, and runs of older code, which always started the child). `ending` is what `result()` threw, when the
 * caller has it already; otherwise the run's result is read (the run must be closed).
 */
export async function failureReport(client: Client, workflowId: string, ending?: unknown, runId?: string): Promise<RetrainReport | undefined> {
  const thrown = ending ?? (await client.workflow.getHandle(workflowId, runId).result().then(() => undefined, (error: unknown) => error));
  return reportInFailure(thrown) ?? startInput<RetrainReport>(client, reportWorkflowId(workflowId));
}

function reportInFailure(error: unknown): RetrainReport | undefined {
  const cause = error instanceof WorkflowFailedError ? error.cause : error;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const report = cause.details?.[1] as Partial<RetrainReport> | undefined;
  return typeof report === 'object' && report !== null && typeof report.reportId === 'string' && typeof report.outcome === 'string'
    ? (report as RetrainReport)
    : undefined;
}


function optionalValue<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
