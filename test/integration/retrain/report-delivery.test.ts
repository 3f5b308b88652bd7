// The report's way to the sinks (src/activities/finish-report.ts, src/workflows/report-step.ts): delivered inline by the
// retrain itself, with the `deliverReport` child workflow only for a sink that failed there, and for that sink alone.
// A failed run's report travels in its failure, where the client reads it. Real dev server, emulator, webhook receiver.
import fs from 'node:fs';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainReport } from '../../../src/report';
import type { DeliveryResult } from '../../../src/workflows/deliver-report';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { reportWorkflowId } from '../../../src/workflows/workflow-ids';
import { startReceiver, type Receiver } from '../sinks/receiver';
import { startTestStack, untilTraining, type TestStack } from './stack';

const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';

describe('report delivery: inline, the child only as the fallback', () => {
  let t: TestStack;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestStack({ timeScale: 120, sinks: { log: false, webhook: { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: 5_000 } } });
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.close();
  });

  /** Webhook deliveries of one report (every attempt, whatever the receiver answered). */
  function webhookDeliveries(reportId: string): number {
    return receiver.deliveries.filter((d) => (JSON.parse(d.body.toString('utf8')) as RetrainReport).reportId === reportId).length;
  }

  function jsonlLines(reportId: string): number {
    return fs
      .readFileSync(t.jsonlFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && (JSON.parse(line) as RetrainReport).reportId === reportId).length;
  }

  async function childExists(workflowId: string): Promise<boolean> {
    return t.client.workflow
      .getHandle(reportWorkflowId(workflowId))
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );
  }

  async function childEvents(workflowId: string): Promise<number> {
    const { events } = await t.client.workflow.getHandle(workflowId).fetchHistory();
    return (events ?? []).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;
  }

  async function succeed(model: { domain: 'vision' | 'language'; modelId: string }): Promise<{ workflowId: string; report: RetrainReport }> {
    await t.control.planNextTraining(model.modelId, { durationSeconds: 60 });
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId });
    const { report } = (await handle.result()) as RetrainResult;
    expect(report.outcome).toBe('SUCCEEDED');
    return { workflowId: handle.workflowId, report };
  }

  it('a healthy sink gets the report once, before the run completes, and no report child is started', async () => {
    const { workflowId, report } = await succeed(FIXTURE.models.visionImage);
    // Delivered by the time the result is there: nothing to wait for.
    expect(webhookDeliveries(report.reportId)).toBe(1);
    expect(jsonlLines(report.reportId)).toBe(1);
    expect(await childExists(workflowId)).toBe(false);
    expect(await childEvents(workflowId)).toBe(0);
  });

  it('a webhook that is down (503) gets the report child for itself alone, which delivers once it heals', async () => {
    // The inline attempt and the child's first attempt fail; the child's retry is answered 204.
    receiver.answerWith({ status: 503, body: 'down for maintenance' }, { status: 503 });
    const { workflowId, report } = await succeed(FIXTURE.models.languageIntent);
    expect(jsonlLines(report.reportId)).toBe(1); // the healthy sink took it inline
    const child = t.client.workflow.getHandle(reportWorkflowId(workflowId));
    const result = (await child.result()) as DeliveryResult;
    expect(result).toEqual({ delivered: ['webhook'], failed: [] });
    // Three attempts reached the receiver, the last one accepted: delivered once.
    expect(webhookDeliveries(report.reportId)).toBe(3);
    expect(jsonlLines(report.reportId)).toBe(1); // the child did not deliver to the sink that had it
    expect(await childEvents(workflowId)).toBe(1);
  });

  it('a webhook that refuses the report (400) gets the child for itself alone; the child delivers to the fixed receiver', async () => {
    receiver.answerWith({ status: 400, body: 'unknown field' });
    const { workflowId, report } = await succeed(FIXTURE.models.visionMultiLabel);
    const result = (await t.client.workflow.getHandle(reportWorkflowId(workflowId)).result()) as DeliveryResult;
    expect(result).toEqual({ delivered: ['webhook'], failed: [] });
    expect(webhookDeliveries(report.reportId)).toBe(2);
    expect(jsonlLines(report.reportId)).toBe(1);
  });

  it("a failed retrain's report is in its failure's details, where the client reads it (no child to read it from)", async () => {
    const model = FIXTURE.models.failedModel;
    const failureMsg = 'Insufficient examples per label';
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg, durationSeconds: 60 });
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId });
    const error = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    const inFailure = cause.details?.[1] as RetrainReport;
    expect(inFailure).toMatchObject({ outcome: 'FAILED', failureMsg, workflowId: handle.workflowId });
    expect(await childExists(handle.workflowId)).toBe(false);

    const view = await t.retrain.getRetrain(handle.workflowId);
    expect(view.report).toEqual(inFailure);
    expect(webhookDeliveries(inFailure.reportId)).toBe(1);
    expect(jsonlLines(inFailure.reportId)).toBe(1);
  });

  it("a running run's dataset comes from its live state (the search attribute is set at the end); a cancelled run's report from its child", async () => {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 6000 });
    const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId });
    await untilTraining(t, handle);
    expect((await handle.describe()).searchAttributes.EinsteinDatasetId).toBeUndefined();
    expect((await t.retrain.getRetrain(handle.workflowId)).datasetId).toBe(String(model.datasetId));

    await handle.cancel();
    await handle.result().catch(() => undefined);
    const described = await handle.describe();
    expect(described.searchAttributes).toMatchObject({ EinsteinOutcome: ['CANCELLED'], EinsteinDatasetId: [String(model.datasetId)] });
    const view = await t.retrain.getRetrain(handle.workflowId);
    expect(view.report).toMatchObject({ outcome: 'CANCELLED', workflowId: handle.workflowId });
    expect(await childExists(handle.workflowId)).toBe(true);
  });
});
