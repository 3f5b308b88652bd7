// A complete test stack: real Temporal dev server, the emulator over real HTTP, and the product's own worker
// (runWorkerProcess, as npm start runs it) in this process. Logs are captured so tests can look for secrets in them.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { RetrainClient } from '../../../src/client';
import { currentState } from '../../../src/client/run-reader';
import type { RetrainState } from '../../../src/workflows/retrain-state';
import type { AppConfig } from '../../../src/config';
import { startEmbeddedStack, type EmbeddedStack } from '../../../src/embedded-stack';
import { EinsteinClient } from '../../../src/einstein';
import { EmulatorControl, type TrainingPlan } from '../../../src/emulator/control/control-client';
import { runWorkerProcess, type RunnableConfig, type RunningWorker } from '../../../src/worker';
import type { ReportStoreHolder } from '../../../src/history';
import type { RetrainInput } from '../../../src/contract/retrain-input';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { retrainStaticDetails, retrainSummary } from '../../../src/workflows/run-details';
import { RETRAIN_WORKFLOW_TYPE } from '../../../src/workflows/workflow-ids';
import { DOMAIN, MODEL_ID, TRIGGER_SOURCE } from '../../../src/workflows/search-attributes';

export interface TestStack {
  stack: EmbeddedStack;
  client: Client;
  control: EmulatorControl;
  taskQueue: string;
  config: RunnableConfig;
  logs: string[];
  jsonlFile: string;
  /** The client API every trigger goes through. */
  retrain: RetrainClient;
  /**
   * Asks the model's coordinator for a retrain through the client API, as every other caller does, and answers with
   * a handle of the run the coordinator started (its id comes from the coordinator's answer). `requestId` is the
   * idempotency key: the same id twice is one run.
   */
  startRetrain(input: RetrainInput, requestId?: string): Promise<WorkflowHandle>;
  /**
   * Starts `retrainModel` itself, next to the coordinator. Only for what the coordinator's edge cannot let through:
   * the workflow's own check of its input (the client refuses bad input before any workflow exists) and the golden
   * histories, which are recorded under fixed ids as histories of the retrain alone. `searchAttributesAtStart` sets
   * model, domain and trigger source at start, as the coordinator does (coordinator-runs.ts); without it the
   * workflow upserts them itself.
   */
  startRetrainDirectly(input: RetrainInput, workflowId?: string, options?: { searchAttributesAtStart?: boolean }): Promise<WorkflowHandle>;
  stop(): Promise<void>;
}

export type { RunnableConfig };

let counter = 0;

export async function startTestStack(
  options: {
    timeScale?: number;
    seed?: number;
    sinks?: Partial<AppConfig['sinks']>;
    worker?: boolean;
    /** The history sink's store, shared with the test so it can read what the sink kept (one process per folder). */
    historyStore?: ReportStoreHolder;
  } = {},
): Promise<TestStack> {
  const stack = await startEmbeddedStack({ timeScale: options.timeScale ?? 60, seed: options.seed ?? 7 });
  const address = stack.temporal!.address;
  const taskQueue = `retrain-test-${process.pid}-${++counter}`;
  const jsonlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'retrain-test-')), 'reports.jsonl');
  const config: RunnableConfig = {
    taskQueue,
    einstein: {
      baseUrl: stack.emulator!.url,
      auth: { mode: 'jwt', accountId: stack.account!.accountId, privateKey: { pem: stack.account!.privateKeyPem }, validForSeconds: 3600 },
    },
    maxApiCallsPerSecond: 1000,
    metricsPort: 0,
    metricsHost: '127.0.0.1',
    sinks: { log: true, jsonlFile, prometheus: false, ...options.sinks },
    logLevel: 'debug',
  };
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  const logger = pino({ level: 'debug' }, sink);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const worker: RunningWorker | undefined = (options.worker ?? true) ? await runWorkerProcess({ config, connection: { address }, logger, ...(options.historyStore && { historyStore: options.historyStore }) }) : undefined;
  const retrain = new RetrainClient({ client, taskQueue });
  return {
    stack,
    client,
    control: new EmulatorControl(stack.emulator!.url),
    taskQueue,
    config,
    logs,
    jsonlFile,
    retrain,
    startRetrain: (input, requestId) => startThroughCoordinator(client, retrain, input, requestId ?? `test-${process.pid}-${++counter}`),
    startRetrainDirectly: (input, workflowId, startOptions) =>
      client.workflow.start(RETRAIN_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: workflowId ?? `retrain-${input.domain}-${input.modelId}-${++counter}`,
        args: [input],
        ...(startOptions?.searchAttributesAtStart && {
          typedSearchAttributes: [
            { key: MODEL_ID, value: input.modelId },
            { key: DOMAIN, value: input.domain },
            { key: TRIGGER_SOURCE, value: input.trigger?.source ?? 'client' },
          ],
        }),
        // As the coordinator starts its children (coordinator-runs.ts), so the Temporal UI reads both alike.
        staticSummary: retrainSummary(input),
        staticDetails: retrainStaticDetails(input),
      }),
    stop: async () => {
      await worker?.stop();
      await connection.close();
      await stack.stop();
    },
  };
}

