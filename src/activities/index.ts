// createActivities(deps): the thin adapters from the Einstein client and the sinks to Temporal activities.
// Dependencies are injected so tests and the worker decide which client and sinks are used.
import type { Client } from '@temporalio/client';
import type { EinsteinClient } from '../einstein';
import type { Sink } from '../sinks';
import { countingApiCalls } from './api-calls';
import { coordinationActivities } from './coordination';
import { emitReport, type EmitReportInput } from './emit-report';
import { fetchMetrics, type FetchMetricsInput } from './fetch-metrics';
import { withTypedFailures } from './failures';
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
    inspectModel: withTypedFailures((input: InspectModelInput) => countingApiCalls(() => inspectModel(einstein, input))),
    submitRetrain: withTypedFailures((input: SubmitRetrainInput) =>
      countingApiCalls(() => submitRetrain(einstein, input)),
    ),
    pollTraining: withTypedFailures((input: PollTrainingInput) => pollTraining(einstein, input)),
    fetchMetrics: withTypedFailures((input: FetchMetricsInput) => countingApiCalls(() => fetchMetrics(einstein, input))),
    reportSinks: async (): Promise<string[]> => sinks.map((sink) => sink.name),
    emitReport: (input: EmitReportInput) => emitReport(sinks, input),
  };
}

export type RetrainActivities = ReturnType<typeof createActivities>;
export { recordApiCall } from './api-calls';
export type { ModelSnapshot } from './inspect-model';
export type { SubmitOutcome } from './submit-retrain';
export type { PollTrainingResult } from './poll-training';
export type { CoordinationActivities } from './coordination';
