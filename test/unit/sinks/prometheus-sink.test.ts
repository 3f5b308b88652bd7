import { Registry } from 'prom-client';
import { buildFailureReport } from '../../../src/report';
import { createPrometheusSink } from '../../../src/sinks';
import { sampleFailureReport, sampleSuccessReport } from './sample-reports';

/** The value of one series in the text exposition, found by name and exact label set. */
async function seriesValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await registry.metrics();
  for (const line of text.split('\n')) {
    const match = /^([a-z0-9_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(match[3]);
  }
  return undefined;
}

describe('prometheus sink', () => {
  const vision = { domain: 'vision' };

  it('counts the retrain by domain, outcome and trigger source, and observes its durations and accuracy change', async () => {
    const registry = new Registry();
    const sample = sampleSuccessReport();
    const timing = { ...sample.timing, durations: { ...sample.timing.durations, queuedMs: 5_000 } };
    const report = { ...sample, triggerSource: 'schedule', timing };
    await createPrometheusSink(registry).emit(report, { idempotencyKey: report.reportId });

    expect(await seriesValue(registry, 'einstein_retrain_retrains_total', { ...vision, outcome: 'SUCCEEDED', trigger_source: 'schedule' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_duration_seconds_sum', { ...vision, outcome: 'SUCCEEDED' })).toBe(92.5);
    expect(await seriesValue(registry, 'einstein_retrain_training_duration_seconds_sum', { ...vision, outcome: 'SUCCEEDED' })).toBe(90.5);
    expect(await seriesValue(registry, 'einstein_retrain_queue_wait_seconds_sum', vision)).toBe(5);
    // 0.95 - 0.9286 = +0.0214: above the +0.02 bucket, within +0.05.
    expect(await seriesValue(registry, 'einstein_retrain_test_accuracy_change_bucket', { ...vision, le: '0.02' })).toBe(0);
    expect(await seriesValue(registry, 'einstein_retrain_test_accuracy_change_bucket', { ...vision, le: '0.05' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_test_accuracy_change_sum', vision)).toBeCloseTo(0.0214, 10);
  });

  it('does not count a retried emit of the same report twice', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const report = sampleSuccessReport();
    await sink.emit(report, { idempotencyKey: report.reportId });
    await sink.emit(report, { idempotencyKey: report.reportId });
    const next = sampleSuccessReport({ runId: 'run-2' });
    await sink.emit(next, { idempotencyKey: next.reportId });
    expect(await seriesValue(registry, 'einstein_retrain_retrains_total', { ...vision, outcome: 'SUCCEEDED', trigger_source: 'client' })).toBe(2);
    expect(await seriesValue(registry, 'einstein_retrain_duration_seconds_count', { ...vision, outcome: 'SUCCEEDED' })).toBe(2);
  });

  it('counts failures by outcome, with no accuracy change for a model the failure left unchanged', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const failed = sampleFailureReport();
    await sink.emit(failed, { idempotencyKey: failed.reportId });
    const killed = buildFailureReport({
      workflowId: 'wf-2',
      runId: 'run-2',
      domain: 'language',
      modelId: 'M2',
      outcome: 'KILLED',
      triggerSource: 'feedback',
      timing: { requestedAt: 0, finishedAt: 4_000 },
      apiCalls: 2,
    });
    await sink.emit(killed, { idempotencyKey: killed.reportId });

    expect(await seriesValue(registry, 'einstein_retrain_retrains_total', { ...vision, outcome: 'FAILED', trigger_source: 'client' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_retrains_total', { domain: 'language', outcome: 'KILLED', trigger_source: 'feedback' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_duration_seconds_sum', { domain: 'language', outcome: 'KILLED' })).toBe(4);
    expect(await seriesValue(registry, 'einstein_retrain_test_accuracy_change_count', vision)).toBeUndefined();
  });

  it('shares metrics when two sinks use one registry', async () => {
    const registry = new Registry();
    const report = sampleSuccessReport();
    await createPrometheusSink(registry).emit(report, { idempotencyKey: report.reportId });
    const again = sampleSuccessReport({ runId: 'run-7' });
    await createPrometheusSink(registry).emit(again, { idempotencyKey: again.reportId });
    expect(await seriesValue(registry, 'einstein_retrain_retrains_total', { ...vision, outcome: 'SUCCEEDED', trigger_source: 'client' })).toBe(2);
  });
});
