// Prometheus gauges of each model's last retrain, on the worker's registry (scraped from its metrics endpoint).
// Label cardinality stays bounded: one series set per model id, and models are few.
import { Counter, Gauge, type Registry } from 'prom-client';
import { RETRAIN_OUTCOMES, type RetrainReport, type SucceededReport } from '../report';
import { asSinkError, type Sink, type SinkContext } from './sink';

export const PROMETHEUS_METRIC_NAMES = {
  lastOutcome: 'einstein_retrain_last_outcome',
  lastDurationSeconds: 'einstein_retrain_last_duration_seconds',
  lastFinishedTimestampSeconds: 'einstein_retrain_last_finished_timestamp_seconds',
  lastTestAccuracy: 'einstein_retrain_last_test_accuracy',
  lastMacroF1: 'einstein_retrain_last_macro_f1',
  reportsTotal: 'einstein_retrain_reports_total',
} as const;

/** Idempotency keys remembered so that a retried emit does not count a report twice. */
const REMEMBERED_KEYS = 10_000;

type ModelLabels = 'model_id' | 'domain';

/**
 * Every outcome gauge series of a model is 1 for its last outcome and 0 for the others (a state set), so an alert
 * can be `einstein_retrain_last_outcome{outcome="FAILED"} == 1`. Accuracy and macro F1 are set from successful
 * retrains only (`stage` = before|after): a failed retrain leaves the model, and so these gauges, unchanged.
 */
export function createPrometheusSink(registry: Registry): Sink {
  const metrics = registerMetrics(registry);
  const counted = new Set<string>();
  return {
    name: 'prometheus',
    async emit(report: RetrainReport, ctx: SinkContext): Promise<void> {
      try {
        const model = { model_id: report.modelId, domain: report.domain };
        for (const outcome of RETRAIN_OUTCOMES) {
          metrics.lastOutcome.set({ ...model, outcome }, outcome === report.outcome ? 1 : 0);
        }
        metrics.lastDurationSeconds.set(model, report.timing.durations.totalMs / 1000);
        metrics.lastFinishedTimestampSeconds.set(model, Date.parse(report.timing.finishedAt) / 1000);
        if (report.outcome === 'SUCCEEDED') setQualityGauges(metrics, model, report);
        if (!counted.has(ctx.idempotencyKey)) {
          metrics.reportsTotal.inc({ domain: report.domain, outcome: report.outcome });
          remember(counted, ctx.idempotencyKey);
        }
      } catch (error) {
        throw asSinkError('prometheus', error);
      }
    },
  };
}

type SinkMetrics = ReturnType<typeof registerMetrics>;

function setQualityGauges(metrics: SinkMetrics, model: Record<ModelLabels, string>, report: SucceededReport): void {
  for (const stage of ['before', 'after'] as const) {
    setOrRemove(metrics.lastTestAccuracy, { ...model, stage }, report.delta.testAccuracy[stage]);
    setOrRemove(metrics.lastMacroF1, { ...model, stage }, report.delta.macroF1[stage]);
  }
}

/** A value that is missing now must not leave an older run's value behind. */
function setOrRemove<L extends string>(gauge: Gauge<L>, labels: Record<L, string>, value: number | undefined): void {
  if (value === undefined) gauge.remove(labels);
  else gauge.set(labels, value);
}

function registerMetrics(registry: Registry) {
  const model = ['model_id', 'domain'] as const;
  return {
    lastOutcome: gauge(registry, 'lastOutcome', [...model, 'outcome'],
      'Last retrain outcome per model: 1 for that outcome, 0 for the others'),
    lastDurationSeconds: gauge(registry, 'lastDurationSeconds', [...model],
      'Duration of the last retrain, from request to finish'),
    lastFinishedTimestampSeconds: gauge(registry, 'lastFinishedTimestampSeconds', [...model],
      'When the last retrain finished, in Unix seconds'),
    lastTestAccuracy: gauge(registry, 'lastTestAccuracy', [...model, 'stage'],
      'Test accuracy before and after the last successful retrain'),
    lastMacroF1: gauge(registry, 'lastMacroF1', [...model, 'stage'],
      'Macro F1 before and after the last successful retrain'),
    reportsTotal: counter(registry, 'reportsTotal', ['domain', 'outcome'], 'Retrain reports emitted, by outcome'),
  };
}

type MetricKey = keyof typeof PROMETHEUS_METRIC_NAMES;

function gauge<L extends string>(registry: Registry, key: MetricKey, labelNames: L[], help: string): Gauge<L> {
  return registered(registry, Gauge<L>, { name: PROMETHEUS_METRIC_NAMES[key], help, labelNames });
}

function counter<L extends string>(registry: Registry, key: MetricKey, labelNames: L[], help: string): Counter<L> {
  return registered(registry, Counter<L>, { name: PROMETHEUS_METRIC_NAMES[key], help, labelNames });
}

interface MetricConfig<L extends string> {
  name: string;
  help: string;
  labelNames: L[];
}

/** Reuses a metric already on the registry: a second sink on the same registry must not fail to register. */
function registered<L extends string, M>(
  registry: Registry,
  type: new (config: MetricConfig<L> & { registers: Registry[] }) => M,
  config: MetricConfig<L>,
): M {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof type) return existing;
  if (existing !== undefined) throw new TypeError(`Metric ${config.name} is already registered with another type`);
  return new type({ ...config, registers: [registry] });
}

function remember(keys: Set<string>, key: string): void {
  keys.add(key);
  if (keys.size > REMEMBERED_KEYS) {
    const oldest = keys.values().next().value;
    if (oldest !== undefined) keys.delete(oldest);
  }
}
