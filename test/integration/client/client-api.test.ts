// The client API and the ops CLI commands on a real dev server and the emulator: retry with identical parameters
// and a link to the original, refusals with typed errors (exit code 2), cancel, get, list.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { AlreadyClosedError, NotRetryableError, RetrainNotFoundError, type RetrainView } from '../../../src/client';
import { cli } from '../coordinator/cli-harness';
import { coordinatorWhen, retrainClientOf, submissionsOf } from '../coordinator/helpers';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';

const FAST_POLLS = { minPollDelayMs: 500 };

describe('client API and ops commands', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const closed = (workflowId: string) =>
    eventually(async () => {
      const view = await retrainClientOf(t).getRetrain(workflowId);
      return view.status === 'RUNNING' ? undefined : view;
    }, 60_000);

  it('retry re-runs a failed run with identical parameters, linked to the original', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.visionImage;
    const params = { epochs: 7, learningRate: 0.002, trainParams: { trainSplitRatio: 0.8, withFeedback: true } };
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg: 'Internal failure while training', durationSeconds: 30 });
    const ack = await client.requestRetrain({ domain: 'vision', modelId: model.modelId, params, policy: FAST_POLLS, source: 'api', requestId: 'retry-test-original' });
    expect(ack.disposition).toBe('started');
    const original = await closed(ack.retrainWorkflowId!);
    expect(original.status).toBe('FAILED');
    expect(original.failure).toMatchObject({ type: 'TrainingFailed', code: 'TRAINING_FAILED', message: 'Internal failure while training' });
    expect(original.report?.outcome).toBe('FAILED');

    const retried = await cli(t, 'retry', original.workflowId, '--json');
    expect(retried.exitCode).toBe(0);
    const retryAck = retried.records[0]!;
    expect(retryAck).toMatchObject({ type: 'retry', disposition: 'started', retryOf: original.workflowId });
    const retryRun: RetrainView = await closed(retryAck.retrainWorkflowId as string);
    expect(retryRun.status).toBe('COMPLETED');
    expect(retryRun.retryOf).toBe(original.workflowId);
    expect(retryRun.triggerSource).toBe('retry');
    const { trigger: originalTrigger, ...originalParams } = original.input!;
    const { trigger: retryTrigger, ...retryParams } = retryRun.input!;
    expect(retryParams).toEqual(originalParams);
    expect(originalTrigger).toEqual({ source: 'api' });
    expect(retryTrigger).toEqual({ source: 'retry', retryOf: original.workflowId });
    const log = (await t.control.submissions()).log.filter((s) => s.modelId === model.modelId);
    expect(log).toHaveLength(2);
    expect(log[1]!.params).toEqual(log[0]!.params);

    // Linked both ways in visibility: the retry is found by its trigger source.
    const found = await eventually(async () => {
      const rows = await client.list({ modelId: model.modelId, source: 'retry' });
      return rows.length === 1 ? rows : undefined;
    });
    expect(found[0]!.workflowId).toBe(retryRun.workflowId);

    // Retrying the same run again is one trigger (idempotent), not a third training.
    expect(await client.retry(original.workflowId)).toMatchObject({ disposition: 'duplicate', retrainWorkflowId: retryRun.workflowId });
    // A succeeded run is refused, by the API and by the CLI with exit code 2.
    await expect(client.retry(retryRun.workflowId)).rejects.toBeInstanceOf(NotRetryableError);
    const refused = await cli(t, 'retry', retryRun.workflowId);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/cannot be retried: it succeeded/);
    const refusedByModel = await cli(t, 'retry', '--model', model.modelId, '--domain', 'vision', '--json');
    expect(refusedByModel.exitCode).toBe(2);
    expect(refusedByModel.records.at(-1)).toMatchObject({ type: 'error', code: 'NOT_RETRYABLE' });
    expect(await submissionsOf(t, model.modelId)).toBe(2);
  });

  it('retry --model re-runs the latest run of a model when it was cancelled; a running one is refused', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.languageSentiment;
    // Einstein has no cancel: the cancelled run's training goes on and the re-run waits for it (~12 s).
    await t.control.planNextTraining(model.modelId, { durationSeconds: 720 });
    const ack = await client.requestRetrain({ domain: 'language', modelId: model.modelId, params: { epochs: 4 }, policy: FAST_POLLS });
    await eventually(async () => ((await submissionsOf(t, model.modelId)) === 1 ? true : undefined));
    await eventually(async () => ((await client.list({ modelId: model.modelId, status: 'RUNNING' })).length === 1 ? true : undefined));
    const running = await cli(t, 'retry', '--model', model.modelId, '--domain', 'language');
    expect(running.exitCode).toBe(2);
    expect(running.stderr).toMatch(/still running/);

    const cancelled = await cli(t, 'cancel', ack.retrainWorkflowId!);
    expect(cancelled.exitCode).toBe(0);
    const view = await closed(ack.retrainWorkflowId!);
    expect(view.status).toBe('CANCELLED');
    await expect(client.cancel(view.workflowId)).rejects.toBeInstanceOf(AlreadyClosedError);
    expect((await cli(t, 'cancel', view.workflowId)).exitCode).toBe(2);
    // The coordinator saw the close and is free again.
    await coordinatorWhen(client, 'language', model.modelId, (v) => v.running === undefined && v.lastRun?.status === 'CANCELLED');

    await eventually(async () => ((await client.list({ modelId: model.modelId, status: 'CANCELLED' })).length === 1 ? true : undefined));
    await t.control.planNextTraining(model.modelId, { durationSeconds: 30 });
    const retry = await client.retryLatestFailed('language', model.modelId);
    expect(retry.disposition).toBe('started');
    const rerun = await closed(retry.retrainWorkflowId!);
    expect(rerun).toMatchObject({ status: 'COMPLETED', retryOf: view.workflowId });
    expect(rerun.input?.epochs).toBe(4);
  });

  it('getRetrain, describe and list show a run; unknown ids are typed errors', async () => {
    const client = retrainClientOf(t);
    const model = FIXTURE.models.visionImage;
    const [latest] = await client.list({ modelId: model.modelId, source: 'retry' });
    const view = await client.getRetrain(latest!.workflowId);
    expect(view).toMatchObject({ status: 'COMPLETED', domain: 'vision', modelId: model.modelId, outcome: 'SUCCEEDED', datasetId: String(model.datasetId) });
    expect(view.state?.phase).toBe('succeeded');
    expect(view.report?.outcome).toBe('SUCCEEDED');

    const described = await cli(t, 'describe', latest!.workflowId);
    expect(described.exitCode).toBe(0);
    expect(described.stdout).toMatch(/Parameters[\s\S]*"epochs":7[\s\S]*retry of/);
    expect(described.stdout).toMatch(/Timeline[\s\S]*submitAndFollow completed[\s\S]*workflow completed/);
    expect(described.stdout).toMatch(/API calls\n\s+\d+ Einstein API calls/);
    expect(described.stdout).toMatch(/Report[\s\S]*SUCCEEDED/);

    const listed = await cli(t, 'list', '--model', model.modelId, '--since', '1h', '--json');
    expect(listed.exitCode).toBe(0);
    expect(listed.records.map((r) => r.workflowId)).toContain(latest!.workflowId);
    expect(listed.records.every((r) => r.modelId === model.modelId)).toBe(true);
    const failed = await cli(t, 'list', '--model', model.modelId, '--status', 'failed');
    expect(failed.stdout).toMatch(/WORKFLOW ID\s+STATUS\s+OUTCOME[\s\S]*FAILED\s+FAILED\s+api/);

    await expect(client.getRetrain('retrain-vision-nope')).rejects.toBeInstanceOf(RetrainNotFoundError);
    await expect(client.list({ modelId: 'lowercase' })).rejects.toMatchObject({ code: 'INVALID_FILTER' });
    expect((await cli(t, 'describe', 'retrain-vision-nope')).exitCode).toBe(2);
    expect((await cli(t, 'list', '--status', 'sleeping')).exitCode).toBe(2);
  });

  it('feedback sends an event as the webhook would; a repeat is reported as duplicate', async () => {
    const model = FIXTURE.models.visionDetection;
    await retrainClientOf(t).configureModel('vision', model.modelId, { debounce: { quietPeriodMs: 3_600_000 } });
    const first = await cli(t, 'feedback', model.modelId, '--domain', 'vision', '--event-id', 'evt-1', '--examples', '3', '--json');
    expect(first.records[0]).toMatchObject({ type: 'feedback', eventId: 'evt-1', disposition: 'debounced' });
    const again = await cli(t, 'feedback', model.modelId, '--domain', 'vision', '--event-id', 'evt-1', '--examples', '3');
    expect(again.stdout).toMatch(/evt-1: duplicate/);
    const shown = await cli(t, 'coordinator', model.modelId, '--domain', 'vision');
    expect(shown.stdout).toMatch(/pending .*feedback; 1 events, 3 new examples/);
    expect(shown.stdout).toMatch(/quiet 1h/);
    const bad = await cli(t, 'feedback', model.modelId, '--domain', 'vision', '--examples', '-2');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--examples: must be an integer from 0 to 1000000000/);
  });
});
