// The report store's contract, run on each engine it supports: embedded PGlite (in memory and in a folder) and a
// real PostgreSQL server started for the test. The same queries and migrations must behave the same on all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type HistoryStoreConfig, type ReportStore, openReportStore } from '../../../src/history';
import type { RetrainReport } from '../../../src/report';
import { describeWhen } from '../../helpers/system-tool';
import { POSTGRESQL, type PostgresServer, envWithPostgres, startPostgresServer } from '../../helpers/postgres-server';
import { sampleFailureReport, sampleSuccessReport } from '../../unit/sinks/sample-reports';

jest.setTimeout(120_000);

/** A run of `modelId` that finished `minutes` after a fixed start, so the order of runs is known. */
function runAt(modelId: string, minutes: number, outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED'): RetrainReport {
  const base = outcome === 'SUCCEEDED' ? sampleSuccessReport({ modelId, runId: `run-${minutes}` }) : sampleFailureReport();
  const finishedAt = new Date(Date.parse('2024-06-01T00:00:00.000Z') + minutes * 60_000).toISOString();
  return {
    ...base,
    modelId,
    workflowId: `retrain-${modelId}`,
    runId: `run-${minutes}`,
    reportId: `retrain-${modelId}/run-${minutes}`,
    timing: { ...base.timing, finishedAt },
  } as RetrainReport;
}

function storeContract(engine: string, config: () => Promise<HistoryStoreConfig>): void {
  describe(`report store on ${engine}`, () => {
    let store: ReportStore;
    beforeAll(async () => {
      store = await openReportStore(await config());
    });
    afterAll(async () => {
      await store?.close();
    });

    it('writes a report once: a second save of the same id stores nothing and says so', async () => {
      const report = runAt('MODELONCE', 1);
      await expect(store.save(report)).resolves.toBe(true);
      await expect(store.save(report)).resolves.toBe(false);
      expect(await store.reportsOf({ domain: 'vision', modelId: 'MODELONCE' })).toEqual([report]);
    });

    it('keeps exactly one row when the same report is saved concurrently', async () => {
      const report = runAt('MODELRACE', 1);
      const saved = await Promise.all(Array.from({ length: 6 }, () => store.save(report)));
      expect(saved.filter(Boolean)).toHaveLength(1);
      expect(await store.reportsOf({ domain: 'vision', modelId: 'MODELRACE' })).toHaveLength(1);
    });

    it('gives the whole report back: parameters, timing, API calls, per-label F1, failures too', async () => {
      const success = runAt('MODELFULL', 1);
      const failure = runAt('MODELFULL', 2, 'FAILED');
      await store.save(success);
      await store.save(failure);
      expect(await store.report(success.reportId)).toEqual(success);
      const back = await store.report(failure.reportId);
      expect(back).toEqual(failure);
      expect(back?.outcome === 'FAILED' && back.failureMsg).toContain('System error');
      expect(await store.report('no-such-report')).toBeUndefined();
    });

    it('keeps the full metrics: the confusion matrix (and multi-label matrices) and the detection lag come back as saved, by run', async () => {
      const base = runAt('MODELMATRIX', 1);
      const confusionMatrix = { labels: ['beach', 'mountain'], rows: [[17, 3], [2, 28]] };
      const report = {
        ...base,
        timing: { ...base.timing, endedAt: base.timing.finishedAt, durations: { ...base.timing.durations, detectionLagMs: 0 } },
        before: { testAccuracy: 0.8, f1ByLabel: { beach: 0.8 }, confusionMatrices: { beach: [[5, 1], [2, 40]] } },
        after: { testAccuracy: 0.9, f1ByLabel: { beach: 0.9, mountain: 0.91 }, confusionMatrix },
      } as RetrainReport;
      await store.save(report);
      const back = await store.runReport({ domain: 'vision', modelId: 'MODELMATRIX' }, report.runId);
      expect(back).toEqual(report);
      expect(back?.outcome === 'SUCCEEDED' && back.after?.confusionMatrix).toEqual(confusionMatrix);
      expect(await store.runReport({ domain: 'language', modelId: 'MODELMATRIX' }, report.runId)).toBeUndefined();
      expect(await store.runReport({ domain: 'vision', modelId: 'MODELMATRIX' }, 'no-such-run')).toBeUndefined();
    });

    it("returns a model's runs in the order they finished, the last `limit` of them", async () => {
      for (const minutes of [30, 10, 20, 40]) await store.save(runAt('MODELORDER', minutes));
      const all = await store.reportsOf({ domain: 'vision', modelId: 'MODELORDER' });
      expect(all.map((r) => r.runId)).toEqual(['run-10', 'run-20', 'run-30', 'run-40']);
      const lastTwo = await store.reportsOf({ domain: 'vision', modelId: 'MODELORDER' }, { limit: 2 });
      expect(lastTwo.map((r) => r.runId)).toEqual(['run-30', 'run-40']);
      expect(await store.reportsOf({ domain: 'language', modelId: 'MODELORDER' })).toEqual([]);
    });

    it('lists each model with its run count and last run, the most recent first', async () => {
      await store.save(runAt('MODELLISTA', 100));
      await store.save(runAt('MODELLISTA', 200));
      await store.save(runAt('MODELLISTB', 300));
      const models = await store.models();
      const a = models.find((m) => m.modelId === 'MODELLISTA');
      expect(a).toMatchObject({ domain: 'vision', runs: 2 });
      expect(a?.last.runId).toBe('run-200');
      const order = models.map((m) => m.modelId);
      expect(order.indexOf('MODELLISTB')).toBeLessThan(order.indexOf('MODELLISTA'));
    });
  });
}

