// The client API (README.md, Operations): send triggers to a model's coordinator, read, list, retry and cancel runs.
// Every trigger goes through the coordinator, so callers never start two trainings of a model.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { CoordinatorTrigger, TriggerAck } from '../contract/trigger';
import type { CoordinatorSettings, SettingsPatch } from '../workflows/coordinator-settings';
import type { CoordinatorView } from '../workflows/coordinator-view';
import type { RetrainInput } from '../contract/retrain-input';
import type { FeedbackEvent, RetrainRequest } from '../contract/requests';
import { RETRAIN_WORKFLOW_TYPE } from '../workflows/workflow-ids';
import { isNotFound } from '../temporal/service-errors';
import { visibilityQuery } from '../temporal/visibility-query';
import { configureCoordinator, describeCoordinator, sendTrigger, type CoordinatorTarget } from './coordinator-calls';
import { AlreadyClosedError, InvalidFilterError, InvalidTriggerError, NotRetryableError, RetrainNotFoundError, translateTemporalError } from './errors';
import { closedRun, currentState, datasetIdOf, failureReport, startInput, statusOf, summaryOf } from './run-reader';
import { FeedbackEventSchema, issuesOf, ListFilterSchema, RetrainRequestSchema } from './schemas';
import { retrainTimeline, type TimelineEntry } from './timeline';
import type { Domain, ListFilter, RetrainClientOptions, RetrainStatus, RetrainSummary, RetrainView } from './types';

/** How long a "started" answer waits for its run to exist (the coordinator starts it right after answering). */
const STARTED_RUN_WAIT_MS = 15_000;

export type { FeedbackEvent, RetrainRequest };

/** Statuses a retry accepts: the run ended without succeeding. */
export const RETRYABLE_STATUSES: readonly RetrainStatus[] = ['FAILED', 'CANCELLED', 'TIMED_OUT', 'TERMINATED'];

export class RetrainClient {
  private readonly client: Client;
  private readonly taskQueue: string;
  private readonly ackTimeoutMs?: number;

  constructor(options: RetrainClientOptions) {
    this.client = options.client;
    this.taskQueue = options.taskQueue;
    this.ackTimeoutMs = options.ackTimeoutMs;
  }

  /** Reports new feedback examples of a model; the coordinator debounces them into one retrain. */
  async notifyFeedback(event: FeedbackEvent): Promise<TriggerAck> {
    const parsed = FeedbackEventSchema.safeParse(event);
    if (!parsed.success) throw new InvalidTriggerError(issuesOf(parsed.error));
    return this.notifyCheckedFeedback(event);
  }

  /** Asks for a retrain now (or right after the model's current run); the same `requestId` twice is one trigger. */
  async requestRetrain(request: RetrainRequest): Promise<TriggerAck> {
    const parsed = RetrainRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidTriggerError(issuesOf(parsed.error));
    return this.sendRequest(request);
  }

  /**
   * The two calls above for input its caller has already checked with the same contract schemas (FeedbackEvent and
   * RetrainRequestBody in src/contract/requests.ts): the HTTP API checks at its edge, to name fields by their place
   * in the body, so a request is validated once there. The workflow checks its input again in any case.
   */
  async notifyCheckedFeedback(event: FeedbackEvent): Promise<TriggerAck> {
    const { domain, modelId, eventId, newExamples, occurredAt } = event;
    return this.trigger(domain, modelId, { kind: 'feedback', eventId, newExamples, ...(occurredAt && { occurredAt }) });
  }

  async requestCheckedRetrain(request: RetrainRequest): Promise<TriggerAck> {
    return this.sendRequest(request);
  }

  async getRetrain(workflowId: string): Promise<RetrainView> {
    const description = await this.describeRetrain(workflowId);
    const handle = this.client.workflow.getHandle(workflowId, description.runId);
    const status = statusOf(description.status.name);
    const summary = summaryOf(description);
    const [input, state] = await Promise.all([
      startInput<RetrainInput>(this.client, workflowId, description.runId),
      currentState(this.client, workflowId, description.runId),
    ]);
    // The search attribute is set when the run ends; while it runs, its dataset is in the live state.
    const datasetId = datasetIdOf(description) ?? (state?.datasetId !== undefined ? String(state.datasetId) : undefined);
    const view: RetrainView = { ...summary, runId: description.runId, ...optionalField('datasetId', datasetId), ...(input && { input }), ...(state && { state }) };
    if (input?.trigger?.retryOf) view.retryOf = input.trigger.retryOf;
    if (status === 'RUNNING') return view;
    const { report, failure } = await closedRun(this.client, handle, description.status.name);
    return { ...view, ...(report && { report }), ...(failure && { failure }) };
  }

