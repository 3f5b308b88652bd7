// The history pages in a real browser (headless Chromium driven by playwright-core) over a seeded store: what a
// person would check, in light and dark themes, with a screenshot of each page kept under test-artifacts/history/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTriggerApi, type TriggerApi, type TriggerClient } from '../../../src/api';
import { reportStoreHolder, type ReportStoreHolder } from '../../../src/history';
import { buildFailureReport, buildSuccessReport, type RetrainReport } from '../../../src/report';
import { describeWhen } from '../../helpers/system-tool';

jest.setTimeout(120_000);

const CHROMIUM = { command: 'chromium', install: 'apt-get install chromium' };
/** Debian's chromium, found on PATH as describeWhen found it. */
const chromiumPath = () =>
  (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'chromium')).find((file) => existsSync(file)) ?? 'chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/history');
const TOKEN = 'pages-bearer-token-0123456789abcdef';
const UI = 'http://127.0.0.1:8233';
const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';
const EMPTY_MODEL = 'YDRGPMN36RSITJM5LNJHESPMBA';

/** Run `day`: test accuracy before → after, with per-label F1 that moves with it. */
function success(day: number, before: number, after: number): RetrainReport {
  const at = (h: number) => `2024-05-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
  return buildSuccessReport({
    workflowId: `retrain-vision-${MODEL}-${day}`,
    runId: `run-${day}`,
    domain: 'vision',
    modelId: MODEL,
    datasetId: 57,
    modelType: 'image',
    triggerSource: day % 2 ? 'schedule' : 'feedback',
    // Einstein ended the training `day` seconds before our poll saw it.
    timing: { requestedAt: at(3), submittedAt: at(3), endedAt: Date.parse(at(4)) - day * 1000, finishedAt: at(4) },
    apiCalls: 20 + day,
    before: { testAccuracy: before, f1ByLabel: { beach: before - 0.02, mountain: before + 0.01, forest: before } },
    after: {
      testAccuracy: after,
      f1ByLabel: { beach: after - 0.03, mountain: after + 0.01, forest: after },
      confusionMatrix: { labels: LABELS, rows: [[10 + day, 1, 0], [2, 20, 1], [0, 3, 30]] },
    },
  });
}

const LABELS = ['beach', 'mountain', 'forest'];

const REPORTS: RetrainReport[] = [
  success(1, 0.81, 0.84),
  success(2, 0.84, 0.86),
  buildFailureReport({
    workflowId: `retrain-vision-${MODEL}-3`,
    runId: 'run-3',
    domain: 'vision',
    modelId: MODEL,
    outcome: 'FAILED',
    failureMsg: 'System error, training failed to complete',
    timing: { requestedAt: '2024-05-03T03:00:00.000Z', finishedAt: '2024-05-03T03:40:00.000Z' },
    apiCalls: 18,
    before: { testAccuracy: 0.86, f1ByLabel: {} },
  }),
  success(4, 0.86, 0.8), // regressed
  success(5, 0.8, 0.85),
];
const REGRESSED_RUN = REPORTS[3]!;

const neverCalled: TriggerClient = {
  notifyCheckedFeedback: () => Promise.reject(new Error('not used')),
  requestCheckedRetrain: () => Promise.reject(new Error('not used')),
  getRetrain: () => Promise.reject(new Error('not used')),
  retry: () => Promise.reject(new Error('not used')),
  cancel: () => Promise.reject(new Error('not used')),
};

describeWhen(CHROMIUM, 'history pages in headless Chromium', () => {
  let history: ReportStoreHolder;
  let api: TriggerApi;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    history = reportStoreHolder({ kind: 'embedded' });
    const store = await history.get();
    for (const report of REPORTS) await store.save(report);
    api = await startTriggerApi({
      config: { port: 0, bearerTokens: [TOKEN] },
      client: neverCalled,
      temporalProbe: async () => {},
      history,
      temporalUi: { url: UI, namespace: 'default' },
    });
    // As root (CI) Chromium needs --no-sandbox; the pages are ours and local.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await history?.close();
  });

  async function open(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    const page = await context.newPage();
    await page.goto(`${api.url}${url}`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    return page;
  }

  it('index: each model with its last outcome, last verdict and a trend of its successful runs', async () => {
    const page = await open('/models');
    const row = page.locator(`tr[data-model="${MODEL}"]`);
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('SUCCEEDED');
    await expect(row.locator('td.verdict').textContent()).resolves.toBe('improved');
    await expect(row.locator('svg.trend').getAttribute('data-points')).resolves.toBe('4');
    await expect(row.locator('a').getAttribute('href')).resolves.toBe(`models/vision/${MODEL}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'index.png'), fullPage: true });
    await page.context().close();
  });

  it('model page: one chart point per run, the regression marked, runs linked to their workflow in the Temporal UI', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(`/models/vision/${MODEL}`, scheme);
      const chart = await page.evaluate(() => {
        // Runs in the page: `globalThis` is its window, where history.js keeps the chart.
        const plot = (globalThis as unknown as { __historyChart: { data: Array<Array<number | null>> } }).__historyChart;
        return { xs: plot.data[0]!.length, regressed: plot.data[3]!.filter((v) => v !== null) };
      });
      expect(chart.xs).toBe(REPORTS.length);
      expect(chart.regressed).toEqual([0.8]);
      await expect(page.locator('#chart canvas').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('tr.run[data-verdict="regressed"]').count()).resolves.toBe(1);
      await expect(page.locator('#no-rollback').textContent()).resolves.toContain('Einstein cannot roll a model back');
      const link = page.locator(`tr.run[data-workflow="${REGRESSED_RUN.workflowId}"] a.temporal-link`);
      await expect(link.getAttribute('href')).resolves.toBe(`${UI}/namespaces/default/workflows/${REGRESSED_RUN.workflowId}/${REGRESSED_RUN.runId}/history`);
      // Per-label F1 of the latest run against the successful run before it.
      await expect(page.locator('#labels tbody tr').count()).resolves.toBe(3);
      // The runs table: trigger, outcome, duration, detection lag, API calls (the failed run saw no end: no lag).
      const headers = await page.locator('#runs thead th').allTextContents();
      for (const column of ['trigger', 'outcome', 'duration', 'detection lag', 'API calls', 'workflow']) expect(headers).toContain(column);
      const lagColumn = headers.indexOf('detection lag');
      const lags = await page.locator(`#runs tbody tr td:nth-child(${lagColumn + 1})`).allTextContents();
      expect(lags).toEqual(['1.0 s', '2.0 s', '—', '4.0 s', '5.0 s']);
      // The confusion matrix of the chosen run, read from its whole report (the latest run, then run 1).
      await page.waitForSelector('#run-details[data-confusion="ready"]');
      await expect(page.locator('#confusion tbody tr').count()).resolves.toBe(3);
      await expect(page.locator('#confusion tbody tr').first().locator('td').first().textContent()).resolves.toBe('15');
      await page.screenshot({ path: path.join(ARTIFACTS, `model-${scheme}.png`), fullPage: true });
      await page.selectOption('#label-run', '0');
      await page.waitForSelector('#run-details[data-run="0"][data-confusion="ready"]');
      await expect(page.locator('#confusion tbody tr').first().locator('td').first().textContent()).resolves.toBe('11');
      await page.context().close();
    }
  });

  it('a model without kept reports says so', async () => {
    const page = await open(`/models/language/${EMPTY_MODEL}`);
    await expect(page.locator('#empty').textContent()).resolves.toBe('No retrain of this model has been kept yet.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'empty-model.png') });
    await page.context().close();
  });

  it('without credentials the page shows no data and asks for the API token, then shows the model', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/models/vision/${MODEL}`);
    await page.waitForSelector('form.token');
    await expect(page.locator('tr.run').count()).resolves.toBe(0);
    await page.fill('form.token input', TOKEN);
    await page.click('form.token button');
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('tr.run').count()).resolves.toBe(REPORTS.length);
    await context.close();
  });
});
