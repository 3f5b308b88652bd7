// "Resume, don't resubmit": a worker process killed after the POST and before the activity completes, then
// restarted, finishes the workflow with exactly one submission counted by the emulator.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { FIXTURE } from '../../../src/emulator/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { retrainStateQuery } from '../../../src/workflows/retrain-state';
import { eventually, startTestStack, type TestStack } from './stack';

const ROOT = path.resolve(__dirname, '../../..');

function startWorkerProcess(t: TestStack): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker-process.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      TEMPORAL_ADDRESS: t.stack.temporal!.address,
      EINSTEIN_BASE_URL: t.stack.emulator!.url,
      EINSTEIN_ACCOUNT_ID: t.stack.account!.accountId,
      EINSTEIN_PRIVATE_KEY: t.stack.account!.privateKeyPem,
      EINSTEIN_RETRAIN_TASK_QUEUE: t.taskQueue,
      EINSTEIN_RETRAIN_METRICS_PORT: '0',
      EINSTEIN_RETRAIN_LOG_REPORTS: 'false',
      EINSTEIN_RETRAIN_JSONL_FILE: t.jsonlFile,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker-ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker process exited early with ${code}`)));
  });
}

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
    children.push(await startWorkerProcess(t));
    const handle = await t.startRetrain({
      domain: 'vision',
      modelId: model.modelId,
      policy: { submitAttemptTimeoutMs: 5_000 },
    });
    await eventually(async () => ((await t.control.submissions()).byModel[model.modelId] === 1 ? true : undefined));
    children[0]!.kill('SIGKILL');
    await new Promise((resolve) => children[0]!.once('exit', resolve));

    children.push(await startWorkerProcess(t));
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await t.control.submissions()).byModel[model.modelId]).toBe(1);
    const state = await handle.query(retrainStateQuery);
    expect(state.adopted).toBe(true);
    expect(state.submissions).toBe(0);
  });
});
