// The read-only history routes over a seeded in-process store (PGlite in memory): what a page reads, validated
// parameters that name the field, the same authentication as every /v1 route, and a 503 while the database is away.
import { reportStoreHolder, type ReportStoreHolder } from '../../../src/history';
import { buildSuccessReport, type RetrainReport } from '../../../src/report';
import { sampleFailureReport } from '../sinks/sample-reports';
import { BEARER_TOKEN, buildTestApp, type TestApp } from './harness';

jest.setTimeout(60_000);

const MODEL = '7JXCXTRXTMNLJCEF2DR5CJ46QU';
const auth = { authorization: `Bearer ${BEARER_TOKEN}` };

function run(day: number, before: number, after: number): RetrainReport {
  return buildSuccessReport({
    workflowId: `retrain-vision-${MODEL}-${day}`,
    runId: `run-${day}`,
    domain: 'vision',
    modelId: MODEL,
    datasetId: 57,
    modelType: 'image',
    triggerSource: 'schedule',
    timing: { requestedAt: `2024-05-0${day}T10:00:00.000Z`, submittedAt: `2024-05-0${day}T10:00:01.000Z`, finishedAt: `2024-05-0${day}T10:05:00.000Z` },
    apiCalls: 10 + day,
    before: { testAccuracy: before, f1ByLabel: { beach: before, mountain: before } },
    after: { testAccuracy: after, f1ByLabel: { beach: after, mountain: after - 0.01 } },
  });
}

describe('model history routes', () => {
  let history: ReportStoreHolder;
  let api: TestApp;
  beforeAll(async () => {
    history = reportStoreHolder({ kind: 'embedded' });
    const store = await history.get();
    for (const report of [run(1, 0.8, 0.85), run(2, 0.85, 0.8), run(3, 0.8, 0.81)]) await store.save(report);
    const failed = sampleFailureReport(); // another model, failed
    await store.save(failed);
    api = await buildTestApp({ history });
  });
  afterAll(async () => {
    await api?.close();
    await history?.close();
  });

  it("lists models with their last outcome, last verdict and trend", async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/models', headers: auth });
    expect(response.statusCode).toBe(200);
    const { models } = response.json();
    const ours = models.find((m: { modelId: string }) => m.modelId === MODEL);
    expect(ours).toMatchObject({ domain: 'vision', runs: 3, lastOutcome: 'SUCCEEDED', lastVerdict: 'unchanged', metric: 'testAccuracy', trend: [0.85, 0.8, 0.81] });
    expect(ours.lastWorkflowId).toBe(`retrain-vision-${MODEL}-3`);
    const failed = models.find((m: { modelId: string }) => m.modelId !== MODEL);
    expect(failed).toMatchObject({ lastOutcome: 'FAILED', trend: [] });
    expect(failed.lastVerdict).toBeUndefined();
  });

  it("gives a model's runs oldest first with the headline before and after, the verdict and per-label F1", async () => {
    const response = await api.app.inject({ method: 'GET', url: `/v1/models/vision/${MODEL}`, headers: auth });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.metric).toBe('testAccuracy');
    expect(body.runs.map((r: { before: number; after: number; verdict: { verdict: string } }) => [r.before, r.after, r.verdict.verdict])).toEqual([
      [0.8, 0.85, 'improved'],
      [0.85, 0.8, 'regressed'],
      [0.8, 0.81, 'unchanged'],
    ]);
    expect(body.runs[1]).toMatchObject({ triggerSource: 'schedule', apiCalls: 12, durationMs: 300_000, f1ByLabel: { beach: 0.8, mountain: 0.79 } });
    const limited = await api.app.inject({ method: 'GET', url: `/v1/models/vision/${MODEL}?limit=1`, headers: auth });
    expect(limited.json().runs.map((r: { runId: string }) => r.runId)).toEqual(['run-3']);
  });

  it('answers a model without kept reports with no runs', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/models/language/YDRGPMN36RSITJM5LNJHESPMBA', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ runs: [], metric: 'testAccuracy' });
  });

  it('names the bad field, and refuses requests without credentials', async () => {
    const bad = await api.app.inject({ method: 'GET', url: '/v1/models/image/short?limit=0', headers: auth });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['path.domain', 'path.modelId']));
    const anonymous = await api.app.inject({ method: 'GET', url: '/v1/models' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 503 naming the database but not its password while it cannot be reached', async () => {
    const down = reportStoreHolder({ kind: 'postgres', url: 'postgres://reader:pw-hidden-42@127.0.0.1:1/history' });
    const app = await buildTestApp({ history: down });
    try {
      const response = await app.app.inject({ method: 'GET', url: '/v1/models', headers: auth });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('HISTORY_UNAVAILABLE');
      expect(response.json().error.message).toContain('PostgreSQL at 127.0.0.1:1/history');
      expect(response.body).not.toContain('pw-hidden-42');
    } finally {
      await app.close();
    }
  });
});
