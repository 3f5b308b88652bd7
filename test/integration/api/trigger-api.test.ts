// The trigger API on a real port, with the real RetrainClient, against a real Temporal dev server, the emulator and
// the product's worker (in this process). Requests are signed or carry a bearer token exactly as a caller would.
import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { request } from 'undici';
import { startTriggerApi, temporalProbe, type TriggerApi } from '../../../src/api';
import { RetrainClient } from '../../../src/client';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { signWebhookBody, unixSeconds } from '../../../src/http/webhook-signature';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';

const HMAC_SECRET = 'integration-hmac-secret-0123456789';
const BEARER_TOKEN = 'integration-bearer-token-0123456789';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

describe('trigger API on a real server', () => {
  let t: TestStack;
  let api: TriggerApi;
  let retrains: RetrainClient;
  const apiLogs: string[] = [];

  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
    retrains = new RetrainClient({ client: t.client, taskQueue: t.taskQueue });
    api = await startTriggerApi({
      config: { port: 0, hmacSecret: HMAC_SECRET, bearerTokens: [BEARER_TOKEN], healthCacheMs: 0 },
      client: retrains,
      temporalProbe: temporalProbe(t.client.connection),
      logger: pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (apiLogs.push(String(chunk)), done()) })),
    });
  });

  afterAll(async () => {
    await api?.close();
    await t?.stop();
  });

  async function send(method: 'GET' | 'POST', path: string, options: { body?: unknown; auth?: 'hmac' | 'bearer'; headers?: Record<string, string> } = {}): Promise<Answer> {
    const payload = options.body === undefined ? '' : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...(payload && { 'content-type': 'application/json' }) };
    if (options.auth === 'bearer') headers.authorization = `Bearer ${BEARER_TOKEN}`;
    if (options.auth === 'hmac') {
      const timestamp = unixSeconds();
      headers['x-einstein-retrain-timestamp'] = timestamp;
      headers['x-einstein-retrain-signature'] = signWebhookBody(HMAC_SECRET, timestamp, payload);
    }
    const response = await request(`${api.url}${path}`, { method, headers: { ...headers, ...options.headers }, body: payload || undefined });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  }

  it('reports Temporal as reachable on /healthz', async () => {
    const health = await send('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', temporal: { reachable: true } });
  });

  it('turns a signed feedback event into a retrain, and refuses its replay', async () => {
    const model = FIXTURE.models.visionImage;
    await retrains.configureModel('vision', model.modelId, { debounce: { quietPeriodMs: 500, maxDelayMs: 5_000, minNewExamples: 1 } });
    const event = { domain: 'vision', modelId: model.modelId, eventId: 'api-feedback-1', newExamples: 25 };
    const timestamp = unixSeconds();
    const payload = JSON.stringify(event);
    const headers = { 'content-type': 'application/json', 'x-einstein-retrain-timestamp': timestamp, 'x-einstein-retrain-signature': signWebhookBody(HMAC_SECRET, timestamp, payload) };
    const accepted = await request(`${api.url}/v1/events/feedback`, { method: 'POST', headers, body: payload });
    expect(accepted.statusCode).toBe(202);
    expect(await accepted.body.json()).toMatchObject({ coordinatorId: expect.any(String), disposition: expect.stringMatching(/^(debounced|started)$/) });

    const replay = await request(`${api.url}/v1/events/feedback`, { method: 'POST', headers, body: payload });
    expect(replay.statusCode).toBe(401);
    expect(((await replay.body.json()) as Answer['body']).error?.code).toBe('REPLAYED_REQUEST');

    const submissions = await eventually(async () => {
      const counts = await t.control.submissions();
      return (counts.byModel[model.modelId] ?? 0) > 0 ? counts : undefined;
    });
    expect(submissions.byModel[model.modelId]).toBe(1);
  });

  it('starts an ops retrain, shows it, cancels it, and re-runs it on retry', async () => {
    const model = FIXTURE.models.languageIntent;
    const started = await send('POST', '/v1/retrains', {
      auth: 'bearer',
      body: { domain: 'language', modelId: model.modelId, params: { epochs: 50 }, requestId: 'api-ops-1' },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ disposition: 'started', retrainWorkflowId: expect.any(String) });
    const id = started.body.retrainWorkflowId as string;
    expect(started.headers.location).toBe(`/v1/retrains/${encodeURIComponent(id)}`);

    const again = await send('POST', '/v1/retrains', { auth: 'hmac', body: { domain: 'language', modelId: model.modelId, requestId: 'api-ops-1' } });
    expect(again.status).toBe(202);
    // Same requestId: one trigger. The coordinator answers with the first decision (the same run).
    expect(again.body.retrainWorkflowId).toBe(id);

    const view = await eventually(async () => {
      const answer = await send('GET', `/v1/retrains/${encodeURIComponent(id)}`, { auth: 'hmac' });
      return answer.status === 200 && answer.body.triggerSource === 'api' ? answer : undefined;
    });
    expect(view.body).toMatchObject({ workflowId: id, status: 'RUNNING', modelId: model.modelId, domain: 'language', input: { epochs: 50 } });

    const cancel = await send('POST', `/v1/retrains/${encodeURIComponent(id)}/cancel`, { auth: 'bearer' });
    expect(cancel.status).toBe(202);
    expect(cancel.body).toMatchObject({ workflowId: id, cancelRequested: true });
    await eventually(async () => {
      const answer = await send('GET', `/v1/retrains/${encodeURIComponent(id)}`, { auth: 'bearer' });
      return answer.body.status === 'CANCELLED' ? answer : undefined;
    });

    const cancelAgain = await send('POST', `/v1/retrains/${encodeURIComponent(id)}/cancel`, { auth: 'bearer' });
    expect({ status: cancelAgain.status, code: cancelAgain.body.error?.code }).toEqual({ status: 409, code: 'ALREADY_CLOSED' });

    const retry = await send('POST', `/v1/retrains/${encodeURIComponent(id)}/retry`, { auth: 'hmac', body: {} });
    expect(retry.status).toBe(202);
    const rerunId = retry.body.retrainWorkflowId as string;
    expect(rerunId).toEqual(expect.any(String));
    expect(rerunId).not.toBe(id);
    const rerun = await eventually(async () => {
      const answer = await send('GET', `/v1/retrains/${encodeURIComponent(rerunId)}`, { auth: 'bearer' });
      return answer.status === 200 && answer.body.retryOf === id ? answer : undefined;
    });
    expect(rerun.body).toMatchObject({ input: { epochs: 50 } });
    await send('POST', `/v1/retrains/${encodeURIComponent(rerunId)}/cancel`, { auth: 'bearer' });
  });

  it('answers 404 for an unknown run and 409 for retrying a running one', async () => {
    const unknown = await send('GET', '/v1/retrains/no-such-run', { auth: 'bearer' });
    expect({ status: unknown.status, code: unknown.body.error?.code }).toEqual({ status: 404, code: 'RETRAIN_NOT_FOUND' });
    const longest = await send('GET', `/v1/retrains/${encodeURIComponent('é'.repeat(500))}`, { auth: 'bearer' });
    expect({ status: longest.status, code: longest.body.error?.code }).toEqual({ status: 404, code: 'RETRAIN_NOT_FOUND' });

    const model = FIXTURE.models.languageSentiment;
    const started = await send('POST', '/v1/retrains', { auth: 'bearer', body: { domain: 'language', modelId: model.modelId } });
    const id = started.body.retrainWorkflowId as string;
    // The ack names the run as soon as the coordinator decides; the run itself starts a moment later.
    await eventually(async () => ((await send('GET', `/v1/retrains/${encodeURIComponent(id)}`, { auth: 'bearer' })).status === 200 ? true : undefined));
    const retry = await send('POST', `/v1/retrains/${encodeURIComponent(id)}/retry`, { auth: 'bearer' });
    expect({ status: retry.status, code: retry.body.error?.code }).toEqual({ status: 409, code: 'NOT_RETRYABLE' });
    await send('POST', `/v1/retrains/${encodeURIComponent(id)}/cancel`, { auth: 'bearer' });
  });

  it('survives malformed HTTP on the socket and keeps answering', async () => {
    const raw = async (text: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(api.port, '127.0.0.1', () => socket.end(text));
        let answer = '';
        socket.on('data', (chunk) => (answer += String(chunk)));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    expect(await raw('GARBAGE / HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('POST /v1/events/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}')).toMatch(/^HTTP\/1\.1 400/);
    const truncated = await raw(`POST /v1/events/feedback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${BEARER_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"domain"`);
    expect(truncated).not.toMatch(/^HTTP\/1\.1 5/);
    const health = await send('GET', '/healthz');
    expect(health.status).toBe(200);
  });

  it('keeps tokens, secrets and signatures out of its request log', () => {
    const log = apiLogs.join('\n');
    expect(log).toContain('"route":"/v1/retrains/:id"');
    for (const secret of [HMAC_SECRET, BEARER_TOKEN, 'sha256=']) expect(log).not.toContain(secret);
  });
});
