// The worker as a process: application metrics on its metrics endpoint next to the Temporal SDK's runtime metrics, and a
// graceful shutdown on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { freePort } from '../../../src/temporal/free-port';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { SDK_METRICS_AFTER_A_RETRAIN } from '../../helpers/sdk-metric-names';
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

  it('serves the application metrics, process metrics and the SDK metrics under the names Temporal dashboards query', async () => {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId });
    // The report is delivered inline before the run completes, so its delivery is counted by now.
    expect(((await handle.result()) as RetrainResult).report.outcome).toBe('SUCCEEDED');
    const { statusCode, body } = await request(`http://127.0.0.1:${metricsPort}/metrics`);
    const text = await body.text();
    expect(statusCode).toBe(200);
    const series = (name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
    // One retrain: counted once, by domain, outcome and trigger source, with its durations.
    expect(series('einstein_retrain_retrains_total')).toEqual(['einstein_retrain_retrains_total{domain="language",outcome="SUCCEEDED",trigger_source="client"} 1']);
    expect(series('einstein_retrain_training_duration_seconds_count')).toEqual(['einstein_retrain_training_duration_seconds_count{domain="language",outcome="SUCCEEDED"} 1']);
    expect(series('einstein_retrain_detection_lag_seconds_count')).toEqual(['einstein_retrain_detection_lag_seconds_count{domain="language"} 1']);
    expect(series('einstein_retrain_test_accuracy_change_count')).toEqual(['einstein_retrain_test_accuracy_change_count{domain="language"} 1']);
    expect(text).toMatch(/^einstein_retrain_einstein_calls_total\{endpoint="POST \/v2\/language\/retrain",status_class="2xx"\} 1$/m);
    expect(text).toMatch(/^einstein_retrain_token_mints_total\{result="minted"\} [1-9]/m);
    expect(text).toMatch(/^einstein_retrain_report_deliveries_total\{sink="jsonl",result="delivered"\} 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // Names queried by Temporal's SDK dashboards: `_total` counters, `_seconds` histograms.
    for (const name of SDK_METRICS_AFTER_A_RETRAIN) expect({ name, served: new RegExp(`^${name}\\{`, 'm').test(text) }).toEqual({ name, served: true });
    expect(text).not.toMatch(/^einstein_retrain_last_/m); // no per-process last-value gauges
  });

  it('stops gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
