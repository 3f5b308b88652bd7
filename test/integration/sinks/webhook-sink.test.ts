import { Agent } from 'undici';
import {
  RetrainReport,
} from '../../../src/report';
import {
  SinkPermanentError,
  SinkTransientError,
  createWebhookSink,
  verifyWebhookSignature,
} from '../../../src/sinks';
import { everythingIn, sampleFailureReport, sampleSuccessReport } from '../../unit/sinks/sample-reports';
import { startReceiver, type Receiver } from './receiver';

const SECRET = 'webhook-secret-never-printed-7f3a';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the emit to fail');
}

describe('webhook sink against a real HTTP receiver', () => {
  let receiver: Receiver;
  let dispatcher: Agent;

  beforeEach(async () => {
    receiver = await startReceiver();
    dispatcher = new Agent();
  });

  afterEach(async () => {
    await dispatcher.close();
    await receiver.close();
  });

  function sink(timeoutMs = 5_000) {
    return createWebhookSink({ url: receiver.url, secret: SECRET, timeoutMs, dispatcher });
  }

  it('POSTs the report as JSON, signed so that the receiver can verify it, with the idempotency key', async () => {
    const report = sampleSuccessReport();
    await sink().emit(report, { idempotencyKey: report.reportId });

    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    if (delivery === undefined) throw new Error('no delivery');
    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe('/hooks/einstein?token=path-secret');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['idempotency-key']).toBe(report.reportId);

    const timestamp = String(delivery.headers['x-einstein-retrain-timestamp']);
    const signature = String(delivery.headers['x-einstein-retrain-signature']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyWebhookSignature(SECRET, timestamp, delivery.body, signature)).toEqual({ valid: true });
    expect(verifyWebhookSignature('some-other-secret-value', timestamp, delivery.body, signature).valid).toBe(false);

    const received = RetrainReport.parse(JSON.parse(delivery.body.toString('utf8')));
    expect(received).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('sends the same idempotency key on a retried emit, signed anew', async () => {
    const report = sampleFailureReport();
    receiver.answerWith({ status: 503 });
    const webhook = sink();
    await expect(webhook.emit(report, { idempotencyKey: report.reportId })).rejects.toBeInstanceOf(SinkTransientError);
    await webhook.emit(report, { idempotencyKey: report.reportId });

    const keys = receiver.deliveries.map((delivery) => delivery.headers['idempotency-key']);
    expect(keys).toEqual([report.reportId, report.reportId]);
    for (const delivery of receiver.deliveries) {
      const timestamp = String(delivery.headers['x-einstein-retrain-timestamp']);
      const signature = String(delivery.headers['x-einstein-retrain-signature']);
      expect(verifyWebhookSignature(SECRET, timestamp, delivery.body, signature).valid).toBe(true);
    }
  });

  it('percent-encodes an idempotency key that is not visible ASCII', async () => {
    const report = sampleSuccessReport();
    await sink().emit(report, { idempotencyKey: 'modèle 1%' });
    expect(receiver.deliveries[0]?.headers['idempotency-key']).toBe('mod%C3%A8le%201%25');
  });

  it('treats 500 as retryable', async () => {
    receiver.answerWith({ status: 500, body: 'database is down' });
    const error = await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: 'k-500' }));
    expect(error).toBeInstanceOf(SinkTransientError);
    expect(error).toMatchObject({ code: 'SINK_TRANSIENT', retryable: true, httpStatus: 500, sink: 'webhook' });
    expect((error as Error).message).toContain('database is down');
  });

  it('treats 400 as permanent', async () => {
    receiver.answerWith({ status: 400, body: '{"message":"bad signature"}' });
    const error = await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: 'k-400' }));
    expect(error).toBeInstanceOf(SinkPermanentError);
    expect(error).toMatchObject({ name: 'SinkPermanentError', code: 'SINK_PERMANENT', retryable: false, httpStatus: 400 });
  });

  it.each([408, 502, 503])('treats %i as retryable', async (status) => {
    receiver.answerWith({ status });
    const error = await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: `k-${status}` }));
    expect(error).toMatchObject({ code: 'SINK_TRANSIENT', httpStatus: status });
  });

  it.each([401, 404, 410, 301])('treats %i as permanent', async (status) => {
    receiver.answerWith({ status, headers: status === 301 ? { location: 'https://elsewhere.example.com/' } : {} });
    const error = await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: `k-${status}` }));
    expect(error).toMatchObject({ code: 'SINK_PERMANENT', httpStatus: status });
  });

  it('carries Retry-After of a 429 as retryAfterMs', async () => {
    receiver.answerWith({ status: 429, headers: { 'retry-after': '7' } });
    const error = await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: 'k-429' }));
    expect(error).toBeInstanceOf(SinkTransientError);
    expect(error).toMatchObject({ httpStatus: 429, retryAfterMs: 7_000, retryable: true });
  });

  it('carries an HTTP-date Retry-After of a 503', async () => {
    const inOneMinute = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toUTCString();
    receiver.answerWith({ status: 503, headers: { 'retry-after': inOneMinute } });
    const error = (await rejectionOf(sink().emit(sampleSuccessReport(), { idempotencyKey: 'k-503' }))) as SinkTransientError;
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(61_000);
  });

  it('treats a receiver that does not answer in time as retryable', async () => {
    receiver.answerWith({ status: 200, delayMs: 2_000 });
    const error = await rejectionOf(sink(200).emit(sampleSuccessReport(), { idempotencyKey: 'k-slow' }));
    expect(error).toMatchObject({ code: 'SINK_TRANSIENT', retryable: true });
  });

  it('treats a receiver that is gone as retryable, naming only its origin', async () => {
    const url = receiver.url;
    await receiver.close();
    const gone = createWebhookSink({ url, secret: SECRET, timeoutMs: 2_000, dispatcher });
    const error = await rejectionOf(gone.emit(sampleSuccessReport(), { idempotencyKey: 'k-gone' }));
    expect(error).toMatchObject({ code: 'SINK_TRANSIENT', retryable: true, sink: 'webhook' });
    expect((error as Error).message).toContain(new URL(url).origin);
    expect((error as Error).message).not.toContain('path-secret');
    receiver = await startReceiver(); // afterEach closes it
  });

  it('never puts the secret (or the URL path) in thrown errors', async () => {
    receiver.answerWith({ status: 400 }, { status: 500 }, { status: 429, headers: { 'retry-after': '1' } });
    const webhook = sink();
    const errors = [
      await rejectionOf(webhook.emit(sampleSuccessReport(), { idempotencyKey: 'a' })),
      await rejectionOf(webhook.emit(sampleSuccessReport(), { idempotencyKey: 'b' })),
      await rejectionOf(webhook.emit(sampleSuccessReport(), { idempotencyKey: 'c' })),
    ];
    for (const error of errors) {
      const text = everythingIn(error);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('path-secret');
    }
    expect(JSON.stringify(webhook)).not.toContain(SECRET);
  });

  it('refuses a URL that is not http(s) without echoing it', () => {
    expect(() => createWebhookSink({ url: 'ftp://user:pw@example.com', secret: SECRET })).toThrow(
      'webhook.url: expected an absolute http(s) URL',
    );
  });
});
