// "Resume, don't resubmit": a worker process killed after the POST and before the activity completes, then
// restarted, finishes the workflow with exactly one submission counted by the emulator.
import type { ChildProcess } from 'node:child_process';
import { FIXTURE } from '../../../src/emulator/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { retrainStateQuery } from '../../../src/workflows/retrain-state';
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
});
