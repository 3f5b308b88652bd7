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
  const model = { model_id: '7JXCXTRXTMNLJCEF2DR5CJ46QU', domain: 'vision' };

  it('exposes the last outcome, duration, accuracy and macro F1 per model, and counts reports', async () => {
    const registry = new Registry();
    const report = sampleSuccessReport();
    await createPrometheusSink(registry).emit(report, { idempotencyKey: report.reportId });

    expect(await seriesValue(registry, 'einstein_retrain_last_outcome', { ...model, outcome: 'SUCCEEDED' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_last_outcome', { ...model, outcome: 'FAILED' })).toBe(0);
    expect(await seriesValue(registry, 'einstein_retrain_last_duration_seconds', model)).toBe(92.5);
    expect(await seriesValue(registry, 'einstein_retrain_last_finished_timestamp_seconds', model)).toBe(
      Date.parse('2024-05-01T10:01:32.500Z') / 1000,
    );
    expect(await seriesValue(registry, 'einstein_retrain_last_test_accuracy', { ...model, stage: 'before' })).toBe(0.9286);
    expect(await seriesValue(registry, 'einstein_retrain_last_test_accuracy', { ...model, stage: 'after' })).toBe(0.95);
    expect(await seriesValue(registry, 'einstein_retrain_last_macro_f1', { ...model, stage: 'after' })).toBeCloseTo(0.955, 12);
    expect(await seriesValue(registry, 'einstein_retrain_reports_total', { domain: 'vision', outcome: 'SUCCEEDED' })).toBe(1);
  });

  it('does not count a retried emit of the same report twice', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const report = sampleSuccessReport();
    await sink.emit(report, { idempotencyKey: report.reportId });
    await sink.emit(report, { idempotencyKey: report.reportId });
    const next = sampleSuccessReport({ runId: 'run-2' });
    await sink.emit(next, { idempotencyKey: next.reportId });
    expect(await seriesValue(registry, 'einstein_retrain_reports_total', { domain: 'vision', outcome: 'SUCCEEDED' })).toBe(2);
  });

  it('switches the outcome state on failure and leaves the quality gauges of the unchanged model alone', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const success = sampleSuccessReport();
    await sink.emit(success, { idempotencyKey: success.reportId });
    const failure = buildFailureReport({
      workflowId: 'wf-2',
      runId: 'run-2',
      domain: 'vision',
      modelId: model.model_id,
      outcome: 'KILLED',
      timing: { requestedAt: 0, finishedAt: 4_000 },
      apiCalls: 2,
    });
    await sink.emit(failure, { idempotencyKey: failure.reportId });

    expect(await seriesValue(registry, 'einstein_retrain_last_outcome', { ...model, outcome: 'SUCCEEDED' })).toBe(0);
    expect(await seriesValue(registry, 'einstein_retrain_last_outcome', { ...model, outcome: 'KILLED' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_last_duration_seconds', model)).toBe(4);
    expect(await seriesValue(registry, 'einstein_retrain_last_test_accuracy', { ...model, stage: 'after' })).toBe(0.95);
    expect(await seriesValue(registry, 'einstein_retrain_reports_total', { domain: 'vision', outcome: 'KILLED' })).toBe(1);
  });

  it('keeps models apart and removes a value that a later success no longer has', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const other = sampleFailureReport();
    await sink.emit(other, { idempotencyKey: other.reportId });
    const first = sampleSuccessReport();
    await sink.emit(first, { idempotencyKey: first.reportId });
    const withoutAfter = { ...sampleSuccessReport({ runId: 'run-3' }), after: undefined };
    withoutAfter.delta = { ...withoutAfter.delta, testAccuracy: { before: 0.95 } };
    await sink.emit(withoutAfter, { idempotencyKey: withoutAfter.reportId });

    const otherModel = { model_id: other.modelId, domain: 'vision' };
    expect(await seriesValue(registry, 'einstein_retrain_last_outcome', { ...otherModel, outcome: 'FAILED' })).toBe(1);
    expect(await seriesValue(registry, 'einstein_retrain_last_test_accuracy', { ...model, stage: 'after' })).toBeUndefined();
    expect(await seriesValue(registry, 'einstein_retrain_last_test_accuracy', { ...model, stage: 'before' })).toBe(0.95);
  });

  it('shares metrics when two sinks use one registry', async () => {
    const registry = new Registry();
    const report = sampleSuccessReport();
    await createPrometheusSink(registry).emit(report, { idempotencyKey: report.reportId });
    const again = sampleSuccessReport({ runId: 'run-7' });
    await createPrometheusSink(registry).emit(again, { idempotencyKey: again.reportId });
    expect(await seriesValue(registry, 'einstein_retrain_reports_total', { domain: 'vision', outcome: 'SUCCEEDED' })).toBe(2);
  });
});
