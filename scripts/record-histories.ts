// Records the golden histories that test/integration/replay replays against the current workflow code: each
// scenario runs on a real Temporal dev server with the emulator (the integration tests' stack), and its history is
// written in Temporal's JSON history format to test/fixtures/histories/, listed with its workflow id in
// manifest.json there.
//
//   npm run record-histories                 # every scenario
//   npm run record-histories -- success cancel   # only these
//
// Re-record only when no run of the old code is in flight anywhere (see docs/OPERATIONS.md, "Changing workflow
// code safely"); otherwise keep the old histories and guard the change with patched().
import fs from 'node:fs';
import path from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { FIXTURE } from '../src/emulator/state/fixture';
import { SYSTEM_ERROR_FAILURE_PREFIX } from '../src/emulator/simulator/training-defaults';
import { RetrainClient } from '../src/client';
import { coordinatorWorkflowId } from '../src/workflows/workflow-ids';
import { coordinatorStaticDetails, coordinatorSummary } from '../src/workflows/run-details';
import { HISTORIES_DIR, MANIFEST_FILE, readManifest, type HistoryEntry } from '../test/helpers/golden-histories';
import { eventually, startForeignRetrain, startTestStack, untilTraining, type TestStack } from '../test/integration/retrain/stack';

/** Polls no faster than every half second of real time, so recording takes seconds, not minutes. */
const FAST_POLLS = { minPollDelayMs: 500 };

/**
 * Search attributes set at start, as the coordinator starts every run in production. The failure scenario starts
 * without them, so the workflow's own upsert of them stays in a golden history too.
 */
const AS_THE_COORDINATOR = { searchAttributesAtStart: true };

interface Recorded {
  /** File name without .json. */
  name: string;
  handle: WorkflowHandle;
}

type Scenario = (t: TestStack) => Promise<Recorded[]>;

const settle = (promise: Promise<unknown>) => promise.then(
  () => undefined,
  () => undefined,
);

