import { Registry } from 'prom-client';
import { createAppMetrics, statusClass } from '../../../src/metrics/app-metrics';

/** The value of one series in the text exposition, found by name and exact label set. */
async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of (await registry.metrics()).split('\n')) {
    const match = /^([a-z0-9_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
  }
  return undefined;
}

describe('application metrics', () => {
  it.each([
    [200, '2xx'],
    [201, '2xx'],
    [400, '4xx'],
    [401, '401'],
    [403, '403'],
    [404, '4xx'],
    [429, '429'],
    [503, '5xx'],
    [undefined, 'network'],
  ])('HTTP status %p is in class %s', (httpStatus, expected) => {
    expect(statusClass({ httpStatus })).toBe(expected);
  });

  it('counts Einstein calls by endpoint template and status class, and token requests as mints', async () => {
    const registry = new Registry();
    const metrics = createAppMetrics(registry);
    const train = 'GET /v2/vision/train/:modelId';
    const token = 'POST /v2/oauth2/token';
    metrics.einsteinCall({ endpoint: train, httpStatus: 200, durationMs: 40 });
    metrics.einsteinCall({ endpoint: train, httpStatus: 429, durationMs: 10 });
    metrics.einsteinCall({ endpoint: train, failure: 'NETWORK_ERROR', durationMs: 5 });
    metrics.einsteinCall({ endpoint: token, httpStatus: 200, durationMs: 80 });
    metrics.einsteinCall({ endpoint: token, httpStatus: 400, durationMs: 80 });

    expect(await value(registry, 'einstein_retrain_einstein_calls_total', { endpoint: train, status_class: '2xx' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_einstein_calls_total', { endpoint: train, status_class: '429' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_einstein_calls_total', { endpoint: train, status_class: 'network' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_einstein_call_duration_seconds_count', { endpoint: train })).toBe(3);
    expect(await value(registry, 'einstein_retrain_token_mints_total', { result: 'minted' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_token_mints_total', { result: 'refused' })).toBe(1);
  });

  it('observes detection lag (never below zero), busy datasets and report deliveries', async () => {
    const registry = new Registry();
    const metrics = createAppMetrics(registry);
    metrics.endDetected('vision', 3);
    metrics.endDetected('vision', -0.2); // clocks of two machines: a poll cannot see an end before it happened
    metrics.busyDataset('language');
    metrics.reportDelivery('webhook', 'retryable_error');
    metrics.reportDelivery('webhook', 'delivered');

    expect(await value(registry, 'einstein_retrain_detection_lag_seconds_count', { domain: 'vision' })).toBe(2);
    expect(await value(registry, 'einstein_retrain_detection_lag_seconds_sum', { domain: 'vision' })).toBe(3);
    expect(await value(registry, 'einstein_retrain_busy_dataset_refusals_total', { domain: 'language' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_report_deliveries_total', { sink: 'webhook', result: 'retryable_error' })).toBe(1);
    expect(await value(registry, 'einstein_retrain_report_deliveries_total', { sink: 'webhook', result: 'delivered' })).toBe(1);
  });

  it('a second set on the same registry shares the first one', async () => {
    const registry = new Registry();
    createAppMetrics(registry).busyDataset('vision');
    createAppMetrics(registry).busyDataset('vision');
    expect(await value(registry, 'einstein_retrain_busy_dataset_refusals_total', { domain: 'vision' })).toBe(2);
  });
});
