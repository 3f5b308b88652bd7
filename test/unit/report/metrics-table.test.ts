import { buildFailureReport, buildSuccessReport, formatMetricsTable } from '../../../src/report';
import { IMAGE_METRICS } from './doc-examples';

const subject = {
  workflowId: 'retrain-7JXCXTRXTMNLJCEF2DR5CJ46QU',
  runId: 'run-1',
  domain: 'vision' as const,
  modelId: '7JXCXTRXTMNLJCEF2DR5CJ46QU',
  apiCalls: 4,
};
const timing = { requestedAt: 0, submittedAt: 1_000, finishedAt: 60_000 };

describe('formatMetricsTable', () => {
  it('prints before, after and signed delta per metric, then F1 per label sorted by label', () => {
    const report = buildSuccessReport({
      ...subject,
      datasetId: 57,
      modelType: 'image',
      timing,
      before: { modelType: 'image', metricsData: IMAGE_METRICS.metricsData },
      after: { metricsData: { labels: ['mountain', 'beach', 'dunes'], f1: [0.9, 0.95, 0.5], testAccuracy: 0.9, trainingLoss: 0.021 } },
    });
    const lines = formatMetricsTable(report).split('\n');
    expect(lines[0]).toMatch(/^metric\s+before\s+after\s+delta$/);
    expect(lines[1]).toMatch(/^-+( {2}-+){3}$/);
    const rows = lines.slice(2).map((line) => line.split(/ {2,}/));
    expect(rows).toEqual([
      ['test accuracy', '0.9286', '0.9000', '-0.0286'],
      ['training accuracy', '0.9941', 'n/a', 'n/a'],
      ['training loss', '0.0210', '0.0210', '0.0000'],
      ['macro F1', '0.9251', '0.7833', '-0.1418'],
      ['F1 beach', '0.9091', '0.9500', '+0.0409'],
      ['F1 dunes', 'n/a', '0.5000', 'n/a'],
      ['F1 mountain', '0.9412', '0.9000', '-0.0412'],
    ]);
  });

  it('aligns columns: every line of the table has the same width up to its last number', () => {
    const report = buildSuccessReport({
      ...subject,
      datasetId: 57,
      modelType: 'image',
      timing,
      after: { metricsData: { labels: ['a-very-long-label-name'], f1: [0.5] } },
    });
    const lines = formatMetricsTable(report).split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('shows the unchanged metrics of a failed retrain with no after values', () => {
    const report = buildFailureReport({
      ...subject,
      outcome: 'FAILED',
      failureMsg: 'System error',
      timing,
      before: { modelType: 'image', metricsData: IMAGE_METRICS.metricsData },
    });
    const rows = formatMetricsTable(report).split('\n').slice(2);
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatch(/\d\.\d{4}\s+n\/a\s+n\/a$/);
  });

  it('says so when there are no metrics at all', () => {
    const report = buildFailureReport({ ...subject, outcome: 'REJECTED', failureMsg: 'Model not found', timing });
    expect(formatMetricsTable(report)).toBe('No metrics available (before or after).');
  });
});
