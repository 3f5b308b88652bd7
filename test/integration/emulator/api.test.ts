import { ManualClock } from '../../../src/emulator/simulator/clock';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { TINY_PNG, api, startTestEmulator, type ApiOptions, type ApiResponse, type TestEmulator } from './helpers';

const { models, datasets } = FIXTURE;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const clock = new ManualClock(Date.now());
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ clock, timeScale: 1 });
});
afterAll(async () => emu.handle.close());
beforeEach(async () => emu.control.reset());

const get = (path: string) => api(emu.url, 'GET', path);
const del = (path: string) => api(emu.url, 'DELETE', path);
const post = (path: string, form: ApiOptions['form']) => api(emu.url, 'POST', path, { form });
const retrain = (domain: string, form: Record<string, string>) => post(`/v2/${domain}/retrain`, form);

/** Moves simulated time until the model's training is terminal (the clock is manual: no waiting). */
async function finish(domain: string, modelId: string): Promise<ApiResponse> {
  for (let i = 0; i < 1000; i++) {
    const status = await get(`/v2/${domain}/train/${modelId}`);
    if (status.json.status === 'SUCCEEDED' || status.json.status === 'FAILED') return status;
    clock.advanceSeconds(120);
  }
  throw new Error(`training of ${modelId} did not end`);
}

function expectError(response: ApiResponse, status: number, message?: RegExp): void {
  expect(response.status).toBe(status);
  expect(Object.keys(response.json)).toEqual(['message']);
  if (message) expect(String(response.json.message)).toMatch(message);
}

