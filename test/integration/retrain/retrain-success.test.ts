// A retrain that succeeds, for a vision model and for a language model, on a real dev server against the emulator.
import fs from 'node:fs';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { startTestStack, type TestStack } from './stack';

describe('retrainModel succeeds', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['vision image', FIXTURE.models.visionImage, { epochs: 3, learningRate: 0.001, trainParams: { withFeedback: true } }],
    ['language intent', FIXTURE.models.languageIntent, { trainParams: { trainSplitRatio: 0.8 } }],
  ] as const)('%s: report holds before, after and delta; one submission', async (_label, model, params) => {
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId, ...params });
    const result: RetrainResult = await handle.result();
    const report = result.report;
    expect(report.outcome).toBe('SUCCEEDED');
    if (report.outcome !== 'SUCCEEDED') return;
    expect(report.modelId).toBe(model.modelId);
    expect(report.datasetId).toBe(model.datasetId);
    expect(report.modelType).toBe(model.modelType);
    expect(report.before?.testAccuracy).toEqual(expect.any(Number));
    expect(report.after?.testAccuracy).toEqual(expect.any(Number));
    expect(report.delta.testAccuracy?.delta).toBeCloseTo(report.after!.testAccuracy! - report.before!.testAccuracy!, 10);
    expect(report.parameters).toEqual(params);
    expect(report.apiCalls).toBeGreaterThan(3);
    expect(report.trainStats?.examples).toEqual(expect.any(Number));

    const submissions = await t.control.submissions();
    expect(submissions.byModel[model.modelId]).toBe(1);
    const sent = submissions.log.find((s) => s.modelId === model.modelId);
    expect(sent?.kind).toBe('retrain');

    const described = await handle.describe();
    expect(described.searchAttributes.EinsteinOutcome).toEqual(['SUCCEEDED']);
    expect(described.searchAttributes.EinsteinDatasetId).toEqual([String(model.datasetId)]);

    // The report reached the JSON-lines sink before the run completed (delivered inline, no report child).
    const lines = fs.readFileSync(t.jsonlFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.reportId === report.reportId && l.outcome === 'SUCCEEDED')).toBe(true);
  });
});
