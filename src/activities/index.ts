// createActivities(deps): the thin adapters from the Einstein client and the sinks to Temporal activities.
// Dependencies are injected so tests and the worker decide which client and sinks are used.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EinsteinClient } from '../einstein';
import type { Sink } from '../sinks';
import { runAttempt } from './attempt';
import { coordinationActivities } from './coordination';
import { emitReport, type EmitReportInput } from './emit-report';
import { fetchMetrics, type FetchMetricsInput } from './fetch-metrics';
import { toApplicationFailure } from './failures';
import { inspectModel, type InspectModelInput } from './inspect-model';
import { pollTraining, type PollTrainingInput } from './poll-training';
import { submitRetrain, type SubmitRetrainInput } from './submit-retrain';

export interface ActivityDependencies {
  einstein: EinsteinClient;
  sinks: readonly Sink[];
  /** Temporal client for the coordination activities (schedule forwarding, watching runs). */
  temporal?: Client;
}

export function createActivities({ einstein, sinks, temporal }: ActivityDependencies) {
  return {
    ...coordinationActivities(temporal),
    inspectModel: (input: InspectModelInput) => runAttempt(() => inspectModel(einstein, input)),
    submitRetrain: (input: SubmitRetrainInput) =>
      runAttempt(() => submitRetrain(einstein, input, Context.current().info.attempt)),
    pollTraining: async (input: PollTrainingInput) => {
      try {
        return await pollTraining(einstein, input);
      } catch (error) {
        throw toApplicationFailure(error);
      }
    },
    fetchMetrics: (input: FetchMetricsInput) => runAttempt(() => fetchMetrics(einstein, input)),
    reportSinks: async (): Promise<string[]> => sinks.map((sink) => sink.name),
    emitReport: (input: EmitReportInput) => emitReport(sinks, input),
  };
}

export type RetrainActivities = ReturnType<typeof createActivities>;
export { recordApiCall } from './api-calls';
export type { ModelSnapshot } from './inspect-model';
export type { ModelBaseline, SubmitOutcome } from './submit-retrain';
export type { PollTrainingResult } from './poll-training';
export type { CoordinationActivities } from './coordination';
