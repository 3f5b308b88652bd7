// The worker process: validated config, Temporal runtime (logs + metrics), the Einstein client, the sinks,
// the metrics endpoint. `runWorkerProcess` is the one start-up sequence (connect, create, run, drain, close) that
// `npm start`, the demo, the tests and the benches all use.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createActivities, recordApiCall } from './activities';
import { ConfigError, defaultWorkflowHeapMb, WORKER_DEFAULTS, workflowHeapNeededMb, type AppConfig } from './config';
import { createEinsteinClient } from './einstein-from-config';
import { sdkLogger, type Logger } from './logger';
import { createAppMetrics } from './metrics/app-metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import type { ReportStoreHolder } from './history';
import { sinksFromConfig, warmUpSinks } from './sinks';
import { freePort } from './temporal/free-port';
import { applyWorkflowHeapLimit, workflowHeapLimit } from './workflow-heap';

/** A configuration the worker can run with: Einstein settled (configured, or the embedded emulator's). */
export type RunnableConfig = AppConfig & { einstein: NonNullable<AppConfig['einstein']> };

export interface RetrainWorkerOptions {
  config: RunnableConfig;
  connection: NativeConnection;
  namespace?: string;
  logger: Logger;
  /** Registry of the application metrics (and the Prometheus sink); a fresh one when omitted. */
  registry?: Registry;
  /** Where the workflow code comes from; `workflowSource()` (a prebuilt bundle when there is one) when omitted. */
  workflows?: WorkflowSource;
  /** Extra Worker.create options (tests use identity, etc.). */
  workerOptions?: Partial<Parameters<typeof Worker.create>[0]>;
  /** The process's shared history store, when the trigger API runs in this process too and reads it. */
  historyStore?: ReportStoreHolder;
}

export interface RetrainWorker {
  worker: Worker;
  /** Runs until shutdown() or a fatal error; closes the Einstein client at the end. */
  run(): Promise<void>;
  shutdown(): void;
}

export const WORKFLOWS_PATH = require.resolve('./workflows');

/** The file `npm run build` writes beside the compiled code (dist/workflow-bundle.js, by scripts/bundle-workflows.js). */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';
/** Names a prebuilt bundle explicitly (e.g. one built in another stage); it must exist. */
export const WORKFLOW_BUNDLE_ENV = 'EINSTEIN_RETRAIN_WORKFLOW_BUNDLE';

/**
 * Workflow code for Worker.create: a prebuilt bundle (loaded as it is), or the workflows' entry module, which the
 * SDK bundles with webpack at every start (seconds of CPU and hundreds of MB at peak, per worker process).
 */
export type WorkflowSource = { workflowBundle: { codePath: string } } | { workflowsPath: string };

/**
 * The prebuilt bundle when there is one, else the workflows' sources. Order: WORKFLOW_BUNDLE_ENV; then
 * `workflow-bundle.js` in this module's folder, which exists only in a build (dist/), so ts-node (tests, the demo,
 * `npm run start:dev`) keeps bundling the current sources and never runs a stale bundle.
 */
export function workflowSource(env: NodeJS.ProcessEnv = process.env, moduleDir: string = __dirname): WorkflowSource {
  const explicit = env[WORKFLOW_BUNDLE_ENV];
  if (explicit !== undefined) {
    if (explicit.trim() === '') throw new ConfigError([`${WORKFLOW_BUNDLE_ENV}: expected the path of a workflow bundle; it is set but empty: give a value, or unset it`]);
    const codePath = path.resolve(explicit);
    if (!isFile(codePath)) throw new ConfigError([`${WORKFLOW_BUNDLE_ENV}: ${codePath} is not a file (build one with npm run build)`]);
    return { workflowBundle: { codePath } };
  }
  const beside = path.join(moduleDir, WORKFLOW_BUNDLE_FILE);
  return isFile(beside) ? { workflowBundle: { codePath: beside } } : { workflowsPath: WORKFLOWS_PATH };
}

