/**
 * Responses held or dropped around the server's action, seen by a client that gives up (undici with an AbortSignal):
 * what the chaos suite needs to produce "the POST landed after the client gave up" and "the training was queued but
 * the answer was lost". The emulator's records (submissions, trainings) say what really happened.
 */
import { FormData, request } from 'undici';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { STATIC_TOKEN, api, rsaKeyPair, signAssertion, startTestEmulator, waitFor, type TestEmulator } from './helpers';

const model = FIXTURE.models.visionImage;
const statusPath = `/v2/vision/train/${model.modelId}`;
/** Longer than the client's patience (CLIENT_TIMEOUT_MS), as for a client whose attempt times out. */
const HOLD_MS = 1500;
const CLIENT_TIMEOUT_MS = 200;
/** Timers and the ms-truncated timestamps of the records may each be off by a millisecond. */
const SLACK_MS = 10;

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => emu.handle.close());
beforeEach(async () => {
  await emu.control.reset();
  // At the test emulator's time scale a default training would end within a hold: keep it running instead.
  await emu.control.planNextTraining(model.modelId, { durationSeconds: 3_600_000 });
});

/** POST retrain from a client that gives up after `timeoutMs`; resolves with how the attempt ended. */
async function impatientRetrain(timeoutMs = CLIENT_TIMEOUT_MS, token = STATIC_TOKEN): Promise<{ error: Error }> {
  const form = new FormData();
  form.append('modelId', model.modelId);
  try {
    const response = await request(`${emu.url}/v2/vision/retrain`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.text();
  } catch (error) {
    return { error: error as Error };
  }
  throw new Error('the client was expected to give up or lose the connection, but got an answer');
}

async function impatientGet(path: string, timeoutMs = CLIENT_TIMEOUT_MS): Promise<{ error: Error }> {
  try {
    const response = await request(`${emu.url}${path}`, { headers: { authorization: `Bearer ${STATIC_TOKEN}` }, signal: AbortSignal.timeout(timeoutMs) });
    await response.body.text();
  } catch (error) {
    return { error: error as Error };
  }
  throw new Error('the client was expected to give up, but got an answer');
}

const acceptedTrainings = async () => (await emu.control.trainings()).acceptedByModel[model.modelId] ?? 0;

/**
 * Returns once every request held before this call has been handled: a request held as long, started later, ends
 * later (timers of equal length fire in the order they were set).
 */
async function afterEarlierHolds(): Promise<void> {
  await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'before', match: { path: '^/v2/vision/datasets$' } });
  expect((await api(emu.url, 'GET', '/v2/vision/datasets')).status).toBe(200);
}

describe('held and dropped responses with a client that gives up', () => {
  it("latency before: the request is held, then acted on although the client gave up (the late POST lands)", async () => {
    await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'before', match: { method: 'POST', path: '/retrain$' } });
    const sentAt = Date.now();
    const { error } = await impatientRetrain();
    expect(error.name).toBe('TimeoutError');
    await waitFor(acceptedTrainings, (n) => n > 0, HOLD_MS + 5000);
    await afterEarlierHolds();
    const { trainings, acceptedByModel } = await emu.control.trainings();
    expect(acceptedByModel).toEqual({ [model.modelId]: 1 });
    expect(Date.parse(trainings[0]!.submittedAt)).toBeGreaterThanOrEqual(sentAt + HOLD_MS - SLACK_MS);
    expect(['QUEUED', 'RUNNING']).toContain((await api(emu.url, 'GET', statusPath)).json.status);
  });

  it('latency before: a retry sent while the first POST is held wins; the late POST then finds the dataset busy', async () => {
    await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'before', match: { method: 'POST', path: '/retrain$' }, times: 1 });
    await impatientRetrain();
    const retry = await api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } });
    expect(retry.json).toMatchObject({ status: 'QUEUED', modelId: model.modelId });
    await afterEarlierHolds();
    expect(await acceptedTrainings()).toBe(1);
    expect((await emu.control.calls()).byEndpoint['POST /v2/vision/retrain']).toBe(2);
  });

  it('latency before: the token is judged on arrival, so one that expires during the hold does not refuse the late POST', async () => {
    const keys = rsaKeyPair();
    await emu.control.addAccount(FIXTURE.account.sub, keys.publicKeyPem);
    const granted = await api(emu.url, 'POST', '/v2/oauth2/token', {
      token: null,
      urlencoded: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await signAssertion(keys.privateKeyPem) },
    });
    const token = String(granted.json.access_token);
    await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'before', match: { method: 'POST', path: '/retrain$' } });
    const attempt = impatientRetrain(CLIENT_TIMEOUT_MS, token);
    await waitFor(() => emu.control.calls(), (c) => c.byEndpoint['POST /v2/vision/retrain'] === 1);
    await emu.control.expireTokens();
    expect((await api(emu.url, 'GET', statusPath, { token })).status).toBe(401);
    expect((await attempt).error.name).toBe('TimeoutError');
    await afterEarlierHolds();
    expect(await acceptedTrainings()).toBe(1);
  });

  it('latency after: the training is queued at once, then the answer is held past the client’s patience', async () => {
    await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'after', match: { method: 'POST', path: '/retrain$' } });
    const sentAt = Date.now();
    const { error } = await impatientRetrain();
    expect(error.name).toBe('TimeoutError');
    const { trainings } = await waitFor(() => emu.control.trainings(), (t) => t.trainings.length > 0);
    expect(Date.parse(trainings[0]!.submittedAt)).toBeLessThan(sentAt + HOLD_MS);
    await afterEarlierHolds();
    expect(await acceptedTrainings()).toBe(1);
  });

  it('drop after: the training is queued, then the connection is destroyed without an answer', async () => {
    await emu.control.addFault({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/retrain$' } });
    const { error } = await impatientRetrain(5000);
    // the server closed the connection: the client did not have to give up
    expect(error.name).not.toBe('TimeoutError');
    expect(await acceptedTrainings()).toBe(1);
    expect((await emu.control.submissions()).log).toHaveLength(1);
  });

  it('drop before: nothing is queued', async () => {
    await emu.control.addFault({ kind: 'drop', when: 'before', match: { method: 'POST', path: '/retrain$' } });
    const { error } = await impatientRetrain(5000);
    expect(error.name).not.toBe('TimeoutError');
    expect(await acceptedTrainings()).toBe(0);
  });

  it('closing the emulator cuts a hold short instead of waiting for it', async () => {
    const other = await startTestEmulator();
    await other.control.addFault({ kind: 'latency', latencyMs: 600_000, when: 'before' });
    const held = request(`${other.url}${statusPath}`, { headers: { authorization: `Bearer ${STATIC_TOKEN}` } });
    await waitFor(() => other.control.calls(), (c) => c.total === 1);
    const closing = Date.now();
    await other.handle.close();
    await expect(held).rejects.toThrow();
    expect(Date.now() - closing).toBeLessThan(10_000);
  });
});