describe('training endpoints', () => {
  it('POST train queues a new model, GET train follows it to SUCCEEDED with trainStats, metrics and a learning curve', async () => {
    const queued = await post('/v2/vision/train', { datasetId: String(datasets.visionMultiLabel.id), name: 'Rooms v2', epochs: '4', learningRate: '0.001' });
    expect(queued.status).toBe(200);
    expect(queued.json).toMatchObject({
      object: 'training', status: 'QUEUED', progress: 0, datasetId: datasets.visionMultiLabel.id, name: 'Rooms v2',
      epochs: 4, learningRate: 0.001, modelType: 'image-multi-label', trainParams: null, trainStats: null, language: 'N/A',
    });
    expect(queued.json.modelId).toMatch(/^[A-Z2-7]{26}$/);
    expect(queued.json.queuePosition as number).toBeGreaterThanOrEqual(1);
    expect(queued.json.createdAt).toMatch(TIMESTAMP);
    const modelId = String(queued.json.modelId);
    const done = await finish('vision', modelId);
    expect(done.json).toMatchObject({ status: 'SUCCEEDED', progress: 1, modelId, epochs: 4 });
    expect(done.json.queuePosition).toBeUndefined();
    const stats = done.json.trainStats as { examples: number; trainSplitSize: number; testSplitSize: number; lastEpochDone: number };
    expect(stats.examples).toBe(310 + 280 + 260 + 300);
    expect(stats.trainSplitSize + stats.testSplitSize).toBe(stats.examples);
    expect((await get(`/v2/vision/models/${modelId}`)).json).toMatchObject({ id: modelId, object: 'metrics' });
    const lc = await get(`/v2/vision/models/${modelId}/lc`);
    expect(lc.json.object).toBe('list');
    expect((lc.json.data as unknown[]).length).toBe(stats.lastEpochDone);
    const listed = (await get(`/v2/vision/datasets/${datasets.visionMultiLabel.id}/models`)).json.data as Record<string, unknown>[];
    expect(listed.find((m) => m.modelId === modelId)).toMatchObject({ object: 'model', status: 'SUCCEEDED', progress: 1 });
  });

  it('POST retrain keeps the modelId, echoes trainParams, tolerates numeric strings, and refuses a second training on the dataset', async () => {
    const first = await retrain('vision', { modelId: models.visionImage.modelId, trainParams: '{"trainSplitRatio":"0.7","withFeedback":"true"}' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ modelId: models.visionImage.modelId, status: 'QUEUED', trainParams: { trainSplitRatio: '0.7', withFeedback: 'true' } });
    expectError(await retrain('vision', { modelId: models.visionImageSibling.modelId }), 400);
    expectError(await post('/v2/vision/train', { datasetId: String(datasets.visionImage.id), name: 'x' }), 400);
    expectError(await del(`/v2/vision/datasets/${datasets.visionImage.id}`), 400);
    expectError(await del(`/v2/vision/models/${models.visionImage.modelId}`), 400);
    const done = await finish('vision', models.visionImage.modelId);
    expect((done.json.trainStats as Record<string, number>).testSplitSize).toBe(300);
    expect((await retrain('vision', { modelId: models.visionImageSibling.modelId })).status).toBe(200);
  });

  it.each([
    ['a deleted model', models.deletedModel.modelId, 404],
    ['an unknown model', FIXTURE.unknownModelId, 404],
    ['a model of a deleted dataset', models.modelOfDeletedDataset.modelId, 400],
    ['a model of a DELETE_PENDING dataset', models.modelOfDeletePendingDataset.modelId, 400],
  ])('refuses to retrain %s', async (_case, modelId, status) => {
    expectError(await retrain('vision', { modelId }), status);
  });

  it.each([
    [{ epochs: '0' }, /epochs/],
    [{ epochs: '1001' }, /epochs/],
    [{ epochs: 'ten' }, /epochs/],
    [{ learningRate: '0.1' }, /learningRate/],
    [{ learningRate: '0.00001' }, /learningRate/],
    [{ trainParams: '{"trainSplitRatio":1.5}' }, /trainSplitRatio/],
    [{ trainParams: 'withFeedback=true' }, /trainParams must be a JSON object/],
    [{ trainParams: '{"withFeedbacks":true}' }, /unknown key/],
    [{ trainParams: '{"withFeedback":"yes"}' }, /withFeedback/],
  ])('answers 400 to out-of-range parameters %j', async (params, message) => {
    expectError(await retrain('vision', { modelId: models.visionImage.modelId, ...params }), 400, message);
  });

  it('validates algorithm for detection and intent, and reports learningRate 0 for language', async () => {
    expectError(await retrain('vision', { modelId: models.visionDetection.modelId, algorithm: 'resnet' }), 400, /object-detection/);
    const intent = await retrain('language', { modelId: models.languageIntent.modelId, algorithm: 'multilingual-intent', learningRate: '0.001' });
    expect(intent.json).toMatchObject({ algorithm: 'multilingual-intent', learningRate: 0, language: 'en_US', modelType: 'text-intent' });
  });

  it('answers 400 when train lacks name or datasetId, or names a deleted dataset; refuses JSON bodies', async () => {
    expectError(await post('/v2/vision/train', { datasetId: String(datasets.visionImage.id) }), 400, /name/);
    expectError(await post('/v2/vision/train', { name: 'x' }), 400, /datasetId/);
    expectError(await post('/v2/vision/train', { datasetId: String(datasets.deleted.id), name: 'x' }), 400);
    expectError(await post('/v2/vision/train', { datasetId: String(datasets.deletePending.id), name: 'x' }), 400, /DELETE_PENDING/);
    const json = await api(emu.url, 'POST', '/v2/vision/train', { headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(400);
  });

  it('GET train: 404 for unknown, deleted or other-domain models; FAILED model shows failureMsg', async () => {
    expectError(await get(`/v2/vision/train/${FIXTURE.unknownModelId}`), 404);
    expectError(await get(`/v2/vision/train/${models.deletedModel.modelId}`), 404);
    expectError(await get(`/v2/language/train/${models.visionImage.modelId}`), 404);
    const failed = await get(`/v2/vision/train/${models.failedModel.modelId}`);
    expect(failed.json).toMatchObject({ status: 'FAILED', failureMsg: `System error, training failed to complete on model ${models.failedModel.modelId}` });
    const ofDeletedDataset = await get(`/v2/vision/train/${models.modelOfDeletedDataset.modelId}`);
    expect(ofDeletedDataset.json).toMatchObject({ status: 'SUCCEEDED', datasetId: datasets.deleted.id });
  });

  it('planNextTraining through the control API makes the next training fail with the given message', async () => {
    await emu.control.planNextTraining(models.languageSentiment.modelId, { outcome: 'FAILED', failureMsg: 'Injected failure', durationSeconds: 30 });
    await retrain('language', { modelId: models.languageSentiment.modelId });
    const done = await finish('language', models.languageSentiment.modelId);
    expect(done.json).toMatchObject({ status: 'FAILED', failureMsg: 'Injected failure' });
    expect(done.json.trainStats).not.toBeNull();
  });
});

describe('model endpoints', () => {
  it('GET models: metrics for every SUCCEEDED fixture model; 400 without a successful training; 404 for unknown', async () => {
    const succeeded = Object.entries(models).filter(([key]) => key !== 'deletedModel' && key !== 'failedModel').map(([, m]) => m);
    for (const m of succeeded) {
      const response = await get(`/v2/${m.domain}/models/${m.modelId}`);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ id: m.modelId, object: 'metrics' });
    }
    expectError(await get(`/v2/vision/models/${models.failedModel.modelId}`), 400);
    expectError(await get(`/v2/vision/models/${FIXTURE.unknownModelId}`), 404);
  });

  it('GET lc pages with offset/count, caps count at 25, refuses a bad count', async () => {
    const id = models.languageIntent.modelId;
    const all = await get(`/v2/language/models/${id}/lc?count=100`);
    expect((all.json.data as unknown[]).length).toBe(25);
    const page = await get(`/v2/language/models/${id}/lc?offset=2&count=3`);
    expect((page.json.data as { epoch: number }[]).map((p) => p.epoch)).toEqual([3, 4, 5]);
    expectError(await get(`/v2/language/models/${id}/lc?count=-1`), 400, /count/);
  });

  it('DELETE models gives a deletion object; the model is then 404 everywhere', async () => {
    const id = models.visionImageSibling.modelId;
    const deletion = await del(`/v2/vision/models/${id}`);
    expect(deletion.status).toBe(200);
    expect(deletion.json).toMatchObject({ object: 'deletion', type: 'MODEL', deletedObjectId: id, status: 'SUCCEEDED' });
    expect(deletion.json.id).toMatch(/^[A-Z2-7]{26}$/);
    expectError(await get(`/v2/vision/train/${id}`), 404);
    expectError(await get(`/v2/vision/models/${id}`), 404);
    expectError(await retrain('vision', { modelId: id }), 404);
    expectError(await del(`/v2/vision/models/${id}`), 404);
  });
});

