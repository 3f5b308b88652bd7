import { reportStoreHolder, type ReportStore } from '../../../src/history';
import { createHistorySink } from '../../../src/sinks';
import { sampleSuccessReport } from './sample-reports';

describe('the history sink warm-up', () => {
  it('opens the database before the first report, which then reuses it', async () => {
    const saved: string[] = [];
    let opens = 0;
    const store = { save: async (report: { reportId: string }) => void saved.push(report.reportId), close: async () => undefined };
    const holder = reportStoreHolder({ kind: 'embedded' }, async () => {
      opens += 1;
      return store as unknown as ReportStore;
    });
    const sink = createHistorySink({ kind: 'embedded' }, holder);

    await sink.warmUp?.();
    expect(opens).toBe(1);
    const report = sampleSuccessReport();
    await sink.emit(report, { idempotencyKey: report.reportId });
    expect([opens, saved]).toEqual([1, [report.reportId]]);
  });
});
