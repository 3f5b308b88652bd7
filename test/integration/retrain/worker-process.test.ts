// The worker as a process: report gauges on its metrics endpoint next to the Temporal SDK's runtime metrics, and a
// graceful shutdown on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { FIXTURE } from '../../../src/emulator/fixture';
import { freePort } from '../../../src/temporal/free-port';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { startTestStack, startWorkerProcess, type TestStack } from './stack';

describe('worker process', () => {
  let t: TestStack;
  let child: ChildProcess;
  let metricsPort: number;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 120, worker: false });
    metricsPort = await freePort();
    child = await startWorkerProcess(t, { EINSTEIN_RETRAIN_METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await t?.stop();
  });

  it('serves report gauges and the SDK runtime metrics on one endpoint', async () => {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId });
    expect(((await handle.result()) as RetrainResult).report.outcome).toBe('SUCCEEDED');
    await t.client.workflow.getHandle(`${handle.workflowId}/report`).result();
    const { statusCode, body } = await request(`http://127.0.0.1:${metricsPort}/metrics`);
    const text = await body.text();
    expect(statusCode).toBe(200);
    expect(text).toMatch(new RegExp(`einstein_retrain_last_outcome\\{[^}]*model_id="${model.modelId}"[^}]*outcome="SUCCEEDED"[^}]*\\} 1`));
    expect(text).toMatch(/einstein_retrain_last_test_accuracy\{/);
    expect(text).toMatch(/^temporal_\w+/m); // the SDK's own metrics
  });

  it('stops gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