storeContract('PGlite in memory', async () => ({ kind: 'embedded' }));

describe('embedded store in a folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'einstein-retrain-history-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps reports across a close and a reopen, and migrates an existing folder without loss', async () => {
    const config: HistoryStoreConfig = { kind: 'embedded', dataDir: path.join(dir, 'history') };
    const first = await openReportStore(config);
    const report = runAt('MODELKEPT', 1);
    await first.save(report);
    await first.close();
    const second = await openReportStore(config);
    try {
      expect(await second.report(report.reportId)).toEqual(report);
      await expect(second.save(report)).resolves.toBe(false);
    } finally {
      await second.close();
    }
  });

  it('keeps a second user out of a folder in use, and takes over a lock its dead owner left', async () => {
    const dataDir = path.join(dir, 'locked');
    const owner = await openReportStore({ kind: 'embedded', dataDir });
    try {
      await expect(openReportStore({ kind: 'embedded', dataDir })).rejects.toMatchObject({
        code: 'HISTORY_FOLDER_BUSY',
        message: expect.stringContaining('EINSTEIN_RETRAIN_DATABASE_URL'),
      });
    } finally {
      await owner.close();
    }
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dataDir, 'einstein-retrain.lock'), gone.stdout);
    const next = await openReportStore({ kind: 'embedded', dataDir });
    await next.close();
  });

  it('takes over a lock naming its own pid that it does not hold (a container restarted after a crash is pid 1 again)', async () => {
    const dataDir = path.join(dir, 'restarted');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'einstein-retrain.lock'), `${process.pid}\n${os.hostname()}\n`);
    const store = await openReportStore({ kind: 'embedded', dataDir });
    await store.close();
  });

  it('respects a lock from another host sharing the folder, and says how to clear it', async () => {
    const dataDir = path.join(dir, 'shared');
    mkdirSync(dataDir, { recursive: true });
    const lock = path.join(dataDir, 'einstein-retrain.lock');
    writeFileSync(lock, `1\nanother-container\n`);
    await expect(openReportStore({ kind: 'embedded', dataDir })).rejects.toMatchObject({
      code: 'HISTORY_FOLDER_BUSY',
      message: expect.stringMatching(new RegExp(`on host another-container;.*If that host is gone, delete ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
    });
  });
});

describeWhen(
  POSTGRESQL,
  'report store on a PostgreSQL server',
  () => {
    let server: PostgresServer;
    let url: string;
    beforeAll(async () => {
      server = await startPostgresServer();
      url = await server.createDatabase('history_contract');
    });
    afterAll(async () => {
      await server?.destroy();
    });

    storeContract('PostgreSQL', async () => ({ kind: 'postgres', url }));

    it('lets two processes open and migrate one database at the same time', async () => {
      const other = await server.createDatabase('history_two_openers');
      const stores = await Promise.all([openReportStore({ kind: 'postgres', url: other }), openReportStore({ kind: 'postgres', url: other })]);
      try {
        const report = runAt('MODELTWO', 1);
        expect(await Promise.all(stores.map((store) => store.save(report)))).toEqual(expect.arrayContaining([true, false]));
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  },
  envWithPostgres(),
);
