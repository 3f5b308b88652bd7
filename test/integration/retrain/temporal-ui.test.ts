// What the Temporal UI reads about a run (src/workflows/run-details.ts), asked of the real dev server the way the UI
// asks: describe() for the static summary and details (user metadata of the start), the SDK's
// `__temporal_workflow_metadata` query for the current details, the history for the activity summaries, and the
// pending activities of describe() for a running training: the submitAndFollow activity comes back to the workflow
// only at the end, so its heartbeat details and its last attempt's "not finished yet" message are where the UI shows
// progress.
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { coordinatorWorkflowId } from '../../../src/workflows/workflow-ids';
import { retrainClientOf } from '../coordinator/helpers';
import { eventually, startForeignRetrain, startTestStack, type TestStack } from './stack';

/** Longer than any test: the training stays RUNNING until the run is cancelled. */
const HELD = { durationSeconds: 3_600_000 };
const FAST_POLLS = { minPollDelayMs: 500 };

const currentDetails = async (handle: WorkflowHandle) => (await handle.query(workflowMetadataQuery)).currentDetails ?? '';

/** Waits until the run's current details contain every one of `parts`; returns them. */
const detailsShowing = (handle: WorkflowHandle, ...parts: string[]) =>
  eventually(async () => {
    const details = await currentDetails(handle).catch(() => '');
    return parts.every((p) => details.includes(p)) ? details : undefined;
  }, 60_000, 200);

async function activitySummaries(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? [])
    // Regular activities carry it on their scheduled event, local ones on their marker.
    .filter((e) => (e.activityTaskScheduledEventAttributes || e.markerRecordedEventAttributes) && e.userMetadata?.summary)
    .map((e) => defaultPayloadConverter.fromPayload<string>(e.userMetadata!.summary!));
}

describe('a run as the Temporal UI shows it', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await t?.stop();
  });
  // The held trainings of one test would keep the emulator's training slots busy for the next.
  beforeEach(() => t.control.reset({ timeScale: 60 }));

  it('through the coordinator: static summary and details on both runs; current details name the blocking model, then the end', async () => {
    const client = retrainClientOf(t);
    const sibling = FIXTURE.models.visionImageSibling;
    const target = FIXTURE.models.visionImage;
    await startForeignRetrain(t, sibling.modelId, HELD);
    const ack = await client.requestRetrain({ domain: 'vision', modelId: target.modelId, source: 'cli', params: { epochs: 3 }, policy: FAST_POLLS });
    expect(ack.disposition).toBe('started');
    const retrain = t.client.workflow.getHandle(ack.retrainWorkflowId!);
    const coordinator = t.client.workflow.getHandle(coordinatorWorkflowId('vision', target.modelId));

    const coordinatorDescription = await coordinator.describe();
    expect(await coordinatorDescription.staticSummary()).toBe(`Coordinator of vision model ${target.modelId}`);
    expect(await coordinatorDescription.staticDetails()).toContain(`**Model** ${target.modelId} (vision)`);
    const description = await retrain.describe();
    expect(await description.staticSummary()).toBe(`Retrain vision model ${target.modelId} (cli)`);
    const staticDetails = await description.staticDetails();
    expect(staticDetails).toContain('**Trigger** cli');
    expect(staticDetails).toContain('**Parameters** {"epochs":3}');
    expect(staticDetails).toContain('"minPollDelayMs":500');

    const waiting = await detailsShowing(retrain, '**Phase** waiting-for-dataset', `**Blocked by** model ${sibling.modelId}`);
    expect(waiting).toContain(`**Dataset** ${target.datasetId}`);
    expect(await detailsShowing(coordinator, `**Running** ${ack.retrainWorkflowId} (cli)`)).toContain('1 launched');
    expect(await activitySummaries(retrain)).toEqual(
      expect.arrayContaining([
        `submit retrain of model ${target.modelId} (or adopt the training it started) and follow it to its end`,
        `wait for the training of model ${sibling.modelId} to end (it holds dataset ${target.datasetId})`,
      ]),
    );

    await client.cancel(ack.retrainWorkflowId!);
    const ended = await detailsShowing(retrain, '**Phase** cancelled');
    expect(ended).not.toContain('**Blocked by**');
    expect(await detailsShowing(coordinator, '**Running** no retrain', `**Last run** ${ack.retrainWorkflowId} CANCELLED`)).toBeTruthy();
  });

  it('a running training: current details point at the pending submitAndFollow, which shows status and progress live; the end shows in the details and the report child', async () => {
    const model = FIXTURE.models.languageIntent;
    // Epochs end every 0.1 s of real time, and the training runs for minutes: progress moves while the test looks.
    await t.control.planNextTraining(model.modelId, { durationSeconds: 6_000, queueSeconds: 30 });
    const handle = await t.startRetrain({ domain: 'language', modelId: model.modelId, policy: FAST_POLLS });
    expect(await (await handle.describe()).staticSummary()).toBe(`Retrain language model ${model.modelId} (client)`);

    // Set once, when the activity is scheduled: the workflow is not woken again until the training ends.
    const training = await detailsShowing(handle, '**Phase** submitting', '**Training**');
    expect(training).toContain('**Training** submitted and followed by the pending submitAndFollow activity: the live status is its "not finished yet" message');
    expect(training).toMatch(/\*\*Einstein calls\*\* \d+ · 0 polls · 0 submission\(s\)/);
    expect(await activitySummaries(handle)).toEqual(
      expect.arrayContaining([
        `inspect model ${model.modelId}: status, dataset and metrics before`,
        `submit retrain of model ${model.modelId} (or adopt the training it started) and follow it to its end`,
      ]),
    );

    // What the UI shows of the pending activity: its heartbeat details and its last attempt's failure.
    const pending = await eventually(async () => {
      const poll = (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'submitAndFollow');
      const payload = poll?.heartbeatDetails?.payloads?.[0];
      const heartbeat = payload && defaultPayloadConverter.fromPayload<{ submission?: { kind: string }; live?: { status: string; progress: number } }>(payload);
      return heartbeat?.live?.status === 'RUNNING' && heartbeat.live.progress > 0 && poll?.lastFailure?.message ? { heartbeat, poll } : undefined;
    }, 60_000, 200);
    expect(pending.poll.lastFailure!.message).toMatch(/^not finished yet \(RUNNING \d+%: .+\)$/);
    expect(pending.heartbeat.submission?.kind).toBe('submitted');
    expect(pending.heartbeat.live!.progress).toBeLessThan(1);
    expect(await currentDetails(handle)).toBe(training);

    await handle.cancel();
    const ended = await detailsShowing(handle, '**Phase** cancelled');
    expect(ended).not.toBe(training);
    expect(ended).not.toContain('submitAndFollow');
    const report = await t.client.workflow.getHandle(`${handle.workflowId}/report`).describe();
    expect(await report.staticSummary()).toBe(`Deliver the CANCELLED report of ${handle.workflowId}`);
  });

  it('a finished retrain keeps its last current details (succeeded), readable after it closed', async () => {
    const model = FIXTURE.models.visionMultiLabel;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 60 });
    const handle = await t.startRetrain({ domain: 'vision', modelId: model.modelId, policy: FAST_POLLS });
    await handle.result();
    const details = await currentDetails(handle);
    expect(details).toContain('**Phase** succeeded');
    expect(details).toContain('**Training** SUCCEEDED 100%');
    expect(details).not.toContain('at submit');
    expect(await activitySummaries(handle)).toContain(`read the new metrics of model ${model.modelId}, build the report, deliver it`);
  });
});
