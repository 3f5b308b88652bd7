// Killing the worker process (SIGKILL) during coordination loses no trigger: triggers acknowledged before the kill,
// triggers sent while no worker runs (recorded by signal), and the run in progress all come out right.
import type { ChildProcess } from 'node:child_process';
import { RetrainClient } from '../../../src/client';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { eventually, startTestStack, startWorkerProcess, type TestStack } from '../retrain/stack';
import { coordinatorWhen, idle, inBatches, submissionsOf } from './helpers';

function kill(worker: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    worker.kill('SIGKILL');
  });
}

describe('coordinator across worker crashes', () => {
  let t: TestStack;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60, worker: false });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) await kill(worker);
    await t?.stop();
  });

  it('loses no trigger when the worker is killed before a debounced run and during a run', async () => {
    const model = FIXTURE.models.visionImageSibling;
    // Without a worker the coordinator cannot answer: after 1.5 s the trigger is recorded by signal instead.
    const client = new RetrainClient({ client: t.client, taskQueue: t.taskQueue, ackTimeoutMs: 1_500 });
    const feedback = (eventId: string) => client.notifyFeedback({ domain: 'vision', modelId: model.modelId, eventId, newExamples: 1 });
    worker = await startWorkerProcess(t);
    await client.configureModel('vision', model.modelId, { debounce: { quietPeriodMs: 4_000, maxDelayMs: 60_000 }, feedbackPolicy: { minPollDelayMs: 500 } });
    await t.control.planNextTraining(model.modelId, { durationSeconds: 900 }); // ~15 s

    // 1. Events acknowledged, then the worker dies inside the quiet period; more events arrive while it is down.
    const before = Array.from({ length: 40 }, (_, i) => `pre-${i}`);
    expect((await inBatches(before, 10, feedback)).every((a) => a.disposition === 'debounced')).toBe(true);
    await kill(worker);
    const whileDown = Array.from({ length: 20 }, (_, i) => `down-${i}`);
    const downAcks = await inBatches([...whileDown, ...before.slice(0, 5)], 25, feedback);
    expect(downAcks.every((a) => a.disposition === 'queued' && a.retrainWorkflowId === undefined)).toBe(true);
    expect(await submissionsOf(t, model.modelId)).toBe(0);

    worker = await startWorkerProcess(t);
    const first = await coordinatorWhen(client, 'vision', model.modelId, (v) => v.running?.runId !== undefined, 60_000);
    expect(first.totals.triggers).toBe(60); // every distinct event, none twice
    const firstRun = await client.getRetrain(first.running!.workflowId);
    expect([...firstRun.input!.trigger!.eventIds!].sort()).toEqual([...before, ...whileDown].sort());
    await eventually(async () => ((await submissionsOf(t, model.modelId)) === 1 ? true : undefined));

    // 2. A request during the run, then the worker dies mid-run; an event arrives while it is down.
    const request = await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: 'crash-req-1', params: { epochs: 2 }, policy: { minPollDelayMs: 500 } });
    expect(request.disposition).toBe('queued');
    await kill(worker);
    expect((await feedback('down-late')).disposition).toBe('queued');
    await t.control.planNextTraining(model.modelId, { durationSeconds: 60 });
    worker = await startWorkerProcess(t);

    const done = await coordinatorWhen(client, 'vision', model.modelId, (v) => idle(v) && v.totals.closed === 2, 90_000);
    expect(done.totals.launched).toBe(2);
    expect(done.lastRun!.workflowId).toBe(request.retrainWorkflowId);
    expect((await client.getRetrain(first.running!.workflowId)).status).toBe('COMPLETED');
    const followUp = await client.getRetrain(request.retrainWorkflowId!);
    expect(followUp).toMatchObject({ status: 'COMPLETED', triggerSource: 'api' });
    expect(followUp.input).toMatchObject({ epochs: 2, trigger: { source: 'api', eventIds: ['down-late'] } });
    expect(await submissionsOf(t, model.modelId)).toBe(2);
  });
});