/** One line for the start-up log: which workflow code this worker runs. */
export function describeWorkflowSource(source: WorkflowSource): string {
  return 'workflowBundle' in source ? `prebuilt bundle ${source.workflowBundle.codePath}` : `bundled at start-up from ${source.workflowsPath}`;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * How long start-up waits for a sink to get ready (the embedded history database compiles and migrates in seconds).
 * Reports are delivered inline in a workflow task (src/activities/finish-report.ts), so a database opened there
 * would stretch the first retrain's task and add history events.
 */
export const SINK_WARM_UP_TIMEOUT_MS = 20_000;

export async function createRetrainWorker(options: RetrainWorkerOptions): Promise<RetrainWorker> {
  const { config, logger } = options;
  const workflows = options.workflows ?? workflowSource();
  logger.info({ workflows: describeWorkflowSource(workflows) }, 'workflow code');
  const registry = options.registry ?? new Registry();
  const metrics = createAppMetrics(registry);
  const einstein = createEinsteinClient(config.einstein, {
    onCall: (call) => {
      recordApiCall();
      metrics.einsteinCall(call);
    },
    retryAfterCeilingMs: config.maxRetryAfterMs,
  });
  const sinks = sinksFromConfig(config.sinks, { logger, registry, historyStore: options.historyStore });
  await warmUpSinks(sinks, SINK_WARM_UP_TIMEOUT_MS, (sink, reason) => logger.warn({ sink }, `report sink ${sink} not warmed up: ${reason}`));
  // Before Worker.create: the SDK starts its workflow thread there, and the thread's heap takes the limit set now.
  const cache = config.workerSizing?.maxCachedWorkflows ?? WORKER_DEFAULTS.maxCachedWorkflows;
  const heapLimit = workflowHeapLimit(config.workflowHeapMb, defaultWorkflowHeapMb(cache));
  applyWorkflowHeapLimit(heapLimit);
  logger.info({ workflowHeapMb: heapLimit.mb ?? null, source: heapLimit.source, maxCachedWorkflows: cache }, 'workflow thread heap limit');
  if (heapLimit.mb !== undefined && heapLimit.mb < workflowHeapNeededMb(cache)) {
    logger.warn(
      { workflowHeapMb: heapLimit.mb, neededMb: Math.ceil(workflowHeapNeededMb(cache)), maxCachedWorkflows: cache },
      'the workflow heap limit is below what a full cache needs: the worker may run out of memory; raise EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB or lower EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS',
    );
  }
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: config.taskQueue,
    ...workflows,
    activities: createActivities({ einstein, sinks, metrics, temporal: new Client({ connection: options.connection, namespace: options.namespace }) }),
    // Every activity makes Einstein calls; this caps them across all workers of the task queue.
    maxTaskQueueActivitiesPerSecond: config.maxApiCallsPerSecond,
    // Bounded cache and slots (config.ts, WORKER_DEFAULTS): memory stays flat however many retrains run.
    ...(config.workerSizing ?? {}),
    ...options.workerOptions,
  });
  return {
    worker,
    run: async () => {
      try {
        await worker.run();
      } finally {
        await einstein.close();
        await Promise.allSettled(sinks.map((sink) => sink.close?.()));
      }
    },
    shutdown: () => worker.shutdown(),
  };
}

/**
 * The names Temporal's own Grafana dashboards query (temporalio/dashboards, sdk/): counters end in `_total`, durations
 * are histograms in seconds with the unit in the name (`temporal_activity_execution_latency_seconds_bucket`).
 */
export const SDK_METRIC_NAMING = { countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } as const;

export interface RunningWorker {
  worker: RetrainWorker;
  /** Resolves when the worker has drained after shutdown(); rejects on a fatal worker error. */
  running: Promise<void>;
  /** Drains the worker (in-flight activities finish), then closes its connection. */
  stop(): Promise<void>;
}

/**
 * Connects to Temporal, creates the worker and starts it polling; stop() drains it and closes the connection. The
 * Temporal runtime (installRuntime) and the metrics endpoint are the caller's: a process installs them once.
 */
export async function runWorkerProcess(
  options: Omit<RetrainWorkerOptions, 'connection'> & { connection: NativeConnectionOptions },
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect(options.connection);
  try {
    const worker = await createRetrainWorker({ ...options, connection });
    const running = worker.run();
    let stopped: Promise<void> | undefined;
    // Idempotent: a signal handler and the caller's own clean-up may both stop the worker.
    const stop = () =>
      (stopped ??= (async () => {
        if (worker.worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      })());
    return { worker, running, stop };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Installs the Temporal runtime once per process: logs through pino, metrics on a private loopback port. */
export async function installRuntime(logger: Logger, withMetrics: boolean): Promise<string | undefined> {
  const sdkMetricsAddress = withMetrics ? `127.0.0.1:${await freePort()}` : undefined;
  Runtime.install({
    logger: sdkLogger(logger),
    telemetryOptions: sdkMetricsAddress ? { metrics: { prometheus: { bindAddress: sdkMetricsAddress, ...SDK_METRIC_NAMING } } } : {},
  });
  return sdkMetricsAddress;
}

export async function startMetrics(config: AppConfig, registry: Registry, sdkMetricsAddress?: string): Promise<MetricsServer | undefined> {
  if (config.metricsPort === 0) return undefined;
  // Node's process metrics (CPU, memory, event loop lag, handles), once per registry.
  if (registry.getSingleMetric('process_cpu_user_seconds_total') === undefined) collectDefaultMetrics({ register: registry });
  return startMetricsServer({ port: config.metricsPort, host: config.metricsHost, registry, sdkMetricsAddress });
}

/**
 * Waits until Temporal answers for `namespace` (the frontend is up and the namespace exists), retrying with a growing
 * delay up to `timeoutMs`. In a container stack the worker often starts before Temporal (or before its namespace is
 * created); waiting here replaces a healthcheck that Temporal's images cannot run. `timeoutMs` 0 tries once.
 */
export async function waitForTemporal(options: {
  connection: NativeConnectionOptions;
  namespace: string;
  timeoutMs: number;
  logger: Logger;
  /** Tests pass a fake; NativeConnection.connect by default. */
  connect?: (options: NativeConnectionOptions) => Promise<Pick<NativeConnection, 'workflowService' | 'close'>>;
  /** First delay between attempts; doubled up to 5 s. */
  retryDelayMs?: number;
}): Promise<void> {
  const connect = options.connect ?? ((connectionOptions: NativeConnectionOptions) => NativeConnection.connect(connectionOptions));
  const deadline = Date.now() + options.timeoutMs;
  let delayMs = options.retryDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const connection = await connect(options.connection);
      try {
        await connection.workflowService.describeNamespace({ namespace: options.namespace });
      } finally {
        await connection.close();
      }
      if (attempt > 1) options.logger.info({ address: options.connection.address, namespace: options.namespace, attempts: attempt }, 'Temporal is reachable');
      return;
    } catch (error) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      options.logger.warn({ address: options.connection.address, namespace: options.namespace, attempt, reason }, 'waiting for Temporal');
      await sleep(Math.min(delayMs, remainingMs));
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }
}
