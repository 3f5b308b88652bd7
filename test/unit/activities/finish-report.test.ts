// The inline delivery of finishReport: every sink is tried, a sink that fails or does not answer within
// INLINE_SINK_TIMEOUT_MS is returned (for the report child), never thrown, and holds back neither the others nor the
// activity beyond that bound. Fake timers stand in for the wait, so nothing here depends on the machine's speed.
import type { EinsteinClient } from '../../../src/einstein';
import { finishReport, INLINE_SINK_TIMEOUT_MS, type FinishReportInput } from '../../../src/activities/finish-report';
import { SinkPermanentError, type Sink } from '../../../src/sinks';
import type { RetrainReport } from '../../../src/report';

const FAILED_RUN: FinishReportInput = {
  workflowId: 'retrain-vision-M1-1',
  runId: 'run-1',
  domain: 'vision',
  modelId: 'M1',
  parameters: {},
  apiCalls: 4,
  notes: [],
  timing: { requestedAt: 1_700_000_000_000, finishedAt: 1_700_000_060_000 },
  outcome: 'FAILED',
  failureMsg: 'Insufficient examples per label',
  failureCode: 'TRAINING_FAILED',
  deliver: 'all',
};

/** A failure report reads nothing from Einstein: any call would be a bug. */
const NO_EINSTEIN = new Proxy({}, { get: () => () => Promise.reject(new Error('no Einstein call expected')) }) as unknown as EinsteinClient;

function sink(name: string, emit: (report: RetrainReport) => Promise<void>): Sink & { got: RetrainReport[] } {
  const got: RetrainReport[] = [];
  return { name, got, emit: (report) => (got.push(report), emit(report)) };
}

describe('finishReport delivers inline', () => {
  afterEach(() => jest.useRealTimers());

  it('returns the sinks that failed or hung, delivers to the others, and is done at the bound', async () => {
    jest.useFakeTimers();
    const ok = sink('jsonl', () => Promise.resolve());
    const refusing = sink('webhook', () => Promise.reject(new SinkPermanentError('Webhook answered HTTP 400', { sink: 'webhook', httpStatus: 400 })));
    const hanging = sink('history', () => new Promise<void>(() => undefined));
    let settled = false;
    const finished = finishReport(NO_EINSTEIN, [ok, refusing, hanging], FAILED_RUN, () => 0).finally(() => (settled = true));

    await jest.advanceTimersByTimeAsync(INLINE_SINK_TIMEOUT_MS - 1);
    expect(settled).toBe(false); // the hanging sink is waited for up to the bound
    await jest.advanceTimersByTimeAsync(1);
    const result = await finished;

    expect(result.report).toMatchObject({ outcome: 'FAILED', failureMsg: FAILED_RUN.failureMsg, reportId: 'retrain-vision-M1-1:run-1', apiCalls: 4 });
    expect(result.delivered).toEqual(['jsonl']);
    expect(result.failed).toEqual([
      { sink: 'webhook', error: 'Webhook answered HTTP 400' },
      { sink: 'history', error: expect.stringContaining(`no answer within ${INLINE_SINK_TIMEOUT_MS} ms`) },
    ]);
    // Every sink got the same report (one id, the idempotency key of any later delivery).
    expect([...ok.got, ...refusing.got, ...hanging.got].map((r) => r.reportId)).toEqual(Array(3).fill(result.report.reportId));
  });

  it("builds only, for the report child to deliver, when asked to deliver to no sink (a cancelled run's report)", async () => {
    const ok = sink('jsonl', () => Promise.resolve());
    const result = await finishReport(NO_EINSTEIN, [ok], { ...FAILED_RUN, outcome: 'CANCELLED', deliver: 'none' }, () => 0);
    expect(result).toMatchObject({ report: { outcome: 'CANCELLED' }, delivered: [], failed: [] });
    expect(ok.got).toEqual([]);
  });
});
