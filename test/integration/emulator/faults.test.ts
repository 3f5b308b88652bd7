import { request } from 'undici';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { STATIC_TOKEN, api, startTestEmulator, waitFor, type TestEmulator } from './helpers';

const { models, datasets } = FIXTURE;
const statusPath = `/v2/vision/train/${models.visionImage.modelId}`;
let emu: TestEmulator;
let startTimeScale: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  startTimeScale = emu.handle.settings.timeScale;
});
afterAll(async () => emu.handle.close());
// Each test starts at the helper's time scale: reset keeps the last one asked for, and one test below speeds it up.
beforeEach(async () => emu.control.reset({ timeScale: startTimeScale }));

const get = (path: string) => api(emu.url, 'GET', path);
const retrainImage = () => api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: models.visionImage.modelId } });

describe('fault injection', () => {
  it('status: answers the status with Retry-After, the given number of times, then normally', async () => {
    await emu.control.addFault({ kind: 'status', status: 503, retryAfter: '7', times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await get(statusPath);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('7');
    }
    expect((await get(statusPath)).status).toBe(200);
  });

  it('status 429 with an HTTP-date Retry-After strikes only the matching method and path', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    await emu.control.addFault({ kind: 'status', status: 429, retryAfter: date, match: { method: 'get', path: '^/v2/vision/train/' } });
    expect((await get(`/v2/vision/datasets/${datasets.visionImage.id}`)).status).toBe(200);
    expect((await retrainImage()).status).toBe(200);
    const hit = await get(statusPath);
    expect(hit.status).toBe(429);
    expect(hit.headers['retry-after']).toBe(date);
  });

  it('status before the handler: the server did not act (no training queued)', async () => {
    await emu.control.addFault({ kind: 'status', status: 500, match: { path: '/retrain$' } });
    expect((await retrainImage()).status).toBe(500);
    expect((await emu.control.submissions()).log).toEqual([]);
    expect((await get(statusPath)).json.status).toBe('SUCCEEDED');
  });

  it('drop: destroys the connection without a response', async () => {
    await emu.control.addFault({ kind: 'drop' });
    await expect(request(`${emu.url}${statusPath}`, { headers: { authorization: `Bearer ${STATIC_TOKEN}` } })).rejects.toThrow();
    expect((await get(statusPath)).status).toBe(200);
  });

  it('drop after the handler: the training was queued but the client never hears of it', async () => {
    await emu.control.addFault({ kind: 'drop', when: 'after', match: { path: '/retrain$' } });
    await expect(retrainImage()).rejects.toThrow();
    expect((await emu.control.submissions()).byModel).toEqual({ [models.visionImage.modelId]: 1 });
    expect(['QUEUED', 'RUNNING']).toContain((await get(statusPath)).json.status);
  });

  it('latency: delays the answer, which then arrives normally', async () => {
    await emu.control.addFault({ kind: 'latency', latencyMs: 300 });
    const started = Date.now();
    const response = await get(statusPath);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(response.json.modelId).toBe(models.visionImage.modelId);
  });

  it('malformed: 200 with a truncated body that does not parse, after the server acted', async () => {
    await emu.control.addFault({ kind: 'malformed', match: { path: '/retrain$' } });
    const response = await retrainImage();
    expect(response.status).toBe(200);
    expect(response.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(response.text)).toThrow();
    expect((await emu.control.submissions()).log).toHaveLength(1);
  });

  it('malformed before the handler, on a GET', async () => {
    await emu.control.addFault({ kind: 'malformed', when: 'before' });
    const response = await get(statusPath);
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
  });

  it('status after the handler: the server acted and still answered 502', async () => {
    await emu.control.addFault({ kind: 'status', status: 502, when: 'after', match: { path: '/retrain$' } });
    expect((await retrainImage()).status).toBe(502);
    expect((await emu.control.submissions()).log).toHaveLength(1);
  });

  it('refuses invalid rules with 400', async () => {
    await expect(emu.control.addFault({ kind: 'latency' })).rejects.toThrow(/400/);
    await expect(emu.control.addFault({ kind: 'status', match: { path: '([' } })).rejects.toThrow(/400/);
    await expect(emu.control.addFault({ kind: 'explode' } as never)).rejects.toThrow(/400/);
  });

  it('clearFaults removes pending rules', async () => {
    await emu.control.addFault({ kind: 'status', status: 500, times: 5 });
    await emu.control.clearFaults();
    expect((await get(statusPath)).status).toBe(200);
  });
});

