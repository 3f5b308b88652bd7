// Retrain schedules on a real dev server: managed through the CLI, every firing goes through the model's
// coordinator, and a firing while a retrain runs never starts a second training.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { retrainScheduleId } from '../../../src/client';
import { cli } from '../coordinator/cli-harness';
import { coordinatorWhen, idle, retrainClientOf, submissionsOf } from '../coordinator/helpers';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';

describe('retrain schedules', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function triggerWorkflows(modelId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const info of t.client.workflow.list({ query: `WorkflowType = 'scheduledRetrainTrigger' AND EinsteinModelId = '${modelId}'` })) ids.push(info.workflowId);
    return ids;
  }

  /** Every training of the model was submitted only after the previous run had closed. */
  async function expectNoOverlap(modelId: string): Promise<void> {
    const client = retrainClientOf(t);
    const runs = (await client.list({ modelId })).sort((a, b) => a.startTime.localeCompare(b.startTime));
    const submissions = (await t.control.submissions()).log.filter((s) => s.modelId === modelId);
    expect(submissions).toHaveLength(runs.length);
    for (let i = 1; i < runs.length; i++) {
      expect(Date.parse(submissions[i]!.at)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.closeTime!) - 1_000);
    }
  }

  it('create, describe, list, pause, unpause and delete through the CLI, with clear refusals', async () => {
    const model = FIXTURE.models.visionDetection;
    const id = retrainScheduleId('vision', model.modelId);
    const created = await cli(t, 'schedule', 'create', model.modelId, '--domain', 'vision', '--cron', '0 3 * * *', '--epochs', '5', '--note', 'nightly', '--json');
    expect(created.exitCode).toBe(0);
    expect(created.records[0]).toMatchObject({ type: 'schedule', scheduleId: id, cron: '0 3 * * *', overlap: 'SKIP', paused: false, params: { epochs: 5 } });
    const next = Date.parse((created.records[0]!.nextActionTimes as string[])[0]!);
    expect(new Date(next).getUTCHours()).toBe(3);

    const again = await cli(t, 'schedule', 'create', model.modelId, '--domain', 'vision', '--every', '24h', '--json');
    expect(again.exitCode).toBe(2);
    expect(again.records.at(-1)).toMatchObject({ code: 'SCHEDULE_EXISTS' });
    expect((await cli(t, 'schedule', 'create', model.modelId, '--domain', 'vision')).stderr).toMatch(/exactly one of --cron or --every/);
    expect((await cli(t, 'schedule', 'create', model.modelId, '--domain', 'vision', '--every', '24h', '--epochs', '0')).stderr).toMatch(/--epochs/);

    const paused = await cli(t, 'schedule', 'pause', id, '--note', 'dataset cleanup', '--json');
    expect(paused.records[0]).toMatchObject({ paused: true, note: 'dataset cleanup' });
    const listed = await cli(t, 'schedule', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+cron 0 3 \\* \\* \\*\\s+paused`));
    expect((await cli(t, 'schedule', 'unpause', id, '--json')).records[0]).toMatchObject({ paused: false });
    const described = await cli(t, 'schedule', 'describe', id);
    expect(described.stdout).toMatch(/spec\s+cron "0 3 \* \* \*" · overlap SKIP/);

    expect((await cli(t, 'schedule', 'delete', id)).exitCode).toBe(0);
    const gone = await cli(t, 'schedule', 'describe', id, '--json');
    expect(gone.exitCode).toBe(2);
    expect(gone.records.at(-1)).toMatchObject({ code: 'SCHEDULE_NOT_FOUND' });
  });

  it('a firing while an event-triggered retrain runs starts no second training, only one follow-up', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.languageIntent;
    const id = retrainScheduleId('language', model.modelId);
    await client.configureModel('language', model.modelId, { debounce: { quietPeriodMs: 300 }, feedbackPolicy: { minPollDelayMs: 500 } });
    expect((await cli(t, 'schedule', 'create', model.modelId, '--domain', 'language', '--every', '24h', '--epochs', '3')).exitCode).toBe(0);
    await t.control.planNextTraining(model.modelId, { durationSeconds: 600 }); // ~10 s

    await client.notifyFeedback({ domain: 'language', modelId: model.modelId, eventId: 'sched-evt-1', newExamples: 4 });
    const busy = await coordinatorWhen(client, 'language', model.modelId, (v) => v.running?.runId !== undefined);
    expect(busy.running!.source).toBe('feedback');
    await eventually(async () => ((await submissionsOf(t, model.modelId)) === 1 ? true : undefined));

    expect((await cli(t, 'schedule', 'trigger', id)).exitCode).toBe(0);
    expect((await cli(t, 'schedule', 'trigger', id)).exitCode).toBe(0);
    const queued = await coordinatorWhen(client, 'language', model.modelId, (v) => v.pending?.source === 'schedule' && v.totals.triggers === 3);
    expect(queued.running!.workflowId).toBe(busy.running!.workflowId);
    expect(queued.pending!.committed).toBe(true);
    // Both firings ran their forwarder (two runs, which share a workflow id when they share a second); neither
    // started a training.
    await eventually(async () => ((await triggerWorkflows(model.modelId)).length === 2 ? true : undefined));
    expect(await submissionsOf(t, model.modelId)).toBe(1);

    const done = await coordinatorWhen(client, 'language', model.modelId, (v) => idle(v) && v.totals.closed === 2, 60_000);
    expect(done.totals.launched).toBe(2);
    const followUp = await client.getRetrain(done.lastRun!.workflowId);
    expect(followUp).toMatchObject({ status: 'COMPLETED', triggerSource: 'schedule' });
    expect(followUp.input?.epochs).toBe(3);
    await expectNoOverlap(model.modelId);

    // A backfill of several firings is coalesced too: trainings never overlap.
    const backfill = await cli(t, 'schedule', 'backfill', id, '--from', '4d', '--to', '1h');
    expect(backfill.exitCode).toBe(0);
    await eventually(async () => ((await triggerWorkflows(model.modelId)).length >= 3 ? true : undefined));
    const after = await coordinatorWhen(client, 'language', model.modelId, (v) => idle(v) && v.totals.closed >= 3, 60_000);
    expect(after.totals.launched).toBeLessThanOrEqual(4);
    await expectNoOverlap(model.modelId);
    expect((await cli(t, 'schedule', 'delete', id)).exitCode).toBe(0);
  });
});
