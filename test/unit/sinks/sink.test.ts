import { type Sink, SinkPermanentError, SinkTransientError, emitToSinks, warmUpSinks } from '../../../src/sinks';
import { sampleSuccessReport } from './sample-reports';

describe('emitToSinks', () => {
  it('tries every sink and reports each outcome, typed, in order', async () => {
    const delivered: string[] = [];
    const sinks: Sink[] = [
      { name: 'first', emit: async (report) => void delivered.push(`first:${report.reportId}`) },
      { name: 'rejecting', emit: async () => { throw new SinkPermanentError('HTTP 400', { sink: 'rejecting', httpStatus: 400 }); } },
      { name: 'crashing', emit: async () => { throw new Error('socket hang up'); } },
      { name: 'last', emit: async (_report, ctx) => void delivered.push(`last:${ctx.idempotencyKey}`) },
    ];
    const report = sampleSuccessReport();
    const results = await emitToSinks(sinks, report, { idempotencyKey: report.reportId });

    expect(delivered).toEqual([`first:${report.reportId}`, `last:${report.reportId}`]);
    expect(results.map((result) => [result.sink, result.ok])).toEqual([
      ['first', true],
      ['rejecting', false],
      ['crashing', false],
      ['last', true],
    ]);
    const [, rejected, crashed] = results;
    expect(rejected?.ok === false && rejected.error).toMatchObject({ code: 'SINK_PERMANENT', retryable: false, httpStatus: 400 });
    expect(crashed?.ok === false && crashed.error).toBeInstanceOf(SinkTransientError);
    expect(crashed?.ok === false && crashed.error.message).toBe("Sink 'crashing' failed: socket hang up");
  });
});

describe('sink errors', () => {
  it('carry stable codes, retryability and class names for Temporal', () => {
    const permanent = new SinkPermanentError('no', { sink: 'webhook', httpStatus: 410 });
    const transient = new SinkTransientError('later', { sink: 'webhook', httpStatus: 503, retryAfterMs: 2_000 });
    expect([permanent.name, permanent.code, permanent.retryable]).toEqual(['SinkPermanentError', 'SINK_PERMANENT', false]);
    expect([transient.name, transient.code, transient.retryable, transient.retryAfterMs]).toEqual([
      'SinkTransientError',
      'SINK_TRANSIENT',
      true,
      2_000,
    ]);
  });
});

describe('warmUpSinks', () => {
  it('waits for the sinks that warm up, and reports those that fail or stay slow without throwing', async () => {
    const warmed: string[] = [];
    const trouble: Array<[string, string]> = [];
    const never = new Promise<void>(() => undefined);
    const sinks: Sink[] = [
      { name: 'plain', emit: async () => undefined },
      { name: 'database', emit: async () => undefined, warmUp: async () => void warmed.push('database') },
      { name: 'down', emit: async () => undefined, warmUp: async () => { throw new Error('connection refused'); } },
      { name: 'slow', emit: async () => undefined, warmUp: () => never },
    ];
    await warmUpSinks(sinks, 50, (sink, reason) => trouble.push([sink, reason]));

    expect(warmed).toEqual(['database']);
    expect(trouble).toEqual([
      ['down', 'connection refused; it opens at its first report'],
      ['slow', 'not ready after 50 ms; it opens at its first report'],
    ]);
  });
});
