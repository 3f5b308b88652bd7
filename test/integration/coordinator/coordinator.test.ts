// The per-model coordinator on a real dev server and the emulator: bursts coalesce, a run takes one follow-up,
// repeats are dropped, and continue-as-new during a run loses nothing.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { TriggerAck } from '../../../src/client';
import { coordinatorWorkflowId } from '../../../src/workflows/workflow-ids';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';
import { coordinatorWhen, idle, inBatches, retrainClientOf, submissionsOf } from './helpers';

const FAST_POLLS = { minPollDelayMs: 500 };

describe('retrain coordinator', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('200 events in a burst give one retrain, events during it one follow-up, and repeats are ignored', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.languageIntent;
    const feedback = (eventId: string) => client.notifyFeedback({ domain: 'language', modelId: model.modelId, eventId, newExamples: 2 });
    await client.configureModel('language', model.modelId, { debounce: { quietPeriodMs: 3_000, maxDelayMs: 30_000, minNewExamples: 1 }, feedbackPolicy: FAST_POLLS });
    await t.control.planNextTraining(model.modelId, { durationSeconds: 600 }); // ~10 s of real time

    const burst = Array.from({ length: 200 }, (_, i) => `burst-${i}`);
    const acks = await inBatches(burst, 20, feedback);
    expect(acks.every((ack) => ack.disposition === 'debounced')).toBe(true);
    const repeats = await inBatches(burst.slice(0, 50), 10, feedback);
    expect(repeats.every((ack) => ack.disposition === 'duplicate')).toBe(true);

    const first = await coordinatorWhen(client, 'language', model.modelId, (v) => v.running?.runId !== undefined);
    await eventually(async () => ((await submissionsOf(t, model.modelId)) === 1 ? true : undefined));
    const firstId = first.running!.workflowId;
    const firstRun = await client.getRetrain(firstId);
    expect(firstRun.input?.trigger?.source).toBe('feedback');
    expect(firstRun.input?.trigger?.eventIds).toHaveLength(100); // the latest 100 of the 200
    expect(firstRun.input?.trainParams).toEqual({ withFeedback: true });
    expect(firstRun.triggerSource).toBe('feedback');

    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const during = Array.from({ length: 30 }, (_, i) => `during-${i}`);
    const duringAcks: TriggerAck[] = await inBatches(during, 10, feedback);
    expect(new Set(duringAcks.map((a) => a.disposition))).toEqual(new Set(['queued']));
    const followUpId = duringAcks[0]!.retrainWorkflowId!;
    expect(duringAcks.every((a) => a.retrainWorkflowId === followUpId)).toBe(true);
    expect(followUpId).not.toBe(firstId);
    const lateRepeats = await inBatches([...burst.slice(100, 120), ...during.slice(0, 10)], 10, feedback);
    expect(lateRepeats.every((ack) => ack.disposition === 'duplicate')).toBe(true);
    // Still one training while the first runs.
    expect(await submissionsOf(t, model.modelId)).toBe(1);

    const done = await coordinatorWhen(client, 'language', model.modelId, (v) => idle(v) && v.totals.closed === 2, 90_000);
    expect(done.totals).toEqual({ triggers: 230, duplicates: 80, launched: 2, closed: 2 });
    expect(await submissionsOf(t, model.modelId)).toBe(2);
    const followUp = await client.getRetrain(followUpId);
    expect(followUp.status).toBe('COMPLETED');
    expect([...(followUp.input?.trigger?.eventIds ?? [])].sort()).toEqual([...during].sort());
    // The follow-up was submitted only after the first run had closed.
    const log = (await t.control.submissions()).log.filter((s) => s.modelId === model.modelId);
    expect(Date.parse(log[1]!.at)).toBeGreaterThanOrEqual(Date.parse((await client.getRetrain(firstId)).closeTime!) - 1_000);
  });

  it('continue-as-new while a run goes on keeps the run, the pending trigger and the remembered ids', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.visionMultiLabel;
    const coordinatorId = coordinatorWorkflowId('vision', model.modelId);
    // A coordinator with a tiny history budget, so it continues as new many times during this test.
    await t.client.workflow.start('retrainCoordinator', {
      workflowId: coordinatorId,
      taskQueue: t.taskQueue,
      args: [{ domain: 'vision', modelId: model.modelId, limits: { historyEvents: 40, watchPollMs: { min: 200, max: 1_000 } } }],
    });
    await t.control.planNextTraining(model.modelId, { durationSeconds: 480 });
    const first = await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: 'can-1', policy: FAST_POLLS });
    expect(first.disposition).toBe('started');
    await eventually(async () => ((await submissionsOf(t, model.modelId)) === 1 ? true : undefined));
    await t.control.planNextTraining(model.modelId, { durationSeconds: 60 });

    const queued = [];
    for (let i = 0; i < 15; i++) {
      queued.push(await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: `can-q-${i}`, params: { epochs: i + 1 }, policy: FAST_POLLS }));
    }
    expect(queued.every((a) => a.disposition === 'queued')).toBe(true);
    const runs = await t.client.workflow.list({ query: `WorkflowId = '${coordinatorId}'` });
    let coordinatorRuns = 0;
    for await (const _ of runs) coordinatorRuns++;
    expect(coordinatorRuns).toBeGreaterThan(1);
    expect((await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: 'can-q-3' })).disposition).toBe('duplicate');

    const done = await coordinatorWhen(client, 'vision', model.modelId, (v) => idle(v) && v.totals.closed === 2, 90_000);
    expect(done.lastRun?.workflowId).toBe(queued[14]!.retrainWorkflowId);
    expect(await submissionsOf(t, model.modelId)).toBe(2);
    const followUp = await client.getRetrain(queued[14]!.retrainWorkflowId!);
    expect(followUp.input?.epochs).toBe(15); // the latest parameters
    const log = (await t.control.submissions()).log.filter((s) => s.modelId === model.modelId);
    expect(log[1]!.params).toMatchObject({ epochs: 15 });
  });

  it('a coordinator that was terminated is replaced by one that waits for the run it left behind', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 480 });
    const first = await client.requestRetrain({ domain: 'language', modelId: model.modelId, source: 'api', policy: FAST_POLLS });
    expect(first.disposition).toBe('started');
    await eventually(async () => ((await client.list({ modelId: model.modelId, status: 'RUNNING' })).length === 1 ? true : undefined));
    await t.client.workflow.getHandle(coordinatorWorkflowId('language', model.modelId)).terminate('operator error');

    const second = await client.requestRetrain({ domain: 'language', modelId: model.modelId, source: 'cli', policy: FAST_POLLS });
    expect(second.disposition).toBe('queued');
    const view = await client.coordinatorState('language', model.modelId);
    expect(view.running?.workflowId).toBe(first.retrainWorkflowId);
    expect(view.decisions.map((d) => d.decision)).toContain('adopted');
    await t.control.planNextTraining(model.modelId, { durationSeconds: 30 });
    await coordinatorWhen(client, 'language', model.modelId, (v) => idle(v) && v.totals.closed === 2, 90_000);
    expect(await submissionsOf(t, model.modelId)).toBe(2);
    const log = (await t.control.submissions()).log.filter((s) => s.modelId === model.modelId);
    expect(Date.parse(log[1]!.at)).toBeGreaterThanOrEqual(Date.parse((await client.getRetrain(first.retrainWorkflowId!)).closeTime!) - 1_000);
  });

  it('an invalid trigger is refused with the field named, and nothing starts', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.visionDetection;
    await expect(client.requestRetrain({ domain: 'vision', modelId: model.modelId, params: { epochs: 0 } })).rejects.toMatchObject({ code: 'INVALID_TRIGGER', issues: [expect.stringContaining('epochs')] });
    await expect(client.notifyFeedback({ domain: 'vision', modelId: 'nope', eventId: '', newExamples: -1 })).rejects.toMatchObject({ code: 'INVALID_TRIGGER' });
    expect(await submissionsOf(t, model.modelId)).toBe(0);
  });
});