describe('records of terminal reads', () => {
  /** A retrain that ends within a few real milliseconds, watched only through the control API. */
  async function endedTraining(): Promise<void> {
    await emu.control.planNextTraining(model.modelId, { durationSeconds: 1, queueSeconds: 0 });
    expect((await api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } })).status).toBe(200);
    await waitFor(() => emu.control.trainings(), (t) => t.trainings[0]?.terminal === true);
  }

  const firstTerminalReadAt = async () => (await emu.control.trainings()).trainings[0]?.firstTerminalReadAt;

  it('records the first status read delivered after the end; reads before the end and later reads do not count', async () => {
    await emu.control.planNextTraining(model.modelId, { durationSeconds: 2000, queueSeconds: 0 });
    await api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: model.modelId } });
    expect((await api(emu.url, 'GET', statusPath)).json.status).not.toBe('SUCCEEDED');
    expect(await firstTerminalReadAt()).toBeNull();
    const ended = await waitFor(() => emu.control.trainings(), (t) => t.trainings[0]?.terminal === true, 10_000);
    expect(ended.trainings[0]).toMatchObject({ status: 'SUCCEEDED', outcome: 'SUCCEEDED', endedAt: ended.trainings[0]!.endsAt, firstTerminalReadAt: null });
    const readAt = Date.now();
    expect((await api(emu.url, 'GET', statusPath)).json.status).toBe('SUCCEEDED');
    const first = await firstTerminalReadAt();
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(readAt - SLACK_MS);
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(Date.parse(ended.trainings[0]!.endsAt));
    await api(emu.url, 'GET', statusPath);
    expect(await firstTerminalReadAt()).toBe(first);
  });

  it('a read whose answer was corrupted (malformed, dropped, error status) is not a read', async () => {
    await endedTraining();
    await emu.control.addFault({ kind: 'malformed', when: 'after', match: { path: '/train/' } });
    await emu.control.addFault({ kind: 'status', status: 502, when: 'after', match: { path: '/train/' } });
    await emu.control.addFault({ kind: 'drop', when: 'after', match: { path: '/train/' } });
    expect((await api(emu.url, 'GET', statusPath)).status).toBe(200);
    expect((await api(emu.url, 'GET', statusPath)).status).toBe(502);
    await expect(api(emu.url, 'GET', statusPath)).rejects.toThrow();
    expect(await firstTerminalReadAt()).toBeNull();
    expect((await api(emu.url, 'GET', statusPath)).status).toBe(200);
    expect(await firstTerminalReadAt()).not.toBeNull();
  });

  it('a read held until the client gave up is not a read', async () => {
    await endedTraining();
    await emu.control.addFault({ kind: 'latency', latencyMs: HOLD_MS, when: 'after', match: { path: '/train/' } });
    expect((await impatientGet(statusPath)).error.name).toBe('TimeoutError');
    await afterEarlierHolds();
    expect(await firstTerminalReadAt()).toBeNull();
  });

  it('a 401 answers a status read with Einstein’s body, and is not a read either', async () => {
    await endedTraining();
    await emu.control.addFault({ kind: 'status', status: 401, match: { path: '/train/' } });
    const refused = await api(emu.url, 'GET', statusPath);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ message: 'Invalid access token' });
    expect(await firstTerminalReadAt()).toBeNull();
  });
});
