/**
 * Two chaos stacks side by side (as `npm run chaos -- --parallel 2` and the short version run them) must not share
 * anything but the machine. The report history is an embedded database that one process at a time can use: when both
 * workers used the same default folder, one of them failed that sink for every report and sent each to the fallback
 * child instead of finishing inline. Here each stack runs one retrain (a refusal: it ends at once with a report) and
 * its report must be kept in a history store inside that stack's own folder.
 */
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POLICY, bundleWorkflows } from '../../../bench/chaos/run';
import { TASK_QUEUE, startChaosStack, type ChaosStack } from '../../../bench/chaos/stack';
import { openReportStore } from '../../../src/history';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainInput } from '../../../src/contract/retrain-input';
import { reportWorkflowId } from '../../../src/workflows/workflow-ids';

const LIMIT_MS = 5 * 60_000;

/** Runs one refused retrain: it ends at once, with a report. */
async function refusedRetrain(stack: ChaosStack, workflowId: string): Promise<void> {
  const input: RetrainInput = { domain: 'vision', modelId: FIXTURE.unknownModelId, policy: POLICY, trigger: { source: 'client' } };
  const handle = await stack.client.workflow.start('retrainModel', { taskQueue: TASK_QUEUE, workflowId, args: [input] });
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
}

/** A sink that failed inline goes to the report child; wait for it, when there is one, so the store is complete. */
async function reportChildDone(stack: ChaosStack, workflowId: string): Promise<void> {
  await stack.client.workflow
    .getHandle(reportWorkflowId(workflowId))
    .result()
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    });
}

describe('chaos stacks side by side', () => {
  let root: string;
  const stacks: ChaosStack[] = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-stacks-'));
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }, LIMIT_MS);

  it('keep each report in the history store of their own folder', async () => {
    const bundle = await bundleWorkflows(root);
    const dirs = ['a', 'b'].map((name) => path.join(root, name));
    stacks.push(...(await Promise.all(dirs.map((dir, i) => startChaosStack({ dir, seed: i + 1, timeScale: 60, workflowBundle: bundle })))));
    const ids = stacks.map((_, i) => `chaos-stack-${i}`);
    await Promise.all(stacks.map((stack, i) => refusedRetrain(stack, ids[i]!)));
    // Each worker opened its history store (at start, or for the report) in its stack's folder, not in a shared one.
    expect(dirs.map((dir) => fs.existsSync(path.join(dir, 'history')))).toEqual([true, true]);
    await Promise.all(stacks.map((stack, i) => reportChildDone(stack, ids[i]!)));
    const reportIds = stacks.map((stack, i) => stack.deliveries.find((d) => d.report.workflowId === ids[i])?.report.reportId);
    expect(reportIds.every((id) => id !== undefined)).toBe(true);
    for (const stack of stacks.splice(0)) await stack.stop();

    for (const [i, dir] of dirs.entries()) {
      const store = await openReportStore({ kind: 'embedded', dataDir: path.join(dir, 'history') });
      try {
        expect({ stack: i, kept: (await store.report(reportIds[i]!))?.reportId }).toEqual({ stack: i, kept: reportIds[i] });
      } finally {
        await store.close();
      }
    }
  }, LIMIT_MS);
});
