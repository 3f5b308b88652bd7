// "Resume, don't resubmit": a worker process killed after the POST and before the activity completes, then
// restarted, finishes the workflow with exactly one submission counted by the emulator. And a worker killed during a
// status read late in a run is noticed within seconds: the read is retried soon, not after a backoff grown from the
// number of polls so far.
import type { ChildProcess } from 'node:child_process';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { retrainStateQuery } from '../../../src/workflows/retrain-state';
import { POLL_ATTEMPT_TIMEOUT_MS } from '../../../src/workflows/activity-options';
import { eventually, startTestStack, startWorkerProcess, type TestStack } from './stack';

describe('crash safety', () => {
  let t: TestStack;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60, worker: false });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t?.stop();
  });

  it('a worker killed between the POST and the activity result is restarted and adopts the training', async () => {
    const model = FIXTURE.models.visionImage;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    // Einstein queues the training, then the response hangs: the moment a crash hurts most.
    await t.control.addFault({ match: { method: 'POST', path: '/retrain$' }, kind: 'latency', latencyMs: 60_000, when: 'after', times: 1 });
    children.push(await startWorkerProcess(t, { EINSTEIN_RETRAIN_LOG_REPORTS: 'false' }));
    const handle = await t.startRetrain({
      domain: 'vision',
      modelId: model.modelId,
      policy: { submitAttemptTimeoutMs: 5_000 },
    });
    await eventually(async () => ((await t.control.submissions()).byModel[model.modelId] === 1 ? true : undefined));
    children[0]!.kill('SIGKILL');
    await new Promise((resolve) => children[0]!.once('exit', resolve));

    children.push(await startWorkerProcess(t, { EINSTEIN_RETRAIN_LOG_REPORTS: 'false' }));
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await t.control.submissions()).byModel[model.modelId]).toBe(1);
    const state = await handle.query(retrainStateQuery);
    expect(state.adopted).toBe(true);
    expect(state.submissions).toBe(0);
  });

  it('a worker killed during a status read late in a run is replaced and the read retried within seconds', async () => {
    const model = FIXTURE.models.languageIntent;
    const statusReads = async () => (await t.control.calls()).byModel[model.modelId]?.['GET /v2/language/train/:modelId'] ?? 0;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 3_600 });
    const worker = await startWorkerProcess(t, { EINSTEIN_RETRAIN_LOG_REPORTS: 'false' });
    children.push(worker);
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: { minPollDelayMs: 500 } });
    // Late enough in the run that a backoff grown from the attempt number would be minutes long.
    await eventually(async () => ((await statusReads()) >= 8 ? true : undefined), 60_000);
    await t.control.addFault({ match: { method: 'GET', path: `/train/${model.modelId}$` }, kind: 'latency', latencyMs: 120_000, when: 'before', times: 1 });
    const held = await eventually(async () => {
      const state = (await t.control.state()) as { faults: unknown[] };
      return state.faults.length === 0 ? { atMs: Date.now(), reads: await statusReads() } : undefined;
    }, 60_000);
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    children.push(await startWorkerProcess(t, { EINSTEIN_RETRAIN_LOG_REPORTS: 'false' }));

    const gapMs = await eventually(async () => ((await statusReads()) > held.reads ? Date.now() - held.atMs : undefined), 150_000, 250);
    // The lost attempt times out after POLL_ATTEMPT_TIMEOUT_MS and is retried a few seconds later; before, it was
    // noticed after a minute and retried after a backoff of 2^(attempt - 1) s (up to 10 min).
    expect(gapMs).toBeGreaterThanOrEqual(POLL_ATTEMPT_TIMEOUT_MS);
    expect(gapMs).toBeLessThan(POLL_ATTEMPT_TIMEOUT_MS + 30_000);
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await t.control.submissions()).byModel[model.modelId]).toBe(1);
  });
});
