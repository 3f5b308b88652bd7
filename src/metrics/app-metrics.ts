// The application's own Prometheus metrics, on the worker's registry next to the Temporal SDK's. All of them are
// counters and histograms: they add up across workers (sum by ...) and a restart only resets a counter, which
// rate() and increase() handle, where a last-value gauge would lose what the process saw. Labels stay bounded:
// domain, outcome, trigger source, endpoint template, status class, sink name, never a model or workflow id.
//
// Recorded on the worker side only (activities, the Einstein client's call hook, the report sink), never in
// workflow code: a workflow replays, and would count again at every replay.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ApiCall } from '../einstein';
import type { RetrainReport } from '../report';

export const METRIC_PREFIX = 'einstein_retrain_';

/** Every metric name, for the dashboard, the alert rules and their tests. */
export const APP_METRIC_NAMES = {
  retrains: 'einstein_retrain_retrains_total',
  trainingDuration: 'einstein_retrain_training_duration_seconds',
  retrainDuration: 'einstein_retrain_duration_seconds',
  queueWait: 'einstein_retrain_queue_wait_seconds',
  accuracyChange: 'einstein_retrain_test_accuracy_change',
  detectionLag: 'einstein_retrain_detection_lag_seconds',
  busyDataset: 'einstein_retrain_busy_dataset_refusals_total',
  einsteinCalls: 'einstein_retrain_einstein_calls_total',
  einsteinCallDuration: 'einstein_retrain_einstein_call_duration_seconds',
  tokenMints: 'einstein_retrain_token_mints_total',
  reportDeliveries: 'einstein_retrain_report_deliveries_total',
  verdicts: 'einstein_retrain_verdicts_total',
} as const;

/** Statuses an alert needs on their own (auth and rate-limit storms); the rest are grouped by hundred. */
const OWN_CLASS = new Set([401, 403, 429]);

/** `2xx`, `401`, `403`, `429`, `4xx`, `5xx`, or `network` when no response arrived. */
export function statusClass(call: Pick<ApiCall, 'httpStatus'>): string {
  if (call.httpStatus === undefined) return 'network';
  if (OWN_CLASS.has(call.httpStatus)) return String(call.httpStatus);
  return `${Math.floor(call.httpStatus / 100)}xx`;
}

/** Token requests go to this endpoint (see the Einstein client's routes). */
const TOKEN_ENDPOINT = /\/oauth2\/token$/;

/** Minutes to two days: trainings run up to 48 h. */
const LONG_SECONDS = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400, 172800];
/** The end of a training seen within seconds to an hour. */
const LAG_SECONDS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const CALL_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** After − before test accuracy, from a clear regression to a clear gain. */
const ACCURACY_CHANGE = [-0.1, -0.05, -0.02, -0.01, -0.005, 0, 0.005, 0.01, 0.02, 0.05, 0.1];

export type ReportDeliveryResult = 'delivered' | 'retryable_error' | 'permanent_error';

export interface AppMetrics {
  /** Counts one finished retrain and observes its durations and accuracy change. Once per report, by the caller. */
  retrainFinished(report: RetrainReport): void;
  /** Einstein saw the end of a training `lagSeconds` before our poll did. */
  endDetected(domain: string, lagSeconds: number): void;
  /** A submit found the dataset busy with another training. */
  busyDataset(domain: string): void;
  /** One HTTP exchange with Einstein (the client's onCall hook); token requests also count as mints. */
  einsteinCall(call: ApiCall): void;
  reportDelivery(sink: string, result: ReportDeliveryResult): void;
}

