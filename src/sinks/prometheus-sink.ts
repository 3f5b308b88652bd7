// The Prometheus sink: each report becomes counts and observations on the worker's registry (retrains by domain,
// outcome and trigger source; retrain, training and queue durations; the change in test accuracy), scraped from the
// worker's metrics endpoint. Counters and histograms rather than per-model last-value gauges: they add up across
// workers and survive a restart as far as rate()/increase() are concerned. Names are in src/metrics/app-metrics.ts.
import type { Registry } from 'prom-client';
import { createAppMetrics } from '../metrics/app-metrics';
import { asSinkError, type Sink } from './sink';

/** Idempotency keys remembered so that a retried emit does not count a report twice. */
const REMEMBERED_KEYS = 10_000;

export function createPrometheusSink(registry: Registry): Sink {
  const metrics = createAppMetrics(registry);
  const counted = new Set<string>();
  return {
    name: 'prometheus',
    async emit(report, ctx): Promise<void> {
      try {
        if (counted.has(ctx.idempotencyKey)) return;
        metrics.retrainFinished(report);
        remember(counted, ctx.idempotencyKey);
      } catch (error) {
        throw asSinkError('prometheus', error);
      }
    },
  };
}

function remember(keys: Set<string>, key: string): void {
  keys.add(key);
  if (keys.size > REMEMBERED_KEYS) {
    const oldest = keys.values().next().value;
    if (oldest !== undefined) keys.delete(oldest);
  }
}
