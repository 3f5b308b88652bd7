// The index's next scheduled run, read from Temporal Schedules on a real dev server: a model with a schedule shows
// its next firing (the one Temporal plans), a paused one says so, a model without one says none, and a Temporal
// that does not answer leaves it unknown without holding the index back. Checked in JSON and, when Chromium is
// installed, on the index page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { startHistoryServer, type HistoryServer } from '../../../src/api/history-server';
import { RetrainSchedules, retrainScheduleId } from '../../../src/client';
import { reportStoreHolder, type ReportStoreHolder } from '../../../src/history';
import { buildSuccessReport, type RetrainReport } from '../../../src/report';
import { hasCommand } from '../../helpers/system-tool';
import { startTestStack, type TestStack } from '../retrain/stack';

jest.setTimeout(120_000);

const TOKEN = 'schedules-bearer-token-0123456789ab';
const SCHEDULED = 'SCHEDULEDMODEL2345ABCDEFGH';
const PAUSED = 'PAUSEDMODEL234567ABCDEFGHI';
const UNSCHEDULED = 'UNSCHEDULEDMODEL2345ABCDEF';

function reportOf(modelId: string): RetrainReport {
  return buildSuccessReport({
    workflowId: `retrain-vision-${modelId}-1`,
    runId: `run-${modelId}`,
    domain: 'vision',
    modelId,
    datasetId: 57,
    modelType: 'image',
    timing: { requestedAt: '2024-05-01T03:00:00.000Z', submittedAt: '2024-05-01T03:00:01.000Z', finishedAt: '2024-05-01T04:00:00.000Z' },
    apiCalls: 12,
    before: { testAccuracy: 0.8, f1ByLabel: { a: 0.8 } },
    after: { testAccuracy: 0.82, f1ByLabel: { a: 0.82 } },
  });
}

interface IndexEntry {
  modelId: string;
  schedule?: { scheduleId: string; paused: boolean; nextRunAt?: string } | null;
}

async function index(server: HistoryServer): Promise<IndexEntry[]> {
  const answer = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { models: IndexEntry[] }).models;
}

describe('next scheduled run on the model index', () => {
  let t: TestStack;
  let schedules: RetrainSchedules;
  let history: ReportStoreHolder;
  let server: HistoryServer;

  beforeAll(async () => {
    t = await startTestStack({ worker: false });
    schedules = new RetrainSchedules({ client: t.client, taskQueue: t.taskQueue });
    history = reportStoreHolder({ kind: 'embedded' });
    const store = await history.get();
    for (const modelId of [SCHEDULED, PAUSED, UNSCHEDULED]) await store.save(reportOf(modelId));
    await schedules.create({ domain: 'vision', modelId: SCHEDULED, cron: '0 3 * * *' });
    await schedules.create({ domain: 'vision', modelId: PAUSED, every: '6h', paused: true });
    server = await startHistoryServer({
      history,
      host: '127.0.0.1',
      port: 0,
      bearerTokens: [TOKEN],
      nextRunOf: (domain, modelId, options) => schedules.nextRunOf(domain, modelId, options),
    });
  });
  afterAll(async () => {
    await server?.close();
    for (const modelId of [SCHEDULED, PAUSED]) await schedules?.delete(retrainScheduleId('vision', modelId)).catch(() => undefined);
    await history?.close();
    await t?.stop();
  });

  it("gives each model its schedule's next firing as Temporal plans it, paused when paused, null when it has none", async () => {
    const planned = (await schedules.describe(retrainScheduleId('vision', SCHEDULED))).nextActionTimes[0];
    expect(planned).toMatch(/T03:00:00\.000Z$/);
    const models = await index(server);
    const of = (modelId: string) => models.find((m) => m.modelId === modelId);
    expect(of(SCHEDULED)?.schedule).toEqual({ scheduleId: retrainScheduleId('vision', SCHEDULED), paused: false, nextRunAt: planned });
    expect(of(PAUSED)?.schedule).toMatchObject({ scheduleId: retrainScheduleId('vision', PAUSED), paused: true });
    expect(of(UNSCHEDULED)?.schedule).toBeNull();
  });

  it('shows the next run on the index page, and says none for a model without a schedule', async () => {
    const chromiumPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'chromium')).find((file) => existsSync(file));
    if (!hasCommand('chromium') || chromiumPath === undefined) {
      console.warn('Not checked: the index page in Chromium — chromium is not installed (apt-get install chromium).');
      return;
    }
    const planned = (await schedules.describe(retrainScheduleId('vision', SCHEDULED))).nextActionTimes[0];
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
      const page = await context.newPage();
      await page.goto(`${server.url}/models`);
      await page.waitForSelector('body[data-ready="true"]');
      const cell = (modelId: string) => page.locator(`tr[data-model="${modelId}"] td.next-run`);
      await expect(cell(SCHEDULED).getAttribute('data-next-run')).resolves.toBe(planned);
      await expect(cell(SCHEDULED).textContent()).resolves.toBe(await page.evaluate((iso) => new Date(iso).toLocaleString(), planned!));
      await expect(cell(PAUSED).textContent()).resolves.toBe('paused');
      await expect(cell(UNSCHEDULED).textContent()).resolves.toBe('none');
    } finally {
      await browser.close();
    }
  });

  it('answers from the history when Temporal does not, with the next run left unknown rather than none', async () => {
    // A connection to a port nothing listens on, as `einstein-retrain ui` makes it (lazy, no call retries): every
    // schedule lookup fails.
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [] });
    const unreachable = new RetrainSchedules({ client: new Client({ connection }), taskQueue: t.taskQueue });
    const alone = await startHistoryServer({
      history,
      host: '127.0.0.1',
      port: 0,
      bearerTokens: [TOKEN],
      nextRunOf: (domain, modelId, options) => unreachable.nextRunOf(domain, modelId, options),
    });
    try {
      const models = await index(alone);
      expect(models.map((m) => m.modelId).sort()).toEqual([PAUSED, SCHEDULED, UNSCHEDULED].sort());
      for (const model of models) expect(model).not.toHaveProperty('schedule');
    } finally {
      await alone.close();
      await connection.close().catch(() => undefined);
    }
  });
});
