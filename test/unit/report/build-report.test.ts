import {
  FAILURE_OUTCOMES,
  ReportInputError,
  RetrainReport,
  buildFailureReport,
  buildSuccessReport,
  parseRetrainReport,
  reportIdFor,
  summarizeMetrics,
  type SuccessReportInput,
} from '../../../src/report';
import { INTENT_METRICS, INTENT_TRAIN_STATS } from './doc-examples';

const successInput: SuccessReportInput = {
  workflowId: 'retrain-3XVRF4KPA4522DWDRDCQ4D4BEQ',
  runId: '0b5f4c4e-1111-4c2a-9d7e-3a1f5a6b7c8d',
  domain: 'language',
  modelId: '3XVRF4KPA4522DWDRDCQ4D4BEQ',
  modelName: 'Service Request Routing Model',
  triggerSource: 'schedule',
  datasetId: 1010060,
  modelType: 'text-intent',
  parameters: { epochs: 50, algorithm: 'intent', trainParams: { withFeedback: true, trainSplitRatio: 0.8 } },
  timing: {
    requestedAt: '2017-08-18T21:39:50.000Z',
    submittedAt: '2017-08-18T21:39:53.000+0000',
    startedAt: new Date('2017-08-18T21:40:03.000Z'),
    finishedAt: Date.parse('2017-08-18T21:42:23.000Z'),
  },
  apiCalls: 12,
  trainStats: INTENT_TRAIN_STATS,
  before: { modelType: 'text-intent', metricsData: INTENT_METRICS.metricsData },
  after: summarizeMetrics('text-intent', { ...INTENT_METRICS.metricsData, macroF1: 0.9, testAccuracy: 0.9 }),
};

