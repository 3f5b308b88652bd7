// The CLI end to end: the real binary as a child process, against a real dev server, the emulator and the worker.
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { freePort } from '../../../src/temporal/free-port';
import { startTestStack, type TestStack } from '../retrain/stack';
import { jsonLines, runCli } from './run-cli';

describe('einstein-retrain CLI', () => {
  let t: TestStack;
  let env: NodeJS.ProcessEnv;
  let succeededWorkflowId: string;

  beforeAll(async () => {
    t = await startTestStack();
    env = { TEMPORAL_ADDRESS: t.stack.temporal!.address, EINSTEIN_RETRAIN_TASK_QUEUE: t.taskQueue };
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('retrain --wait --json: exit 0, JSON lines only, the last one the result with the report', async () => {
    const model = FIXTURE.models.visionImage;
    // A short training keeps the test fast (the emulator runs 60 simulated seconds per second).
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const run = await runCli(['retrain', model.modelId, '--epochs', '3', '--with-feedback', '--wait', '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    // Through the model's coordinator, which started the run and says so.
    expect(lines[0]).toMatchObject({
      type: 'started',
      disposition: 'started',
      coordinatorId: `retrain-coordinator-vision-${model.modelId}`,
      taskQueue: t.taskQueue,
      request: { modelId: model.modelId, source: 'cli', params: { epochs: 3, trainParams: { withFeedback: true } } },
    });
    expect(lines[0]!.workflowId).toBe(lines[0]!.retrainWorkflowId);
    expect(lines.filter((line) => line.type === 'progress').length).toBeGreaterThan(0);
    const result = lines[lines.length - 1]!;
    expect(result).toMatchObject({ type: 'result', exitCode: 0, outcome: 'SUCCEEDED', workflowStatus: 'COMPLETED' });
    expect(result.report).toMatchObject({ outcome: 'SUCCEEDED', modelId: model.modelId, parameters: { epochs: 3, trainParams: { withFeedback: true } }, triggerSource: 'cli' });
    expect(result.polls).toEqual(expect.any(Number));
    expect(result.polls as number).toBeGreaterThan(0);
    succeededWorkflowId = result.workflowId as string;

    // Started with the search attributes, so the run is findable by model and trigger source.
    const described = await t.client.workflow.getHandle(succeededWorkflowId).describe();
    expect(described.searchAttributes.EinsteinModelId).toEqual([model.modelId]);
    expect(described.searchAttributes.EinsteinTriggerSource).toEqual(['cli']);
    expect((await t.control.submissions()).byModel[model.modelId]).toBe(1);
  });

  it('status --json of the finished run: one status line with the outcome and the report', async () => {
    const run = await runCli(['status', succeededWorkflowId, '--json'], env);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      type: 'status',
      workflowId: succeededWorkflowId,
      workflowStatus: 'COMPLETED',
      outcome: 'SUCCEEDED',
      exitCode: 0,
      report: { outcome: 'SUCCEEDED', workflowId: succeededWorkflowId },
    });
    expect(lines[0]!.historyLength as number).toBeGreaterThan(5);
  });

  it('status (text) of the finished run shows the metrics table', async () => {
    const run = await runCli(['status', succeededWorkflowId], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('workflow status  COMPLETED');
    expect(run.stdout).toMatch(/metric\s+before\s+after\s+delta/);
    expect(run.stdout).toContain('test accuracy');
  });

  it('a training that fails: exit 1 and the failure message', async () => {
    const model = FIXTURE.models.languageIntent;
    const failureMsg = 'System error, training failed to complete on model (CLI test)';
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg, durationSeconds: 60 });
    const run = await runCli(['retrain', model.modelId, '--domain', 'language', '--wait'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED in');
    expect(run.stdout).toContain(failureMsg);
    expect(run.stdout).toContain('Metrics of the model (unchanged):');
  });

  it('Einstein refuses (dataset deleted): exit 2 with the code', async () => {
    const run = await runCli(['retrain', FIXTURE.models.modelOfDeletedDataset.modelId, '--wait', '--json'], env);
    expect(run.code).toBe(2);
    const result = jsonLines(run.stdout).pop();
    expect(result).toMatchObject({ type: 'result', exitCode: 2, outcome: 'REJECTED', code: 'DATASET_DELETED' });
  });

  it('an invalid flag: exit 2 naming the flag, nothing started', async () => {
    const before = (await t.control.submissions()).log.length;
    const run = await runCli(['retrain', FIXTURE.models.visionImageSibling.modelId, '--train-split-ratio', '1.5'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--train-split-ratio: must be greater than 0 and less than 1 (got 1.5)');
    expect(run.stdout).toBe('');
    expect((await t.control.submissions()).log.length).toBe(before);
  });

  it('an unknown workflow id: exit 2 saying so', async () => {
    const run = await runCli(['status', 'retrain-vision-NOPE', '--json'], env);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ type: 'error', exitCode: 2 })]);
    expect(run.stderr).toContain("No workflow 'retrain-vision-NOPE'");
  });

  it('Temporal unreachable: exit 3 and what to do', async () => {
    const closedPort = await freePort();
    const run = await runCli(['retrain', FIXTURE.models.visionImage.modelId], { TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Cannot reach Temporal at 127.0.0.1:${closedPort}`);
    expect(run.stderr).toContain('npm start');
    expect(run.stdout).toBe('');
  });
});
