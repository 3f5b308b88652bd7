import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_SINK_EVENT, createLogSink, SinkTransientError } from '../../../src/sinks';
import { sampleFailureReport, sampleSuccessReport } from './sample-reports';

function capturingLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

describe('log sink', () => {
  it('writes one structured info line holding the whole report', async () => {
    const { logger, lines } = capturingLogger();
    const report = sampleSuccessReport();
    await createLogSink(logger).emit(report, { idempotencyKey: report.reportId });
    const logged = lines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      event: LOG_SINK_EVENT,
      idempotencyKey: report.reportId,
      report: JSON.parse(JSON.stringify(report)),
      msg: 'retrain SUCCEEDED for vision model 7JXCXTRXTMNLJCEF2DR5CJ46QU: test accuracy 0.9286 -> 0.9500',
    });
  });

  it('logs a failure at warn level with its failureMsg', async () => {
    const { logger, lines } = capturingLogger();
    const report = sampleFailureReport();
    await createLogSink(logger).emit(report, { idempotencyKey: report.reportId });
    const [line] = lines();
    expect(line).toMatchObject({ level: 40, report: { outcome: 'FAILED' } });
    expect(line?.msg).toContain(report.failureMsg);
  });

  it('turns a logger that throws into a typed, retryable sink error', async () => {
    const broken = { info: () => { throw new Error('stdout closed'); }, warn: () => undefined };
    const report = sampleSuccessReport();
    const emitted = createLogSink(broken).emit(report, { idempotencyKey: report.reportId });
    await expect(emitted).rejects.toBeInstanceOf(SinkTransientError);
    await expect(emitted).rejects.toMatchObject({ code: 'SINK_TRANSIENT', retryable: true, sink: 'log' });
  });
});