describe('dataset endpoints', () => {
  it('GET datasets lists the domain\'s datasets (not the deleted one); GET datasets/{id} shows labels and counts', async () => {
    const list = await get('/v2/vision/datasets');
    const ids = (list.json.data as { id: number }[]).map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining([datasets.visionImage.id, datasets.visionDetection.id, datasets.deletePending.id]));
    expect(ids).not.toContain(datasets.deleted.id);
    expect(ids).not.toContain(datasets.languageIntent.id);
    expect((await get('/v2/vision/datasets?global=true')).json).toEqual({ object: 'list', data: [] });
    const one = await get(`/v2/vision/datasets/${datasets.visionImage.id}`);
    expect(one.json).toMatchObject({
      id: datasets.visionImage.id, object: 'dataset', type: 'image', totalExamples: 1000, totalLabels: 2, available: true, statusMsg: 'SUCCEEDED',
    });
    expect((one.json.labelSummary as { labels: unknown[] }).labels[0]).toMatchObject({ datasetId: datasets.visionImage.id, name: 'beach', numExamples: 520 });
  });

  it('shows DELETE_PENDING datasets, answers 404 for deleted, unknown and malformed ids', async () => {
    expect((await get(`/v2/vision/datasets/${datasets.deletePending.id}`)).json).toMatchObject({ statusMsg: 'DELETE_PENDING', available: false });
    expectError(await get(`/v2/vision/datasets/${datasets.deleted.id}`), 404);
    expectError(await get('/v2/vision/datasets/999999'), 404);
    expectError(await get('/v2/vision/datasets/abc'), 404);
    expectError(await get(`/v2/vision/datasets/${datasets.deleted.id}/models`), 404);
  });

  it('POST datasets creates a dataset from name, labels and type; validates them', async () => {
    const created = await post('/v2/language/datasets', { name: 'Weather', labels: 'rain, sun,snow', type: 'text-intent' });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'Weather', type: 'text-intent', totalLabels: 3, totalExamples: 0, language: 'en_US' });
    expect((await get(`/v2/language/datasets/${String(created.json.id)}`)).status).toBe(200);
    expectError(await post('/v2/language/datasets', { labels: 'a', type: 'text-intent' }), 400, /The 'name' parameter is required to create a dataset/);
    expectError(await post('/v2/vision/datasets', { name: 'x', type: 'image-detection' }), 400, /type must be one of image, image-multi-label/);
  });

  it('DELETE datasets gives a deletion object and then 404; models survive; DELETE_PENDING answers its pending deletion', async () => {
    const deletion = await del(`/v2/language/datasets/${datasets.languageSentiment.id}`);
    expect(deletion.status).toBe(200);
    expect(deletion.json).toMatchObject({ object: 'deletion', type: 'DATASET', deletedObjectId: String(datasets.languageSentiment.id) });
    expectError(await get(`/v2/language/datasets/${datasets.languageSentiment.id}`), 404);
    expect((await get(`/v2/language/train/${models.languageSentiment.modelId}`)).status).toBe(200);
    expectError(await retrain('language', { modelId: models.languageSentiment.modelId }), 400);
    const pending = await del(`/v2/vision/datasets/${datasets.deletePending.id}`);
    expect(pending.json).toMatchObject({ object: 'deletion', status: 'QUEUED' });
  });

  it('GET datasets/{id}/models lists the live models of the dataset', async () => {
    const response = await get(`/v2/vision/datasets/${datasets.visionImage.id}/models`);
    const ids = (response.json.data as { modelId: string }[]).map((m) => m.modelId);
    expect(ids.sort()).toEqual([models.visionImage.modelId, models.visionImageSibling.modelId].sort());
  });

  it('GET datasets/{id}/examples pages uploads and feedback by source', async () => {
    const base = `/v2/vision/datasets/${datasets.visionImage.id}/examples`;
    const page = await get(`${base}?source=upload&offset=518&count=4`);
    const names = (page.json.data as { name: string; label: { name: string } }[]).map((e) => e.label.name);
    expect(names).toEqual(['beach', 'beach', 'mountain', 'mountain']);
    expect((await get(`${base}?source=feedback`)).json.data).toEqual([]);
    expect(((await get(base)).json.data as unknown[]).length).toBe(100);
    expectError(await get(`${base}?source=everything`), 400, /source/);
  });
});

