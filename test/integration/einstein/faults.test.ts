// Injected faults become typed errors, and the client never retries on its own (Temporal's retry policy decides).
import { FIXTURE } from '../../../src/emulator/state/fixture';
import {
  MalformedResponseError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from '../../../src/einstein';
import { countByEndpoint, rejectionOf, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(async () => {
  await harness.control.reset();
});

const modelId = FIXTURE.models.visionImage.modelId;
const STATUS_PATH = '^/v2/vision/train/';
const STATUS = 'GET /v2/vision/train/:modelId';
const RETRAIN = 'POST /v2/vision/retrain';

describe('HTTP status faults', () => {
  it('429 with Retry-After in seconds → RATE_LIMITED with retryAfterMs', async () => {
    const { client } = harness.client();
    await harness.control.addFault({ match: { path: STATUS_PATH }, kind: 'status', status: 429, retryAfter: '7' });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 7000, httpStatus: 429, endpoint: STATUS });
  });

  it('503 with Retry-After as an HTTP date → SERVER_ERROR with retryAfterMs', async () => {
    const { client } = harness.client();
    const at = new Date(Date.now() + 120_000).toUTCString();
    await harness.control.addFault({ match: { path: STATUS_PATH }, kind: 'status', status: 503, retryAfter: at });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ retryable: true, httpStatus: 503 });
    const retryAfterMs = (error as ServerError).retryAfterMs ?? -1;
    expect(retryAfterMs).toBeGreaterThan(100_000);
    expect(retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('500 on POST retrain → SERVER_ERROR after exactly one attempt', async () => {
    const { client, calls } = harness.client();
    await harness.control.addFault({ match: { method: 'POST', path: '^/v2/vision/retrain$' }, kind: 'status', status: 500 });
    const error = await rejectionOf(client.retrain('vision', { modelId }));
    expect(error).toMatchObject({ code: 'SERVER_ERROR', httpStatus: 500, endpoint: RETRAIN });
    expect(error).not.toHaveProperty('retryAfterMs');
    expect(countByEndpoint(calls)[RETRAIN]).toBe(1);
    expect((await harness.control.calls()).byEndpoint[RETRAIN]).toBe(1);
  });
});

describe('transport faults', () => {
  it('a dropped connection → NETWORK_ERROR, retryable', async () => {
    const { client, calls } = harness.client();
    await harness.control.addFault({ match: { path: STATUS_PATH }, kind: 'drop' });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, endpoint: STATUS });
    expect(calls.at(-1)).toMatchObject({ endpoint: STATUS, failure: 'NETWORK_ERROR' });
    expect(countByEndpoint(calls)[STATUS]).toBe(1);
    // The next call works again (the broken connection is not reused).
    expect((await client.getTrainingStatus('vision', modelId)).modelId).toBe(modelId);
  });

  it('a connection dropped after the retrain was accepted → NETWORK_ERROR; the client does not submit again', async () => {
    const { client } = harness.client();
    await harness.control.addFault({ match: { path: '^/v2/vision/retrain$' }, kind: 'drop', when: 'after' });
    expect(await rejectionOf(client.retrain('vision', { modelId }))).toBeInstanceOf(NetworkError);
    expect((await harness.control.submissions()).byModel[modelId]).toBe(1);
  });

  it('a slow answer beyond headersMs → TIMEOUT, retryable', async () => {
    const { client } = harness.client({ timeouts: { headersMs: 200 } });
    await client.getTrainingStatus('vision', modelId); // token first, so only the status call is slow
    await harness.control.addFault({ match: { path: STATUS_PATH }, kind: 'latency', latencyMs: 1500 });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, endpoint: STATUS });
  });

  it('an unreachable server → NETWORK_ERROR', async () => {
    const closed = await startHarness();
    const url = closed.emulator.url;
    await closed.stop();
    const { client } = harness.client({ baseUrl: url });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', endpoint: 'POST /v2/oauth2/token' });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('malformed bodies', () => {
  it('a truncated JSON body → MALFORMED_RESPONSE (retryable)', async () => {
    const { client } = harness.client();
    await harness.control.addFault({ match: { path: STATUS_PATH }, kind: 'malformed' });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: true, httpStatus: 200, endpoint: STATUS });
  });
});