const SCENARIOS: Record<string, Scenario> = {
  async success(t) {
    const model = FIXTURE.models.visionImage;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 120 });
    const handle = await t.startRetrainDirectly({ domain: 'vision', modelId: model.modelId, epochs: 3, policy: FAST_POLLS }, 'golden-success', AS_THE_COORDINATOR);
    await handle.result();
    return [{ name: 'retrain-success', handle }];
  },

  async 'busy-dataset'(t) {
    const sibling = FIXTURE.models.visionImageSibling;
    const target = FIXTURE.models.visionImage;
    await startForeignRetrain(t, sibling.modelId, { durationSeconds: 300 });
    await t.control.planNextTraining(target.modelId, { durationSeconds: 60 });
    const handle = await t.startRetrainDirectly({ domain: 'vision', modelId: target.modelId, policy: FAST_POLLS }, 'golden-busy-dataset', AS_THE_COORDINATOR);
    await handle.result();
    return [{ name: 'retrain-busy-dataset', handle }];
  },

  async failure(t) {
    const model = FIXTURE.models.failedModel;
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg: 'Insufficient examples per label', durationSeconds: 60 });
    const handle = await t.startRetrainDirectly({ domain: 'vision', modelId: model.modelId, policy: FAST_POLLS }, 'golden-failure');
    await settle(handle.result());
    return [{ name: 'retrain-failure', handle }];
  },

  async resubmit(t) {
    const model = FIXTURE.models.languageIntent;
    await t.control.planNextTraining(model.modelId, { outcome: 'FAILED', failureMsg: `${SYSTEM_ERROR_FAILURE_PREFIX} ${model.modelId}`, durationSeconds: 60 });
    const handle = await t.startRetrainDirectly({ domain: 'language', modelId: model.modelId, policy: { ...FAST_POLLS, maxResubmits: 1 } }, 'golden-resubmit', AS_THE_COORDINATOR);
    await handle.result();
    return [{ name: 'retrain-resubmit', handle }];
  },

  async cancel(t) {
    const model = FIXTURE.models.languageSentiment;
    await t.control.planNextTraining(model.modelId, { durationSeconds: 6000 });
    const handle = await t.startRetrainDirectly({ domain: 'language', modelId: model.modelId, policy: FAST_POLLS }, 'golden-cancel', AS_THE_COORDINATOR);
    await untilTraining(t, handle);
    await handle.cancel();
    await settle(handle.result());
    return [{ name: 'retrain-cancel', handle }];
  },

  /** A coordinator with a tiny history budget: it continues as new while a run goes on and triggers wait. */
  async 'coordinator-continue-as-new'(t) {
    const client = new RetrainClient({ client: t.client, taskQueue: t.taskQueue });
    const model = FIXTURE.models.visionMultiLabel;
    const workflowId = coordinatorWorkflowId('vision', model.modelId);
    await t.client.workflow.start('retrainCoordinator', {
      workflowId,
      taskQueue: t.taskQueue,
      args: [{ domain: 'vision', modelId: model.modelId, limits: { historyEvents: 40, watchPollMs: { min: 200, max: 1_000 } } }],
      staticSummary: coordinatorSummary('vision', model.modelId),
      staticDetails: coordinatorStaticDetails('vision', model.modelId),
    });
    await t.control.planNextTraining(model.modelId, { durationSeconds: 300 });
    await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: 'golden-first', policy: FAST_POLLS });
    await eventually(async () => (((await t.control.submissions()).byModel[model.modelId] ?? 0) === 1 ? true : undefined));
    await t.control.planNextTraining(model.modelId, { durationSeconds: 60 });
    for (let i = 0; i < 6; i++) {
      await client.requestRetrain({ domain: 'vision', modelId: model.modelId, source: 'api', requestId: `golden-queued-${i}`, params: { epochs: i + 1 }, policy: FAST_POLLS });
    }
    await eventually(async () => {
      const view = await client.coordinatorState('vision', model.modelId).catch(() => undefined);
      return view && view.running === undefined && view.pending === undefined && view.totals.closed === 2 ? true : undefined;
    }, 120_000, 200);
    const runs: Recorded[] = [];
    for await (const run of t.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push({ name: '', handle: t.client.workflow.getHandle(workflowId, run.runId) });
    }
    // Oldest first, so the file names follow the chain of runs.
    runs.reverse().forEach((run, i) => (run.name = `coordinator-run-${i + 1}`));
    return runs;
  },
};

async function write(scenario: string, recorded: Recorded): Promise<HistoryEntry> {
  const history = await recorded.handle.fetchHistory();
  const file = `${recorded.name}.json`;
  fs.writeFileSync(path.join(HISTORIES_DIR, file), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
  return { file, scenario, workflowId: recorded.handle.workflowId, events: history.events?.length ?? 0 };
}


async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const names = asked.length > 0 ? asked : Object.keys(SCENARIOS);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  // A scenario recorded again replaces all of its files (a coordinator chain may have fewer runs this time), except
  // the frozen ones: histories of older code kept so that its runs in flight keep replaying.
  const kept = readManifest().filter((entry) => {
    if (!names.includes(entry.scenario) || entry.frozen !== undefined) return true;
    fs.rmSync(path.join(HISTORIES_DIR, entry.file), { force: true });
    return false;
  });
  const t = await startTestStack({ timeScale: 60, sinks: { log: false } });
  try {
    for (const name of names) {
      for (const recorded of await SCENARIOS[name]!(t)) {
        const entry = await write(name, recorded);
        kept.push(entry);
        console.log(`recorded ${name}: ${path.join(path.relative(process.cwd(), HISTORIES_DIR), entry.file)} (${entry.events} events)`);
      }
    }
  } finally {
    await t.stop();
  }
  kept.sort((a, b) => a.file.localeCompare(b.file));
  fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(kept, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