describe('fault bursts and rates (extensions)', () => {
  const datasetPath = `/v2/vision/datasets/${datasets.visionImage.id}`;

  it('forMs: a burst of 401s with Einstein’s body on the data endpoints, then normal answers', async () => {
    const addedAt = Date.now();
    await emu.control.addFault({ kind: 'status', status: 401, forMs: 1500, match: { path: '^/v2/vision/datasets' } });
    for (let i = 0; i < 5; i++) {
      const refused = await get(datasetPath);
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({ message: 'Invalid access token' });
    }
    expect((await get(statusPath)).status).toBe(200);
    const state = (await emu.control.state()) as { faults: { until?: string; times?: number }[] };
    expect(state.faults).toHaveLength(1);
    expect(Date.parse(state.faults[0]!.until!)).toBeGreaterThanOrEqual(addedAt + 1500);
    expect(state.faults[0]!.times).toBeUndefined();
    // the window closes on the wall clock
    await waitFor(() => get(datasetPath), (r) => r.status === 200, 5000);
  });

  it('a 403 fault answers a plausible Forbidden body', async () => {
    await emu.control.addFault({ kind: 'status', status: 403, match: { path: '^/v2/vision/datasets' } });
    const refused = await get(datasetPath);
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ message: 'Forbidden' });
  });

  it('probability: the same seed strikes the same requests; a spared request falls through to the next rule', async () => {
    const statuses = async () => {
      await emu.control.reset({ seed: 9 });
      await emu.control.addFault({ kind: 'status', status: 503, probability: 0.3, forMs: 60_000, match: { path: '/train/' } });
      await emu.control.addFault({ kind: 'status', status: 429, retryAfter: '2', probability: 0.5, forMs: 60_000, match: { path: '/train/' } });
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await get(statusPath)).status);
      return seen;
    };
    const first = await statuses();
    expect(new Set(first)).toEqual(new Set([503, 429, 200]));
    expect(await statuses()).toEqual(first);
  });

  it('refuses rules that do not validate, naming the field and what it allows', async () => {
    await expect(emu.control.addFault({ kind: 'status', probability: 1.5 })).rejects.toThrow(/400.*probability: .*1/);
    await expect(emu.control.addFault({ kind: 'status', forMs: 0 })).rejects.toThrow(/400.*forMs: /);
    await expect(emu.control.addFault({ kind: 'status', forMS: 10 } as never)).rejects.toThrow(/400.*forMS.*allowed: .*forMs, probability/);
    await expect(emu.control.addFault({ kind: 'boom' } as never)).rejects.toThrow(/400.*kind: .*status.*drop.*latency.*malformed/);
  });
});

describe('training plans over HTTP', () => {
  it('KILLED: the training reaches KILLED with the planned failureMsg', async () => {
    await emu.control.planNextTraining(models.visionImage.modelId, { outcome: 'KILLED', failureMsg: 'Training killed by an operator', durationSeconds: 60 });
    await retrainImage();
    const end = await waitFor(() => get(statusPath), (r) => r.json.status !== 'QUEUED' && r.json.status !== 'RUNNING');
    expect(end.json).toMatchObject({ status: 'KILLED', failureMsg: 'Training killed by an operator' });
    const { trainings } = await emu.control.trainings();
    expect(trainings[0]).toMatchObject({ status: 'KILLED', outcome: 'KILLED', terminal: true, failureMsg: 'Training killed by an operator' });
    expect(trainings[0]!.firstTerminalReadAt).not.toBeNull();
  });

  it('refuses plans that do not validate, naming the field', async () => {
    const plan = (body: unknown) => emu.control.planNextTraining(models.visionImage.modelId, body as never);
    await expect(plan({ outcome: 'CRASHED' })).rejects.toThrow(/400.*outcome: .*KILLED.*FAILED_WITH_RETRIES/);
    await expect(plan({ outcome: 'SUCCEEDED', failAfterEpochs: 1 })).rejects.toThrow(/400.*failAfterEpochs: needs outcome FAILED, KILLED or FAILED_WITH_RETRIES/);
    await expect(plan({ durationSecs: 5 })).rejects.toThrow(/400.*durationSecs/);
  });
});