describe('feedback', () => {
  it('vision feedback adds an example to the model\'s dataset and bumps the label count', async () => {
    const response = await post('/v2/vision/feedback', { modelId: models.visionImage.modelId, expectedLabel: 'beach', data: { bytes: TINY_PNG, filename: 'alps.png' } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ object: 'example', name: 'alps.png', label: { name: 'beach', numExamples: 521, datasetId: datasets.visionImage.id } });
    expect(response.json.createdAt).toMatch(TIMESTAMP);
    const feedback = await get(`/v2/vision/datasets/${datasets.visionImage.id}/examples?source=feedback`);
    expect((feedback.json.data as { id: number }[]).map((e) => e.id)).toEqual([response.json.id]);
    expectError(await post('/v2/vision/feedback', { modelId: models.visionImage.modelId, expectedLabel: 'beach', data: { bytes: TINY_PNG, filename: 'alps.png' } }), 400, /already exists/);
  });

  it.each([
    ['an unknown label', { expectedLabel: 'desert', data: { bytes: TINY_PNG, filename: 'a.png' } }, 400],
    ['no image', { expectedLabel: 'beach' }, 400],
    ['a non-image file', { expectedLabel: 'beach', data: { bytes: TINY_PNG, filename: 'a.gif' } }, 400],
    ['an image over 1 MB', { expectedLabel: 'beach', data: { bytes: new Uint8Array(1024 * 1024 + 1), filename: 'big.jpg' } }, 400],
  ])('vision feedback refuses %s', async (_case, form, status) => {
    expectError(await post('/v2/vision/feedback', { modelId: models.visionImage.modelId, ...form }), status);
  });

  it('refuses feedback for detection models and unknown models', async () => {
    expectError(await post('/v2/vision/feedback', { modelId: models.visionDetection.modelId, expectedLabel: 'can', data: { bytes: TINY_PNG, filename: 'a.png' } }), 400);
    expectError(await post('/v2/vision/feedback', { modelId: FIXTURE.unknownModelId, expectedLabel: 'beach', data: { bytes: TINY_PNG, filename: 'a.png' } }), 404);
  });

  it('language feedback takes a document; a retrain uses feedback only withFeedback', async () => {
    const id = models.languageIntent.modelId;
    for (let i = 0; i < 3; i++) {
      const response = await post('/v2/language/feedback', { modelId: id, expectedLabel: 'billing', document: `where is my invoice number ${i}` });
      expect(response.json).toMatchObject({ object: 'example', location: `where is my invoice number ${i}`, label: { name: 'billing', numExamples: 31 + i } });
    }
    expectError(await post('/v2/language/feedback', { modelId: id, expectedLabel: 'billing' }), 400, /document/);
    await retrain('language', { modelId: id });
    expect(((await finish('language', id)).json.trainStats as { examples: number }).examples).toBe(150);
    await retrain('language', { modelId: id, trainParams: '{"withFeedback":true}' });
    expect(((await finish('language', id)).json.trainStats as { examples: number }).examples).toBe(153);
  });
});

describe('other endpoints', () => {
  it('GET /v2/apiusage lists the current month\'s plan usage', async () => {
    const usage = await get('/v2/apiusage');
    expect(usage.json.object).toBe('list');
    expect((usage.json.data as unknown[])[0]).toMatchObject({ object: 'apiusage', predictionsMax: 2000, predictionsUsed: 0, predictionsRemaining: 2000 });
  });

  it('answers unknown /v2 endpoints with 404 and a message', async () => {
    expectError(await get('/v2/vision/nothing-here'), 404, /No such endpoint/);
  });
});