export function createAppMetrics(registry: Registry): AppMetrics {
  const m = registerAll(registry);
  return {
    retrainFinished(report) {
      const trigger = report.triggerSource ?? 'client';
      m.retrains.inc({ domain: report.domain, outcome: report.outcome, trigger_source: trigger });
      const { durations } = report.timing;
      m.retrainDuration.observe({ domain: report.domain, outcome: report.outcome }, durations.totalMs / 1000);
      if (durations.trainingMs !== undefined) m.trainingDuration.observe({ domain: report.domain, outcome: report.outcome }, durations.trainingMs / 1000);
      if (durations.queuedMs !== undefined) m.queueWait.observe({ domain: report.domain }, durations.queuedMs / 1000);
      if (report.outcome === 'SUCCEEDED') {
        const { before, after } = report.delta.testAccuracy;
        if (before !== undefined && after !== undefined) m.accuracyChange.observe({ domain: report.domain }, after - before);
        if (report.verdict !== undefined) m.verdicts.inc({ domain: report.domain, verdict: report.verdict.verdict });
      }
    },
    endDetected: (domain, lagSeconds) => m.detectionLag.observe({ domain }, Math.max(0, lagSeconds)),
    busyDataset: (domain) => m.busyDataset.inc({ domain }),
    einsteinCall(call) {
      const endpoint = call.endpoint;
      const status_class = statusClass(call);
      m.einsteinCalls.inc({ endpoint, status_class });
      m.einsteinCallDuration.observe({ endpoint }, call.durationMs / 1000);
      if (TOKEN_ENDPOINT.test(endpoint)) m.tokenMints.inc({ result: status_class === '2xx' ? 'minted' : 'refused' });
    },
    reportDelivery: (sink, result) => m.reportDeliveries.inc({ sink, result }),
  };
}

function registerAll(registry: Registry) {
  return {
    retrains: counter(registry, 'retrains', 'Finished retrains, by domain, outcome and what triggered them', ['domain', 'outcome', 'trigger_source']),
    retrainDuration: histogram(registry, 'retrainDuration', 'Retrain duration from request to finish (busy-dataset wait, queue and training included)', ['domain', 'outcome'], LONG_SECONDS),
    trainingDuration: histogram(registry, 'trainingDuration', 'Training duration on Einstein, from submit to end', ['domain', 'outcome'], LONG_SECONDS),
    queueWait: histogram(registry, 'queueWait', "Time a submitted training waited in Einstein's queue before it ran", ['domain'], LONG_SECONDS),
    accuracyChange: histogram(registry, 'accuracyChange', 'Test accuracy after minus before, per successful retrain (negative: a regression)', ['domain'], ACCURACY_CHANGE),
    detectionLag: histogram(registry, 'detectionLag', "Time from the training's end (Einstein's updatedAt) to the poll that saw it", ['domain'], LAG_SECONDS),
    busyDataset: counter(registry, 'busyDataset', 'Submits that found the dataset busy with another training (the retrain then waits for it)', ['domain']),
    einsteinCalls: counter(registry, 'einsteinCalls', 'Einstein API calls, by endpoint template and status class (2xx, 401, 403, 429, 4xx, 5xx, network)', ['endpoint', 'status_class']),
    einsteinCallDuration: histogram(registry, 'einsteinCallDuration', 'Einstein API call duration', ['endpoint'], CALL_SECONDS),
    tokenMints: counter(registry, 'tokenMints', 'Access token requests (JWT bearer or refresh), by result', ['result']),
    reportDeliveries: counter(registry, 'reportDeliveries', 'Report delivery attempts, by sink and result', ['sink', 'result']),
    verdicts: counter(registry, 'verdicts', 'Quality verdicts of successful retrains (improved, unchanged, regressed), by domain', ['domain', 'verdict']),
  };
}

type MetricKey = keyof typeof APP_METRIC_NAMES;

function counter<L extends string>(registry: Registry, key: MetricKey, help: string, labelNames: L[]): Counter<L> {
  return registered(registry, key, () => new Counter<L>({ name: APP_METRIC_NAMES[key], help, labelNames, registers: [registry] }), Counter);
}

function histogram<L extends string>(registry: Registry, key: MetricKey, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
  return registered(registry, key, () => new Histogram<L>({ name: APP_METRIC_NAMES[key], help, labelNames, buckets, registers: [registry] }), Histogram);
}

/** One set of metrics per registry: a second createAppMetrics on the same registry shares the first one's. */
function registered<M>(registry: Registry, key: MetricKey, create: () => M, type: abstract new (...args: never[]) => unknown): M {
  const existing = registry.getSingleMetric(APP_METRIC_NAMES[key]);
  if (existing === undefined) return create();
  if (existing instanceof type) return existing as M;
  throw new TypeError(`Metric ${APP_METRIC_NAMES[key]} is already registered with another type`);
}

/** Metrics that go nowhere, for code paths built without a registry (tests, the CLI). */
export const NO_METRICS: AppMetrics = {
  retrainFinished: () => undefined,
  endDetected: () => undefined,
  busyDataset: () => undefined,
  einsteinCall: () => undefined,
  reportDelivery: () => undefined,
};