async function startThroughCoordinator(client: Client, retrain: RetrainClient, input: RetrainInput, requestId: string): Promise<WorkflowHandle> {
  const { domain, modelId, epochs, learningRate, algorithm, trainParams, policy } = input;
  const params = {
    ...(epochs !== undefined && { epochs }),
    ...(learningRate !== undefined && { learningRate }),
    ...(algorithm !== undefined && { algorithm }),
    ...(trainParams && { trainParams }),
  };
  const ack = await retrain.requestRetrain({ domain, modelId, requestId, ...(Object.keys(params).length > 0 && { params }), ...(policy && { policy }) });
  const workflowId = ack.retrainWorkflowId;
  if (!workflowId || (ack.disposition !== 'started' && ack.disposition !== 'queued')) {
    throw new Error(`the coordinator did not start a run: ${JSON.stringify(ack)}`);
  }
  // A queued run starts as soon as the coordinator has seen the model's previous run close.
  const handle = client.workflow.getHandle(workflowId);
  await eventually(() => handle.describe().then(() => true, () => undefined));
  return handle;
}

/**
 * Starts a vision retrain of `modelId` straight on the emulator, as another tool of the account would, with `plan`
 * for its timeline: the model's dataset is busy with a training that is not ours.
 */
export async function startForeignRetrain(t: TestStack, modelId: string, plan: TrainingPlan): Promise<void> {
  const einstein = new EinsteinClient({
    baseUrl: t.stack.emulator!.url,
    auth: { mode: 'jwt', accountId: t.stack.account!.accountId, privateKeyPem: t.stack.account!.privateKeyPem },
  });
  try {
    await t.control.planNextTraining(modelId, plan);
    await einstein.retrain('vision', { modelId });
  } finally {
    await einstein.close();
  }
}

export type RetrainHandle = WorkflowHandle & { result(): Promise<RetrainResult> };

/** Counts the events of a workflow run's history. */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return history.events?.length ?? 0;
}

/**
 * Waits until the run follows its training as its users see it: the query merged with the heartbeat of the pending
 * submitAndFollow activity (src/client/run-reader.ts), since the workflow itself hears of the submission only at
 * the training's end.
 */
export async function untilTraining(t: Pick<TestStack, 'client'>, handle: WorkflowHandle, timeoutMs = 30_000): Promise<RetrainState> {
  return eventually(async () => {
    const state = await currentState(t.client, handle.workflowId).catch(() => undefined);
    return state?.phase === 'training' ? state : undefined;
  }, timeoutMs);
}

/** Waits (bounded) until `check` returns a value that is not undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The product's worker as a separate process (worker-process.ts), configured by environment variables only, so a
 * test can kill it at an awkward moment. Resolves once it polls the stack's task queue.
 */
export function startWorkerProcess(t: TestStack, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker-process.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      TEMPORAL_ADDRESS: t.stack.temporal!.address,
      EINSTEIN_BASE_URL: t.stack.emulator!.url,
      EINSTEIN_ACCOUNT_ID: t.stack.account!.accountId,
      EINSTEIN_PRIVATE_KEY: t.stack.account!.privateKeyPem,
      EINSTEIN_RETRAIN_TASK_QUEUE: t.taskQueue,
      EINSTEIN_RETRAIN_METRICS_PORT: '0',
      EINSTEIN_RETRAIN_JSONL_FILE: t.jsonlFile,
      // An embedded history database belongs to one process: each worker process gets its own folder.
      EINSTEIN_RETRAIN_HISTORY_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'retrain-history-')),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker-ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker process exited early with ${code}`)));
  });
}
