import { Registry } from 'prom-client';
import { buildSuccessReport } from '../../../src/report';
import { createPrometheusSink } from '../../../src/sinks';
import { sampleSuccessReport } from './sample-reports';

/** The verdict counter's series, as the text exposition shows them: `domain/verdict` → value. */
async function verdictCounts(registry: Registry): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const line of (await registry.metrics()).split('\n')) {
    const match = /^einstein_retrain_verdicts_total\{domain="(\w+)",verdict="(\w+)"\} (\S+)$/.exec(line);
    if (match) counts[`${match[1]}/${match[2]}`] = Number(match[3]);
  }
  return counts;
}

describe('prometheus sink: the quality verdict', () => {
  it('counts verdicts by domain, once per report, for the alert rules', async () => {
    const registry = new Registry();
    const sink = createPrometheusSink(registry);
    const improved = sampleSuccessReport();
    await sink.emit(improved, { idempotencyKey: improved.reportId });
    await sink.emit(improved, { idempotencyKey: improved.reportId }); // a retried delivery
    const regressed = buildSuccessReport({
      workflowId: improved.workflowId,
      runId: 'run-2',
      domain: 'vision',
      modelId: improved.modelId,
      datasetId: 57,
      modelType: 'image',
      timing: { requestedAt: '2024-05-02T10:00:00.000Z', submittedAt: '2024-05-02T10:00:01.000Z', finishedAt: '2024-05-02T10:02:00.000Z' },
      apiCalls: 8,
      before: { testAccuracy: 0.95, f1ByLabel: {} },
      after: { testAccuracy: 0.9, f1ByLabel: {} },
    });
    await sink.emit(regressed, { idempotencyKey: regressed.reportId });
    expect(await verdictCounts(registry)).toEqual({ 'vision/improved': 1, 'vision/regressed': 1 });
  });
});
