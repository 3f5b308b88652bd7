// Safe deploys: the golden histories (test/fixtures/histories, recorded by `npm run record-histories`) replay against
// the current workflow code. Retrains run for up to 48 h and coordinators for ever, so a change whose commands differ
// from what these histories recorded would break runs in flight: it must be guarded with patched() instead.
import { Worker, type ReplayResult } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { WORKFLOWS_PATH } from '../../../src/worker';
import { loadGoldenHistories, readHistoryJson, readManifest } from '../../helpers/golden-histories';

/** The paths the histories must cover; a recorder that lost one would make this test weaker without a word. */
const SCENARIOS = ['success', 'busy-dataset', 'failure', 'resubmit', 'cancel', 'coordinator-continue-as-new'];

async function replayAll(histories: Array<{ workflowId: string; history: unknown }>): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH, replayName: 'golden-histories' }, histories)) results.push(result);
  return results;
}

describe('golden histories', () => {
  it('cover every scenario, and a coordinator run that continued as new with a trigger pending', () => {
    const manifest = readManifest();
    expect([...new Set(manifest.map((entry) => entry.scenario))].sort()).toEqual([...SCENARIOS].sort());
    const continued = manifest
      .filter((entry) => entry.scenario === 'coordinator-continue-as-new')
      .map(readHistoryJson)
      .filter((history) => history.events.at(-1)?.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    expect(continued.length).toBeGreaterThan(0);
    const carried = continued.map((history) => JSON.stringify(history.events.at(-1)));
    // The continue-as-new input is a base64 JSON payload: look for the pending trigger in it.
    const inputs = carried.map((event) => Buffer.from((JSON.parse(event) as { workflowExecutionContinuedAsNewEventAttributes: { input: { payloads: Array<{ data: string }> } } }).workflowExecutionContinuedAsNewEventAttributes.input.payloads[0]!.data, 'base64').toString());
    expect(inputs.some((input) => /"pending":\{/.test(input))).toBe(true);
  });

  it('replay against the current workflow code without a determinism error', async () => {
    const histories = loadGoldenHistories();
    const results = await replayAll(histories);
    expect(results).toHaveLength(histories.length);
    const failures = results.filter((r) => r.error !== undefined).map((r) => `${r.workflowId}: ${String(r.error)}`);
    expect(failures).toEqual([]);
  });

  it('a history whose recorded activity differs from what the code schedules fails the replay', async () => {
    const entry = readManifest().find((e) => e.scenario === 'success')!;
    const json = readHistoryJson(entry);
    const scheduled = json.events.find((e) => e.activityTaskScheduledEventAttributes !== undefined)!;
    (scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } }).activityType.name = 'someOtherActivity';
    const [result] = await replayAll([{ workflowId: entry.workflowId, history: historyFromJSON(json) }]);
    // By name: the class lives in @temporalio/workflow, which the replay worker loads in its own sandbox.
    expect(result!.error?.name).toBe('DeterminismViolationError');
  });
});
