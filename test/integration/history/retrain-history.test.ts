// End to end on the embedded default: a real retrain on the dev server against the emulator gets a quality verdict
// in its report, and the history sink keeps that report in an embedded database folder, where it can be read back.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { openReportStore, reportStoreHolder } from '../../../src/history';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';

describe('a retrain kept in the embedded history', () => {
  let t: TestStack | undefined;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'einstein-retrain-history-e2e-'));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('judges the retrain by its policy.qualityGate and keeps the report with its verdict', async () => {
    const dataDir = path.join(dir, 'history');
    const history = { kind: 'embedded' as const, dataDir };
    const historyStore = reportStoreHolder(history);
    t = await startTestStack({ sinks: { log: false, history }, historyStore });
    const model = FIXTURE.models.visionImage;
    // A minimum no model reaches: the run succeeds and its verdict must be `regressed`, whatever the emulator drew.
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId, policy: { qualityGate: { minValue: 1, maxDrop: 0.05 } } });
    const { report } = (await handle.result()) as RetrainResult;
    expect(report.outcome).toBe('SUCCEEDED');
    if (report.outcome !== 'SUCCEEDED') return;
    expect(report.verdict).toMatchObject({ verdict: 'regressed', metric: 'testAccuracy', minValue: 1, maxDrop: 0.05 });
    expect(report.verdict?.after).toBe(report.after?.testAccuracy);
    expect(report.verdict?.reason).toContain('below the minimum 1');
    // The full metrics as Einstein (the emulator) gives them for an image model: a confusion matrix along the labels,
    // before and after; and the detection lag from Einstein's end of the training to our poll that saw it.
    for (const summary of [report.before, report.after]) {
      const matrix = summary?.confusionMatrix;
      expect(matrix?.labels.sort()).toEqual(Object.keys(summary?.f1ByLabel ?? {}).sort());
      expect(matrix?.rows).toHaveLength(matrix?.labels.length ?? -1);
    }
    expect(report.timing.endedAt).toBeDefined();
    expect(report.timing.durations.detectionLagMs).toBe(Date.parse(report.timing.finishedAt) - Date.parse(report.timing.endedAt!));

    // Kept by the sink: inline before the run ended, or by the report child if the first open of the database was slow.
    await eventually(() => historyStore.get().then((store) => store.report(report.reportId)), 60_000, 250);
    await t.stop(); // the worker closes the embedded database and frees its folder
    t = undefined;
    const store = await openReportStore({ kind: 'embedded', dataDir });
    try {
      expect(await store.report(report.reportId)).toEqual(report);
      const [summary] = await store.models();
      expect(summary).toMatchObject({ modelId: model.modelId, runs: 1 });
    } finally {
      await store.close();
    }
  });
});
