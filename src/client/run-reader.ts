// Reading a retrain run back from Temporal: its original input (the first history event), its failure, its report
// (the result, or the input of its report child when it failed), and a summary row from visibility.
import { WorkflowFailedError, type Client, type WorkflowExecutionInfo, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { RetrainReport } from '../report';
import type { RetrainInput } from '../contract/retrain-input';
import type { RetrainResult } from '../workflows/retrain-model';
import { DATASET_ID, DOMAIN, MODEL_ID, OUTCOME, TRIGGER_SOURCE } from '../workflows/search-attributes';
import { isNotFound } from '../temporal/service-errors';
import { RUN_STATUSES } from '../temporal/visibility-query';
import { reportWorkflowId } from '../workflows/workflow-ids';
import type { Domain, RetrainStatus, RetrainSummary, RetrainView } from './types';

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

/** The result of a closed run: its report when it completed, its failure otherwise. */
export async function closedOutcome(handle: WorkflowHandle): Promise<Pick<RetrainView, 'report' | 'failure'>> {
  try {
    const result = (await handle.result()) as RetrainResult;
    return { report: result.report };
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    return { failure: failureOf(error) };
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

/** The report a failed run emitted: it is the input of the run's report-delivery child. */
export async function failureReport(client: Client, workflowId: string): Promise<RetrainReport | undefined> {
  return startInput<RetrainReport>(client, reportWorkflowId(workflowId));
}

export type { RetrainInput };

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
