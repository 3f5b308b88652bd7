// One retrain request pays for exactly one Einstein training and never loses sight of it, under the faults a real
// account sees: a POST that lands after its attempt gave up, bursts of 401s and 403s while the training runs, and a
// run that must end while its training still runs (retry follows that training instead of paying for another).
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { retrainStateQuery, type RetrainState } from '../../../src/workflows/retrain-state';
import { retrainClientOf } from '../coordinator/helpers';
import { eventually, startTestStack, untilTraining, type TestStack } from './stack';

describe('exactly one training per request', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
  });
  afterAll(async () => {
    await t?.stop();
  });
  afterEach(async () => {
    await t.control.clearFaults();
  });

  const accepted = async (modelId: string) => (await t.control.submissions()).byModel[modelId] ?? 0;

  it('a POST that lands after its attempt timed out is adopted, also when it refuses the next attempt as busy', async () => {
    const model = FIXTURE.models.visionImage;
    const before = await accepted(model.modelId);
    await t.control.planNextTraining(model.modelId, { durationSeconds: 1200 }); // 20 s of real time
    // Attempt 1's POST is held 9 s by the server, then acts (its client gave up at the 6 s attempt timeout).
    // Attempt 2 reads the model (nothing new yet) and posts; its POST is held 5 s, so it reaches the server after
    // attempt 1's training was queued, and is refused: the dataset is busy with *our own* training.
    await t.control.addFault({ match: { method: 'POST', path: '/retrain$' }, kind: 'latency', latencyMs: 9_000, when: 'before', times: 1 });
    await t.control.addFault({ match: { method: 'POST', path: '/retrain$' }, kind: 'latency', latencyMs: 5_000, when: 'before', times: 1 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId, policy: { submitAttemptTimeoutMs: 6_000, minPollDelayMs: 500 } });
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await accepted(model.modelId)) - before).toBe(1);
    const state = await handle.query(retrainStateQuery);
    expect(state.adopted).toBe(true);
    expect(state.submissions).toBe(0);
  });

  it.each([401, 403])('a burst of %d answers while the training runs is waited out and shows in the live state', async (status) => {
    const model = FIXTURE.models.languageIntent;
    const before = await accepted(model.modelId);
    await t.control.planNextTraining(model.modelId, { durationSeconds: 900 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: { minPollDelayMs: 500 } });
    await untilTraining(t, handle, 60_000);
    // Every status read for 8 s is refused, the re-minted token too.
    await t.control.addFault({ match: { method: 'GET', path: '/train/' }, kind: 'status', status, forMs: 8_000 });
    const troubled = await eventually(async () => {
      const state: RetrainState = await handle.query(retrainStateQuery);
      return state.lastError?.code === 'UNAUTHENTICATED' ? state : undefined;
    }, 60_000);
    expect(troubled.phase).toBe('training');
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await accepted(model.modelId)) - before).toBe(1);
  });

  it('a run cancelled while its training runs says so, and retry follows that training instead of paying again', async () => {
    const model = FIXTURE.models.visionMultiLabel;
    const before = await accepted(model.modelId);
    await t.control.planNextTraining(model.modelId, { durationSeconds: 1200 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId, policy: { minPollDelayMs: 500 } });
    await untilTraining(t, handle, 60_000);
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const client = retrainClientOf(t);
    const original = await eventually(async () => {
      const view = await client.getRetrain(handle.workflowId);
      return view.report ? view : undefined;
    }, 60_000);
    expect(original.report).toMatchObject({
      outcome: 'CANCELLED',
      remoteTrainingMayStillRun: true,
      trainingStillRunning: { modelId: model.modelId },
    });

    const ack = await client.retry(handle.workflowId);
    const retried = await eventually(async () => {
      const view = await client.getRetrain(ack.retrainWorkflowId!);
      return view.status === 'RUNNING' ? undefined : view;
    }, 120_000);
    expect(retried.status).toBe('COMPLETED');
    expect(retried.report?.outcome).toBe('SUCCEEDED');
    expect((await accepted(model.modelId)) - before).toBe(1);
  });

  it('a run past its deadline while its training runs names that training, and retry follows it instead of paying again', async () => {
    const model = FIXTURE.models.languageSentiment;
    const before = await accepted(model.modelId);
    await t.control.planNextTraining(model.modelId, { durationSeconds: 5400 }); // 90 s of real time
    // The shortest deadline a request may set: the run ends while submitAndFollow still follows the training, so
    // the workflow has not heard of the submission; its failure report looks (src/activities/finish-report.ts).
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: { deadlineMs: 60_000, minPollDelayMs: 500 } });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error as { cause?: { message?: string; details?: unknown[] } },
    );
    expect(failure?.cause?.message).toMatch(new RegExp(`did not finish before its deadline. The Einstein training of model ${model.modelId} was still (QUEUED|RUNNING) when the run ended`));
    expect(failure?.cause?.details?.[0]).toMatchObject({ code: 'DEADLINE_EXCEEDED', outcome: 'TIMED_OUT', trainingStillRunning: { modelId: model.modelId } });
    const client = retrainClientOf(t);
    const original = await client.getRetrain(handle.workflowId);
    expect(original.report).toMatchObject({ outcome: 'TIMED_OUT', remoteTrainingMayStillRun: true, trainingStillRunning: { modelId: model.modelId } });

    const ack = await client.retry(handle.workflowId);
    const retried = await eventually(async () => {
      const view = await client.getRetrain(ack.retrainWorkflowId!);
      return view.status === 'RUNNING' ? undefined : view;
    }, 120_000);
    expect(retried.report?.outcome).toBe('SUCCEEDED');
    expect(retried.state).toMatchObject({ adopted: true, submissions: 0 });
    expect((await accepted(model.modelId)) - before).toBe(1);
  });

  it('the report counts every Einstein call the run made, those of failed attempts included', async () => {
    const model = FIXTURE.models.languageIntent;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    await t.control.addFault({ match: { method: 'GET', path: '/train/' }, kind: 'status', status: 503, times: 3 });
    await t.control.addFault({ match: { method: 'POST', path: '/retrain$' }, kind: 'status', status: 500, times: 1 });
    const before = (await t.control.calls()).total;
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: { minPollDelayMs: 500 } });
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect(result.report.apiCalls).toBe((await t.control.calls()).total - before);
  });

  it('a refused run counts the calls that found the refusal', async () => {
    const before = (await t.control.calls()).total;
    const handle = await t.startRetrain({ domain: FIXTURE.models.deletedModel.domain, modelId: FIXTURE.models.deletedModel.modelId });
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: 'MODEL_NOT_FOUND' } });
    const report = await eventually(async () => (await retrainClientOf(t).getRetrain(handle.workflowId)).report);
    expect(report.apiCalls).toBeGreaterThan(0);
    expect(report.apiCalls).toBe((await t.control.calls()).total - before);
  });

  it('a poll ceiling of 60 s (valid on its own) follows the training to its end instead of stalling', async () => {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: { maxPollDelayMs: 60_000 } });
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
  });

  it('a poll bound that passes validation alone but not with the others is refused before anything runs', async () => {
    const model = FIXTURE.models.visionImage;
    const calls = (await t.control.calls()).total;
    // Started directly: the client refuses this input before any workflow exists; this is the workflow's own check.
    const handle = await t.startRetrainDirectly({ domain: 'vision', modelId: model.modelId, policy: { maxPollDelayMs: 2_000 } });
    await expect(handle.result()).rejects.toMatchObject({ cause: { message: expect.stringContaining('policy.maxPollDelayMs') } });
    expect((await t.control.calls()).total).toBe(calls);
  });
});