describe('buildSuccessReport', () => {
  const report = buildSuccessReport(successInput);

  it('derives a stable report id from the workflow id and run', () => {
    expect(report.reportId).toBe(reportIdFor(successInput.workflowId, successInput.runId));
    expect(buildSuccessReport(successInput).reportId).toBe(report.reportId);
    expect(reportIdFor(successInput.workflowId, 'another-run')).not.toBe(report.reportId);
    expect(reportIdFor('another-workflow', successInput.runId)).not.toBe(report.reportId);
  });

  it('normalizes every timestamp form to ISO 8601 UTC and derives the durations', () => {
    expect(report.timing).toEqual({
      requestedAt: '2017-08-18T21:39:50.000Z',
      submittedAt: '2017-08-18T21:39:53.000Z',
      startedAt: '2017-08-18T21:40:03.000Z',
      finishedAt: '2017-08-18T21:42:23.000Z',
      durations: { totalMs: 153_000, untilSubmitMs: 3_000, trainingMs: 150_000, queuedMs: 10_000, runningMs: 140_000 },
    });
  });

  it("keeps Einstein's end of the training and derives the detection lag from it, never below zero", () => {
    const seen = buildSuccessReport({ ...successInput, timing: { ...successInput.timing, endedAt: '2017-08-18T21:42:16.500+0000' } });
    expect(seen.timing.endedAt).toBe('2017-08-18T21:42:16.500Z');
    expect(seen.timing.durations.detectionLagMs).toBe(6_500);
    // Einstein's clock ahead of ours: the lag is 0, not negative.
    const skewed = buildSuccessReport({ ...successInput, timing: { ...successInput.timing, endedAt: '2017-08-18T21:42:25.000Z' } });
    expect(skewed.timing.durations.detectionLagMs).toBe(0);
    expect(report.timing.durations.detectionLagMs).toBeUndefined();
  });

  it('summarizes raw before metrics and compares them with the after summary', () => {
    expect(report.before?.macroF1).toBe(INTENT_METRICS.metricsData.macroF1);
    expect(report.after?.macroF1).toBe(0.9);
    expect(report.delta.macroF1.delta).toBeCloseTo(0.9 - INTENT_METRICS.metricsData.macroF1, 12);
    expect(report.delta.testAccuracy).toEqual({ before: 0.84375, after: 0.9, delta: 0.05625 });
  });

  it('keeps parameters, trainStats and identity', () => {
    expect(report).toMatchObject({
      outcome: 'SUCCEEDED',
      schemaVersion: 1,
      domain: 'language',
      datasetId: 1010060,
      modelType: 'text-intent',
      parameters: successInput.parameters,
      apiCalls: 12,
      notes: [],
    });
    expect(report.trainStats).toMatchObject({ lastEpochDone: 49, earlyStopping: true, totalTime: '00:02:28:577' });
  });

  it('survives a JSON round trip and validates as a RetrainReport', () => {
    const copy: unknown = JSON.parse(JSON.stringify(report));
    expect(parseRetrainReport(copy)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(RetrainReport.safeParse(copy).success).toBe(true);
  });

  it('accepts a model without earlier metrics and a success whose new metrics could not be read', () => {
    const bare = buildSuccessReport({ ...successInput, before: null, after: undefined, notes: ['metrics: HTTP 404'] });
    expect(bare.before).toBeUndefined();
    expect(bare.after).toBeUndefined();
    expect(bare.notes).toEqual(['metrics: HTTP 404']);
    expect(bare.delta.testAccuracy).toEqual({});
  });

  it('drops trainStats fields of an unexpected type instead of failing', () => {
    const odd = buildSuccessReport({ ...successInput, trainStats: { ...INTENT_TRAIN_STATS, labels: 'five' } });
    expect(JSON.parse(JSON.stringify(odd.trainStats))).not.toHaveProperty('labels');
    expect(odd.trainStats?.examples).toBe(150);
    expect(buildSuccessReport({ ...successInput, trainStats: null }).trainStats).toBeUndefined();
  });

  it('names the bad fields when the input is invalid', () => {
    const attempt = () =>
      buildSuccessReport({ ...successInput, workflowId: '', domain: 'audio' as never, apiCalls: -1 });
    expect(attempt).toThrow(ReportInputError);
    expect(attempt).toThrow(/workflowId: .*domain: .*"vision"\|"language".*apiCalls: /);
  });

  it('rejects an unreadable timestamp, naming it', () => {
    const attempt = () => buildSuccessReport({ ...successInput, timing: { ...successInput.timing, finishedAt: 'soon' } });
    expect(attempt).toThrow(/timing\.finishedAt: expected an ISO 8601 timestamp/);
  });

  it('rejects a malformed metrics summary, naming the field', () => {
    const attempt = () => buildSuccessReport({ ...successInput, after: { f1ByLabel: { a: 'high' } } as never });
    expect(attempt).toThrow(/metrics\.f1ByLabel\.a: /);
  });
});

describe('buildFailureReport', () => {
  const base = {
    workflowId: 'retrain-7JXCXTRXTMNLJCEF2DR5CJ46QU',
    runId: 'run-2',
    domain: 'vision' as const,
    modelId: '7JXCXTRXTMNLJCEF2DR5CJ46QU',
    apiCalls: 3,
  };

  it('holds failureMsg, trainStats and the unchanged before metrics of a FAILED training', () => {
    const report = buildFailureReport({
      ...base,
      outcome: 'FAILED',
      datasetId: 57,
      modelType: 'image',
      failureMsg: 'To train a dataset and create a model, the dataset must contain at least 100 examples per label for test set',
      timing: { requestedAt: 0, submittedAt: 2_000, startedAt: 5_000, finishedAt: 65_000 },
      trainStats: { labels: 2, examples: 99 },
      before: { f1ByLabel: { beach: 0.9 } },
    });
    expect(report).toMatchObject({
      outcome: 'FAILED',
      failureMsg: expect.stringContaining('at least 100 examples'),
      remoteTrainingMayStillRun: false,
      before: { f1ByLabel: { beach: 0.9 } },
      trainStats: { labels: 2, examples: 99 },
    });
    expect(report).not.toHaveProperty('after');
    expect(RetrainReport.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
  });

  it('works before the model was read: no dataset, no model type, no submission', () => {
    const report = buildFailureReport({
      ...base,
      outcome: 'REJECTED',
      failureMsg: 'Model 7JXC... not found',
      failureCode: 'MODEL_NOT_FOUND',
      timing: { requestedAt: 0, finishedAt: 300 },
    });
    expect(report.datasetId).toBeUndefined();
    expect(report.timing.submittedAt).toBeUndefined();
    expect(report.timing.durations).toEqual({ totalMs: 300 });
    expect(report.failureCode).toBe('MODEL_NOT_FOUND');
  });

  it('flags a cancelled or timed-out retrain whose training was submitted as possibly still running', () => {
    const submitted = { requestedAt: 0, submittedAt: 10, finishedAt: 20 };
    const cancelled = buildFailureReport({ ...base, outcome: 'CANCELLED', timing: submitted });
    expect(cancelled.remoteTrainingMayStillRun).toBe(true);
    expect(cancelled.failureMsg).toMatch(/cancelled/);
    const timedOut = buildFailureReport({ ...base, outcome: 'TIMED_OUT', timing: submitted });
    expect(timedOut.remoteTrainingMayStillRun).toBe(true);
    const notSubmitted = buildFailureReport({ ...base, outcome: 'CANCELLED', timing: { requestedAt: 0, finishedAt: 5 } });
    expect(notSubmitted.remoteTrainingMayStillRun).toBe(false);
    const overridden = buildFailureReport({ ...base, outcome: 'KILLED', timing: submitted, remoteTrainingMayStillRun: true });
    expect(overridden.remoteTrainingMayStillRun).toBe(true);
  });

  it.each(FAILURE_OUTCOMES)('gives %s a failure message even when none was given', (outcome) => {
    const report = buildFailureReport({ ...base, outcome, failureMsg: '  ', timing: { requestedAt: 0, finishedAt: 1 } });
    expect(report.failureMsg.trim().length).toBeGreaterThan(0);
    expect(report.outcome).toBe(outcome);
  });

  it('refuses SUCCEEDED as a failure outcome, listing the allowed ones', () => {
    const attempt = () =>
      buildFailureReport({ ...base, outcome: 'SUCCEEDED' as never, timing: { requestedAt: 0, finishedAt: 1 } });
    expect(attempt).toThrow(/outcome: .*"FAILED".*"CANCELLED"/);
  });
});

describe('RetrainReport schema', () => {
  it('rejects a success without its required fields and an unknown outcome', () => {
    const success = JSON.parse(JSON.stringify(buildSuccessReport(successInput))) as Record<string, unknown>;
    const { datasetId: _dropped, ...withoutDataset } = success;
    expect(RetrainReport.safeParse(withoutDataset).success).toBe(false);
    expect(RetrainReport.safeParse({ ...success, outcome: 'MAYBE' }).success).toBe(false);
    expect(RetrainReport.safeParse({ ...success, outcome: 'FAILED' }).success).toBe(false); // no failureMsg
  });
});