describe('call counting and the control API', () => {
  it('counts every /v2 call per endpoint key and per model, including faulted and token calls, not control calls', async () => {
    await emu.control.addFault({ kind: 'status', status: 500 });
    await get(statusPath);
    await get(statusPath);
    await retrainImage();
    await get(`/v2/vision/datasets/${datasets.visionImage.id}/models`);
    await api(emu.url, 'POST', '/v2/oauth2/token', { token: null, urlencoded: { grant_type: 'password' } });
    const trained = await api(emu.url, 'POST', '/v2/language/train', { form: { datasetId: String(datasets.languageSentiment.id), name: 'n' } });
    await emu.control.state();
    const calls = await emu.control.calls();
    expect(calls.total).toBe(6);
    expect(calls.byEndpoint).toEqual({
      'GET /v2/vision/train/:modelId': 2,
      'POST /v2/vision/retrain': 1,
      'GET /v2/vision/datasets/:datasetId/models': 1,
      'POST /v2/oauth2/token': 1,
      'POST /v2/language/train': 1,
    });
    expect(calls.byModel[models.visionImage.modelId]).toEqual({ 'GET /v2/vision/train/:modelId': 2, 'POST /v2/vision/retrain': 1 });
    expect(calls.byModel[String(trained.json.modelId)]).toEqual({ 'POST /v2/language/train': 1 });
  });

  it('logs accepted train/retrain submissions only, with their parameters', async () => {
    await api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: models.visionImage.modelId, epochs: '9', trainParams: '{"withFeedback":true}' } });
    await api(emu.url, 'POST', '/v2/vision/retrain', { form: { modelId: models.visionImageSibling.modelId } });
    const { byModel, log } = await emu.control.submissions();
    expect(byModel).toEqual({ [models.visionImage.modelId]: 1 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ modelId: models.visionImage.modelId, datasetId: datasets.visionImage.id, domain: 'vision', kind: 'retrain', params: { epochs: 9, trainParams: { withFeedback: true } } });
    expect(Number.isNaN(Date.parse(log[0]!.at))).toBe(false);
  });

  it('reset returns to the fixture and clears counts, faults and submissions; the same seed replays the same ids', async () => {
    const trainOnce = async () =>
      String((await api(emu.url, 'POST', '/v2/vision/train', { form: { datasetId: String(datasets.visionDetection.id), name: 'det' } })).json.modelId);
    await emu.control.reset({ seed: 5 });
    const first = await trainOnce();
    await emu.control.addFault({ kind: 'status', status: 500, match: { path: '^/v2/vision/datasets' } });
    await emu.control.reset({ seed: 5 });
    expect((await emu.control.calls()).total).toBe(0);
    expect((await emu.control.submissions()).log).toEqual([]);
    expect((await get(`/v2/vision/train/${first}`)).status).toBe(404);
    expect((await get(`/v2/vision/datasets/${datasets.visionImage.id}`)).status).toBe(200);
    expect(await trainOnce()).toBe(first);
    await emu.control.reset({ seed: 6 });
    expect(await trainOnce()).not.toBe(first);
  });

  it('reset with a timeScale changes how fast trainings run', async () => {
    await emu.control.reset({ timeScale: 100_000 });
    await emu.control.planNextTraining('*', { durationSeconds: 60_000, queueSeconds: 0 });
    await retrainImage();
    const done = await waitFor(() => get(statusPath), (r) => r.json.status === 'SUCCEEDED', 5000);
    expect(done.json.progress).toBe(1);
  });

  it('state shows datasets, models and the queue', async () => {
    // A training far longer than the test, so a slow machine still reads it before it ends.
    await emu.control.planNextTraining(models.visionImage.modelId, { durationSeconds: 10_000_000 });
    await retrainImage();
    const state = (await emu.control.state()) as { models: { modelId: string; status: string }[]; datasets: unknown[]; queue: unknown };
    expect(state.datasets).toHaveLength(Object.keys(datasets).length);
    expect(['QUEUED', 'RUNNING']).toContain(state.models.find((m) => m.modelId === models.visionImage.modelId)?.status);
    expect(state.queue).toBeDefined();
  });

  it('addExamples grows a dataset (extension)', async () => {
    await emu.control.addExamples(datasets.visionImage.id, 'beach', 80);
    expect((await get(`/v2/vision/datasets/${datasets.visionImage.id}`)).json.totalExamples).toBe(1080);
    await expect(emu.control.addExamples(datasets.visionImage.id, 'desert', 1)).rejects.toThrow(/400/);
  });
});
