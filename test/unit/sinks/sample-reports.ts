// Reports for sink tests, built with the real builders from documented metric shapes.
import { buildFailureReport, buildSuccessReport, type FailedReport, type SucceededReport } from '../../../src/report';

export function sampleSuccessReport(overrides: { runId?: string; modelId?: string } = {}): SucceededReport {
  const modelId = overrides.modelId ?? '7JXCXTRXTMNLJCEF2DR5CJ46QU';
  return buildSuccessReport({
    workflowId: `retrain-${modelId}`,
    runId: overrides.runId ?? 'run-1',
    domain: 'vision',
    modelId,
    datasetId: 57,
    modelType: 'image',
    parameters: { epochs: 3, learningRate: 0.001 },
    timing: { requestedAt: '2024-05-01T10:00:00.000Z', submittedAt: '2024-05-01T10:00:02.000Z', finishedAt: '2024-05-01T10:01:32.500Z' },
    apiCalls: 9,
    trainStats: { labels: 2, examples: 99, lastEpochDone: 3 },
    before: {
      modelType: 'image',
      metricsData: { f1: [0.9090909090909092, 0.9411764705882352], labels: ['beach', 'mountain'], testAccuracy: 0.9286, trainingLoss: 0.021 },
    },
    after: { metricsData: { f1: [0.95, 0.96], labels: ['beach', 'mountain'], testAccuracy: 0.95, trainingLoss: 0.015 } },
  });
}

export function sampleFailureReport(): FailedReport {
  return buildFailureReport({
    workflowId: 'retrain-2KXJEOM3N562JBT4P7OX7VID2Q',
    runId: 'run-9',
    domain: 'vision',
    modelId: '2KXJEOM3N562JBT4P7OX7VID2Q',
    datasetId: 57,
    modelType: 'image',
    outcome: 'FAILED',
    failureMsg: 'System error, training failed to complete on model 2KXJEOM3N562JBT4P7OX7VID2Q',
    timing: { requestedAt: '2024-05-01T10:00:00.000Z', submittedAt: '2024-05-01T10:00:01.000Z', finishedAt: '2024-05-01T10:05:00.000Z' },
    apiCalls: 20,
    before: { f1ByLabel: { beach: 0.9, mountain: 0.94 }, testAccuracy: 0.9286 },
  });
}

/** Every string reachable from an error: message, stack, own properties and the cause chain. */
export function everythingIn(error: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (value === null || value === undefined || seen.has(value)) return;
    if (typeof value !== 'object') {
      parts.push(String(value));
      return;
    }
    seen.add(value);
    if (value instanceof Error) parts.push(value.message, value.stack ?? '');
    for (const key of Object.getOwnPropertyNames(value)) visit((value as Record<string, unknown>)[key]);
  };
  visit(error);
  return parts.join('\n');
}
