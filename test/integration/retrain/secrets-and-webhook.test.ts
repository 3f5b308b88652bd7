// The webhook sink receives a correctly signed report, and no secret (private key, access token, webhook secret)
// appears in any workflow history or in the worker's logs.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { verifyWebhookSignature } from '../../../src/sinks';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { startReceiver, type Receiver } from '../sinks/receiver';
import { eventually, startTestStack, type TestStack } from './stack';

/** Every string in a history, with payload bytes decoded as UTF-8 (payloads are JSON). */
function readable(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join('\n');
}

const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';

describe('secrets and the signed webhook', () => {
  let t: TestStack;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestStack({ timeScale: 120, sinks: { webhook: { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: 5_000 } } });
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.close();
  });

  it('delivers a signed report, retried through a receiver outage, and leaks no secret', async () => {
    receiver.answerWith({ status: 503 }, { status: 500 }); // the receiver is down for the first two deliveries
    const model = FIXTURE.models.visionImage;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId });
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');

    const delivery = await eventually(async () => receiver.deliveries.find((d) => d.headers['idempotency-key'] && receiver.deliveries.indexOf(d) >= 2), 60_000);
    const body = delivery.body.toString('utf8');
    const check = verifyWebhookSignature(
      WEBHOOK_SECRET,
      String(delivery.headers['x-einstein-retrain-timestamp']),
      body,
      String(delivery.headers['x-einstein-retrain-signature']),
      { toleranceSeconds: 600 },
    );
    expect(check).toEqual({ valid: true });
    expect(JSON.parse(body).reportId).toBe(result.report.reportId);
    expect(delivery.headers['idempotency-key']).toBe(result.report.reportId);
    // Every attempt carried the same idempotency key, so a receiver can drop duplicates.
    expect(new Set(receiver.deliveries.map((d) => d.headers['idempotency-key']))).toEqual(new Set([result.report.reportId]));

    // Look everywhere a secret could leak: every workflow history of the namespace, and every log line.
    const histories: string[] = [];
    for await (const execution of t.client.workflow.list()) {
      const history = await t.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      histories.push(readable(history));
    }
    const everything = [...histories, ...t.logs].join('\n');
    expect(histories.length).toBeGreaterThanOrEqual(2);
    const keyBody = t.stack.account!.privateKeyPem.split('\n').filter((line) => line && !line.startsWith('-----'));
    for (const line of keyBody) expect(everything).not.toContain(line);
    expect(everything).not.toContain(WEBHOOK_SECRET);
    // Access tokens from the emulator are 103 base32 characters; model ids are 26.
    expect(everything).not.toMatch(/[A-Z2-7]{60,}/);
    // The payloads were decoded: the report's own fields are readable in the text searched above.
    expect(histories.join('\n')).toContain(`"reportId":"${result.report.reportId}"`);
  });
});