  /** Re-runs a failed, cancelled or timed-out retrain with its original parameters, linked by `retryOf`. */
  async retry(workflowId: string): Promise<TriggerAck> {
    const description = await this.describeRetrain(workflowId);
    const status = statusOf(description.status.name);
    if (!RETRYABLE_STATUSES.includes(status)) {
      const reason = status === 'RUNNING' ? 'it is still running' : status === 'COMPLETED' ? 'it succeeded' : `its status is ${status}`;
      throw new NotRetryableError(workflowId, status, `${reason}; only failed, cancelled or timed-out runs are re-run`);
    }
    const input = await startInput<RetrainInput>(this.client, workflowId, description.runId);
    if (!input) throw new RetrainNotFoundError(workflowId, 'its history (and so its parameters) is no longer available');
    const { domain, modelId, epochs, learningRate, algorithm, trainParams, policy } = input;
    const params = { ...(epochs !== undefined && { epochs }), ...(learningRate !== undefined && { learningRate }), ...(algorithm !== undefined && { algorithm }), ...(trainParams && { trainParams }) };
    // A run that ended while its training still ran: the new run follows that training instead of paying again.
    const report = await failureReport(this.client, workflowId, undefined, description.runId);
    const running = report?.outcome !== 'SUCCEEDED' ? report?.trainingStillRunning : undefined;
    const retryPolicy = running ? { ...policy, adoptTrainingSince: running.baseline } : policy;
    return this.sendRequest({ domain, modelId, params, policy: retryPolicy, source: 'retry', requestId: `retry-of:${workflowId}` }, workflowId);
  }

  /** Retries the latest run of a model, if it failed, was cancelled or timed out. */
  async retryLatestFailed(domain: Domain, modelId: string): Promise<TriggerAck> {
    const runs = await this.list({ domain, modelId, limit: 100 });
    const latest = runs.sort((a, b) => b.startTime.localeCompare(a.startTime))[0];
    if (!latest) throw new RetrainNotFoundError(`(latest run of ${domain} model ${modelId})`, 'this model has no retrain runs');
    return this.retry(latest.workflowId);
  }

  /** Cancels a running retrain (Einstein has no cancel endpoint: a training already submitted may still finish). */
  async cancel(workflowId: string): Promise<void> {
    const description = await this.describeRetrain(workflowId);
    const status = statusOf(description.status.name);
    if (status !== 'RUNNING') throw new AlreadyClosedError(workflowId, status);
    try {
      await this.client.workflow.getHandle(workflowId, description.runId).cancel();
    } catch (error) {
      translateTemporalError(error, workflowId);
    }
  }

  /** Runs matching the filter, newest first (visibility is eventually consistent: a run appears within a second or so). */
  async list(filter: ListFilter = {}): Promise<RetrainSummary[]> {
    const parsed = ListFilterSchema.safeParse(filter);
    if (!parsed.success) throw new InvalidFilterError(issuesOf(parsed.error));
    const limit = parsed.data.limit ?? 50;
    const rows: RetrainSummary[] = [];
    try {
      for await (const info of this.client.workflow.list({ query: visibilityQuery(parsed.data), pageSize: Math.min(limit, 100) })) {
        rows.push(summaryOf(info));
        if (rows.length >= limit) break;
      }
    } catch (error) {
      translateTemporalError(error);
    }
    return rows.sort((a, b) => b.startTime.localeCompare(a.startTime));
  }

  /** The steps of a run as they happened (from its history). */
  async timeline(workflowId: string): Promise<TimelineEntry[]> {
    const description = await this.describeRetrain(workflowId);
    return retrainTimeline(this.client, workflowId, description.runId);
  }

  /** Changes a model's debounce settings or feedback parameters; answers with the settings now in force. */
  async configureModel(domain: Domain, modelId: string, patch: SettingsPatch): Promise<CoordinatorSettings> {
    return configureCoordinator(this.target(domain, modelId), patch);
  }

  /** The model's coordinator: current run, pending run, debounce state, recent decisions. */
  async coordinatorState(domain: Domain, modelId: string): Promise<CoordinatorView> {
    return describeCoordinator(this.target(domain, modelId));
  }

  /** Sends a checked request (the caller's own values: a parsed policy would carry every default filled in). */
  private async sendRequest(request: RetrainRequest, retryOf?: string): Promise<TriggerAck> {
    const { domain, modelId, source, requestId, params, policy } = request;
    return this.trigger(domain, modelId, {
      kind: 'request',
      requestId: requestId ?? randomUUID(),
      source: source ?? 'client',
      ...(params && { params }),
      ...(policy && { policy }),
      ...(retryOf && { retryOf }),
    });
  }

  private async trigger(domain: Domain, modelId: string, trigger: CoordinatorTrigger): Promise<TriggerAck> {
    const ack = await sendTrigger(this.target(domain, modelId), trigger, this.ackTimeoutMs);
    if (ack.disposition === 'started' && ack.retrainWorkflowId) await this.untilStarted(ack.retrainWorkflowId);
    return ack;
  }

  /**
   * The coordinator answers "started" once it has decided, and starts the run a moment later. Waiting for the run to
   * exist lets the caller describe, watch or cancel it at once. Bounded: if the coordinator could not start it, the
   * ack is returned anyway and the coordinator's view says why.
   */
  private async untilStarted(workflowId: string): Promise<void> {
    const deadline = Date.now() + STARTED_RUN_WAIT_MS;
    for (;;) {
      try {
        await this.client.workflow.getHandle(workflowId).describe();
        return;
      } catch (error) {
        if (!isNotFound(error)) throw error;
        if (Date.now() >= deadline) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private target(domain: Domain, modelId: string): CoordinatorTarget {
    return { client: this.client, taskQueue: this.taskQueue, domain, modelId };
  }

  private async describeRetrain(workflowId: string): Promise<WorkflowExecutionDescription> {
    let description: WorkflowExecutionDescription;
    try {
      description = await this.client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      translateTemporalError(error, workflowId);
    }
    if (description.type !== RETRAIN_WORKFLOW_TYPE) {
      throw new RetrainNotFoundError(workflowId, `it is a ${description.type} workflow, not a retrain run`);
    }
    return description;
  }

}

function optionalField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
