// createActivities(deps): the thin adapters from the Einstein client and the sinks to Temporal activities.
// Dependencies are injected so tests and the worker decide which client and sinks are used.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EinsteinClient } from '../einstein';
import { NO_METRICS, type AppMetrics } from '../metrics/app-metrics';
import type { Sink } from '../sinks';
import { runAttempt } from './attempt';
import { coordinationActivities } from './coordination';
import { emitReport, type EmitReportInput } from './emit-report';
import { fetchMetrics, type FetchMetricsInput } from './fetch-metrics';
import { finishReport, type FinishReportInput } from './finish-report';
import { toApplicationFailure } from './failures';
import { inspectModel, validRequest, type InspectRequestInput } from './inspect-model';
import { pollTraining, type PollTrainingInput } from './poll-training';
import { submitRetrain, type SubmitRetrainInput } from './submit-retrain';
import { submitAndFollow, type SubmitAndFollowInput } from './submit-and-follow';
import { isTerminal } from '../contract/training-status';
import type { TrainingObservation } from '../polling/training-observation';

export interface ActivityDependencies {
  einstein: EinsteinClient;
  sinks: readonly Sink[];
  /** Temporal client for the coordination activities (schedule forwarding, watching runs). */
  temporal?: Client;
  /** Application metrics (busy datasets, detection lag, report deliveries); none when omitted. */
  metrics?: AppMetrics;
}

export function createActivities({ einstein, sinks, temporal, metrics = NO_METRICS }: ActivityDependencies) {
  return {
    ...coordinationActivities(temporal),
    // The run's input is parsed first, outside the attempt: a bad one fails for good at once, before any Einstein call.
    inspectModel: async (input: InspectRequestInput) => {
      const request = validRequest(input.request);
      const { result, apiCalls } = await runAttempt(() => inspectModel(einstein, request));
      return { result: { ...result, request }, apiCalls };
    },
    submitRetrain: (input: SubmitRetrainInput) =>
      runAttempt(async () => {
        const outcome = await submitRetrain(einstein, input, Context.current().info.attempt);
        if (outcome.kind === 'busy') metrics.busyDataset(input.domain);
        return outcome;
      }),
    pollTraining: async (input: PollTrainingInput) => {
      try {
        const result = await pollTraining(einstein, input);
        noteEnd(metrics, input.domain, result.observation);
        return result;
      } catch (error) {
        throw toApplicationFailure(error);
      }
    },
    submitAndFollow: async (input: SubmitAndFollowInput) => {
      try {
        const result = await submitAndFollow(einstein, input);
        if (result.kind === 'busy') metrics.busyDataset(input.domain);
        else noteEnd(metrics, input.domain, result.follow.observation);
        return result;
      } catch (error) {
        throw toApplicationFailure(error);
      }
    },
    fetchMetrics: (input: FetchMetricsInput) => runAttempt(() => fetchMetrics(einstein, input)),
    reportSinks: async (): Promise<string[]> => sinks.map((sink) => sink.name),
    emitReport: (input: EmitReportInput) => emitReport(sinks, input, metrics),
    finishReport: (input: FinishReportInput) => runAttempt((callsSoFar) => finishReport(einstein, sinks, input, callsSoFar, metrics)),
  };
}

/** Detection lag of a training's end, for the metrics: from Einstein's updatedAt to the read that saw it. */
function noteEnd(metrics: AppMetrics, domain: PollTrainingInput['domain'], observation: TrainingObservation): void {
  if (isTerminal(observation.status) && observation.updatedAtMs !== undefined) {
    metrics.endDetected(domain, (observation.atMs - observation.updatedAtMs) / 1000);
  }
}

export type RetrainActivities = ReturnType<typeof createActivities>;
export { recordApiCall } from './api-calls';
export type { InspectedRequest, ModelSnapshot } from './inspect-model';
export type { ModelBaseline, SubmitOutcome } from './submit-retrain';
export type { PollTrainingResult } from './poll-training';
export type { SubmitAndFollowResult, Submission, SubmitFollowCarry } from './submit-and-follow';
export type { FinishReportInput, FinishReportResult, ReportFacts } from './finish-report';
export type { CoordinationActivities } from './coordination';
