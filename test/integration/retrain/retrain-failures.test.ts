// Failures: a training that fails, permanent errors that fail fast, a busy dataset past its bound, cancellation.
import fs from 'node:fs';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { SYSTEM_ERROR_FAILURE_PREFIX } from '../../../src/emulator/simulator/training-defaults';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import type { RetrainReport } from '../../../src/report';
import { retrainStateQuery } from '../../../src/workflows/retrain-state';
import { eventually, startTestStack, untilTraining, type TestStack } from './stack';

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

function reportsFor(t: TestStack, workflowId: string): RetrainReport[] {
  if (!fs.existsSync(t.jsonlFile)) return [];
  return fs
    .readFileSync(t.jsonlFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RetrainReport)
    .filter((r) => r.workflowId === workflowId);
}

describe('retrainModel failure paths', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ timeScale: 60 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a FAILED training ends the workflow failed with its failureMsg, after the failure report', async () => {
    const model = FIXTURE.models.visionMultiLabel;
    const failureMsg = 'To train a dataset and create a model, the dataset must contain at least 100 examples per label for test set';
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg, durationSeconds: 60 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId });
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('TrainingFailed');
    expect(failure.message).toBe(failureMsg);
    expect(failure.nonRetryable).toBe(true);
    const report = await eventually(async () => reportsFor(t, handle.workflowId)[0]);
    expect(report.outcome).toBe('FAILED');
    expect(report.outcome !== 'SUCCEEDED' && report.failureMsg).toBe(failureMsg);
    expect((await handle.describe()).searchAttributes.EinsteinOutcome).toEqual(['FAILED']);
  });

  it('resubmits a transient training failure when the policy allows, and reports the second training', async () => {
    const model = FIXTURE.models.visionImage;
    const before = (await t.control.submissions()).byModel[model.modelId] ?? 0;
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg: `${SYSTEM_ERROR_FAILURE_PREFIX} ${FIXTURE.models.visionImage.modelId}`, durationSeconds: 60 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId, policy: { maxResubmits: 1 } });
    const result = (await handle.result()) as RetrainResult;
    expect(result.report.outcome).toBe('SUCCEEDED');
    expect((await t.control.submissions()).byModel[model.modelId]).toBe(before + 2);
    expect((await handle.query(retrainStateQuery)).submissions).toBe(2);
  });

  it.each([
    ['deleted dataset', FIXTURE.models.modelOfDeletedDataset, 'DATASET_DELETED'],
    ['DELETE_PENDING dataset', FIXTURE.models.modelOfDeletePendingDataset, 'DATASET_DELETED'],
    ['deleted model', FIXTURE.models.deletedModel, 'MODEL_NOT_FOUND'],
  ] as const)('%s fails on the first attempt with a typed, non-retryable error', async (_label, model, code) => {
    const before = await t.control.calls();
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId });
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe(code);
    expect(failure.nonRetryable).toBe(true);
    expect((failure.details?.[0] as { outcome: string }).outcome).toBe('REJECTED');
    // No activity was retried: each failing activity ran exactly once.
    const history = await handle.fetchHistory();
    const failedAttempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(failedAttempts.every((attempt) => attempt === 1)).toBe(true);
    const after = await t.control.calls();
    expect((await t.control.submissions()).byModel[model.modelId] ?? 0).toBe(0);
    expect(after.total).toBeGreaterThan(before.total);
  });

  it('an unknown model id fails with MODEL_NOT_FOUND', async () => {
    const handle = await t.startRetrain({ domain: 'vision', modelId: FIXTURE.unknownModelId });
    expect((await failureOf(handle.result())).type).toBe('MODEL_NOT_FOUND');
  });

  it('invalid parameters fail before any API call, naming the field', async () => {
    const before = (await t.control.calls()).total;
    // Started directly: the client refuses this input before any workflow exists; this is the workflow's own check.
    const handle = await t.startRetrainDirectly({ domain: 'vision', modelId: FIXTURE.models.visionImage.modelId, epochs: 0, learningRate: 0.5 } as never);
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('InvalidRetrainInput');
    expect(failure.message).toMatch(/epochs/);
    expect(failure.message).toMatch(/learningRate/);
    // The issues name each field with its allowed values (parsed by the inspect activity with the contract's schema).
    expect(failure.details?.[0]).toEqual({
      code: 'INVALID_INPUT',
      issues: [expect.stringMatching(/^epochs: .*1000/), expect.stringMatching(/^learningRate: .*0\.0001 to 0\.01/)],
    });
    expect((await t.control.calls()).total).toBe(before);
  });

  it('learningRate on a detection model is rejected after one look, naming the field', async () => {
    const model = FIXTURE.models.visionDetection;
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId, learningRate: 0.001 });
    const failure = await failureOf(handle.result());
    expect(failure.message).toMatch(/learningRate/);
    expect((await t.control.submissions()).byModel[model.modelId] ?? 0).toBe(0);
  });

  it('a busy dataset past its bound fails naming the blocking model', async () => {
    const sibling = FIXTURE.models.visionImageSibling;
    const target = FIXTURE.models.visionImage;
    const submittedBefore = (await t.control.submissions()).byModel[target.modelId] ?? 0;
    await t.control.planNextTraining(sibling.modelId, { durationSeconds: 6000 });
    const blocker = await t.startRetrain({ domain: 'vision', modelId: sibling.modelId });
    await eventually(async () => ((await t.control.submissions()).byModel[sibling.modelId] ? true : undefined));
    const handle = await t.startRetrain({ domain: 'vision', modelId: target.modelId, policy: { maxBusyWaitMs: 3_000 } });
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('DatasetBusyTimeout');
    expect(failure.message).toContain(sibling.modelId);
    expect((await t.control.submissions()).byModel[target.modelId] ?? 0).toBe(submittedBefore);
    await blocker.cancel();
  });

  it('cancellation ends cleanly and says the remote training may still run', async () => {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 6000 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId });
    await untilTraining(t, handle);
    await handle.cancel();
    const error = await handle.result().then(() => undefined, (e: unknown) => e);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const report = await eventually(async () => reportsFor(t, handle.workflowId)[0]);
    expect(report.outcome).toBe('CANCELLED');
    expect(report.outcome !== 'SUCCEEDED' && report.remoteTrainingMayStillRun).toBe(true);
    expect(report.outcome !== 'SUCCEEDED' && report.failureMsg).toMatch(/may still run/);
    expect((await handle.describe()).searchAttributes.EinsteinOutcome).toEqual(['CANCELLED']);
  });
});
