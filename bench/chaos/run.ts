/**
 * Runs chaos scenarios one after the other, each on a fresh stack: create the models, put the scenario's fault rules
 * in place, start every retrain at once, run the disruptions, wait until every run has closed (or the scenario times
 * out), then check the invariants on what the emulator, Temporal and the sinks recorded.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import type { TrainingRecord } from '../../src/emulator/control/control-client';
import { FIXTURE } from '../../src/emulator/state/fixture';
import { WORKFLOWS_PATH } from '../../src/worker';
import type { RetrainInput } from '../../src/contract/retrain-input';
import { startDisruptions, seededRandom, type DisruptionLog } from './disruptions';
import { collectEvidence } from './evidence';
import { check, type RequestRecord, type Verdict } from './invariants';
import { createModels } from './models';
import type { Profile, Scenario } from './scenarios';
import { TASK_QUEUE, startChaosStack, type ChaosStack } from './stack';

/** Simulated seconds per real second: a training planned at 900 simulated seconds lasts 15 s. */
export const TIME_SCALE = 60;

/** The policy every retrain of the suite runs with. */
export const POLICY = { minPollDelayMs: 500, submitAttemptTimeoutMs: 5_000 } as const;

/** Requests Einstein refuses for good, mixed into every scenario; each must fail at once with its typed code. */
const REFUSALS: Array<Omit<RequestRecord, 'workflowId'>> = [
  { modelId: FIXTURE.models.deletedModel.modelId, domain: 'vision', expect: 'MODEL_NOT_FOUND' },
  { modelId: FIXTURE.unknownModelId, domain: 'vision', expect: 'MODEL_NOT_FOUND' },
  { modelId: FIXTURE.models.modelOfDeletedDataset.modelId, domain: 'vision', expect: 'DATASET_DELETED' },
  { modelId: FIXTURE.models.modelOfDeletePendingDataset.modelId, domain: 'vision', expect: 'DATASET_DELETED' },
];

export interface ScenarioResult {
  name: string;
  injects: string;
  verdict: Verdict;
  disruptions: DisruptionLog;
  worker: { starts: number; kills: number; ownExits: number; startFailures: number };
  apiCalls: number;
  secretScan: { accessTokens: number; controlFound: boolean; histories: number; bytes: number };
  /** How long after a training ended its end was first read (emulator records): median and max, seconds. */
  endSeenAfterS: { median: number; max: number } | null;
  /** From the first retrain's start until every run had closed. */
  runMs: number;
  /** The scenario's folder (logs, state file, database), kept when a violation was found or with --keep. */
  dir?: string;
}

export interface RunOptions {
  profile: Profile;
  seed: number;
  runDir: string;
  keep: boolean;
  log: (line: string) => void;
}

/** Bundles the workflow code once for the whole run: every worker (re)start then loads it in a moment. */
export async function bundleWorkflows(runDir: string): Promise<string> {
  fs.mkdirSync(runDir, { recursive: true });
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const file = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(file, code);
  return file;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

export async function runScenario(scenario: Scenario, bundle: string, options: RunOptions): Promise<ScenarioResult> {
  const { profile, log } = options;
  const dir = path.join(options.runDir, scenario.name);
  const stack = await startChaosStack({ dir, seed: options.seed, timeScale: TIME_SCALE, workflowBundle: bundle });
  let keepDir = options.keep;
  try {
    const requests = await prepare(stack, scenario, options);
    for (const rule of scenario.rules) await stack.control.addFault(rule);
    log(`  ${requests.length} requests (${profile.retrains} retrains, 1 planned failure, ${REFUSALS.length} refusals); ${scenario.rules.length} fault rules, ${scenario.disruptions.length} disruptions`);

    const started = Date.now();
    for (const r of requests) {
      const input: RetrainInput = { domain: r.domain, modelId: r.modelId, policy: POLICY, trigger: { source: 'client' } };
      await stack.client.workflow.start('retrainModel', { taskQueue: TASK_QUEUE, workflowId: r.workflowId, args: [input] });
    }
    const disruptions = startDisruptions(stack, scenario.disruptions, options.seed);
    const stuck = await waitClosed(stack, requests.map((r) => r.workflowId), started + profile.scenarioTimeoutMs, log);
    const runMs = Date.now() - started;
    await disruptions.stop();
    await retry(() => stack.control.clearFaults(), 60_000);
    await waitReports(stack, requests.filter((r) => !stuck.has(r.workflowId)).map((r) => r.workflowId), 180_000);

    const evidence = await collectEvidence(stack, requests, stuck);
    const verdict = check(evidence);
    if (verdict.violations.length > 0) keepDir = true;
    fs.writeFileSync(path.join(dir, 'evidence.json'), JSON.stringify({ requests, ends: evidence.ends, trainings: evidence.trainings, disruptions: disruptions.log.events }, null, 2));
    return {
      name: scenario.name,
      injects: scenario.injects,
      verdict,
      disruptions: disruptions.log,
      worker: { ...stack.worker.stats },
      apiCalls: (await stack.control.calls()).total,
      secretScan: evidence.scanned,
      endSeenAfterS: endSeenAfter(evidence.trainings, requests),
      runMs,
      ...(keepDir && { dir }),
    };
  } catch (error) {
    keepDir = true;
    throw error;
  } finally {
    await stack.stop();
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function endSeenAfter(trainings: TrainingRecord[], requests: RequestRecord[]): ScenarioResult['endSeenAfterS'] {
  const models = new Set(requests.map((r) => r.modelId));
  const lags = trainings
    .filter((t) => t.kind === 'retrain' && models.has(t.modelId) && t.endedAt !== null && t.firstTerminalReadAt !== null)
    .map((t) => (Date.parse(t.firstTerminalReadAt!) - Date.parse(t.endedAt!)) / 1000)
    .sort((a, b) => a - b);
  if (lags.length === 0) return null;
  return { median: lags[Math.floor((lags.length - 1) / 2)]!, max: lags[lags.length - 1]! };
}

/** Creates the models, plans each one's retrain, and lists the requests (healthy, one planned failure, refusals). */
async function prepare(stack: ChaosStack, scenario: Scenario, options: RunOptions): Promise<RequestRecord[]> {
  const { profile } = options;
  const models = await createModels({ baseUrl: stack.emulator.url, token: stack.secrets.setupToken }, stack.control, profile.retrains + 1);
  const random = seededRandom(options.seed + 1);
  const [min, max] = profile.trainingSeconds;
  const requests: RequestRecord[] = [];
  for (const [i, model] of models.entries()) {
    const durationSeconds = Math.round((min + random() * (max - min)) * TIME_SCALE);
    const planned = i === models.length - 1;
    await stack.control.planNextTraining(model.modelId, planned ? { outcome: 'KILLED', durationSeconds } : { durationSeconds });
    requests.push({
      workflowId: `chaos-${scenario.name}-${planned ? 'killed' : 'retrain'}-${String(i).padStart(2, '0')}`,
      modelId: model.modelId,
      domain: model.domain,
      expect: planned ? 'TRAINING_FAILED' : 'SUCCEEDED',
    });
  }
  REFUSALS.forEach((r, i) => requests.push({ ...r, workflowId: `chaos-${scenario.name}-refusal-${i}-${r.expect.toLowerCase()}` }));
  return requests;
}

/** Waits until every run is closed; tolerates Temporal being down meanwhile. Returns the runs still open at the deadline. */
async function waitClosed(stack: ChaosStack, ids: string[], deadline: number, log: (line: string) => void): Promise<Set<string>> {
  const open = new Set(ids);
  let lastNote = Date.now();
  while (open.size > 0 && Date.now() < deadline) {
    for (const id of [...open]) {
      try {
        const description = await stack.client.workflow.getHandle(id).describe();
        if (description.status.name !== 'RUNNING') open.delete(id);
      } catch {
        break; // Temporal is down (a scenario killed it): ask again later
      }
    }
    if (open.size === 0) break;
    if (Date.now() - lastNote > 30_000) {
      lastNote = Date.now();
      log(`  … ${open.size} of ${ids.length} runs still open`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return open;
}

/** Waits until both sinks hold a report of each run (delivery is a child workflow that outlives its run). */
async function waitReports(stack: ChaosStack, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivered = new Set(stack.deliveries.map((d) => d.report.workflowId));
    const inFile = fs.existsSync(stack.files.jsonl) ? fs.readFileSync(stack.files.jsonl, 'utf8') : '';
    const missing = ids.filter((id) => !delivered.has(id) || !inFile.includes(`"workflowId":"${id}"`));
    if (missing.length === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function retry<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
