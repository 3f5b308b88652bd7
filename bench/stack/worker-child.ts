/**
 * Forks the bench's worker process (worker-process.ts) and drives it: wait until it polls, stop it cleanly.
 * Its environment is built from scratch so that Einstein or Temporal settings of the shell cannot leak into it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MemorySample, WorkerMessage } from './worker-process';

export interface WorkerChildOptions {
  kind: 'product' | 'baseline' | 'noop';
  temporalAddress: string;
  taskQueue: string;
  einsteinBaseUrl: string;
  /** A static access token the emulator accepts. */
  accessToken: string;
  /** Product worker's cap on activities per second across the task queue (EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND). */
  maxApiCallsPerSecond: number;
  logFile: string;
  logLevel?: 'info' | 'warn';
  /** Bundling the workflow code takes a while on a busy machine. @default 120 s */
  readyTimeoutMs?: number;
  /** V8 old-space limit of the worker (--max-old-space-size); Node's default when omitted. */
  heapLimitMb?: number;
  /** Further environment of the worker (the product's cache and slot variables, EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS...). */
  env?: Record<string, string>;
  /** Install the SDK's Prometheus exporter, as `npm start` does with a metrics port. @default false */
  sdkMetrics?: boolean;
  /** A prebuilt workflow bundle for the product worker (EINSTEIN_RETRAIN_WORKFLOW_BUNDLE), as `npm start` loads one. */
  workflowBundle?: string;
  /**
   * The compiled worker process (worker-build.ts) to run with plain node, as `npm start` runs dist/start.js; the
   * TypeScript source under ts-node when omitted.
   */
  compiledEntry?: string;
  /**
   * Run the workflows in the worker's main thread (the SDK's debugMode) instead of its workflow thread, so that
   * process.memoryUsage() and v8.getHeapStatistics() see their heap: for attributing memory, not for throughput.
   */
  workflowsInMainThread?: boolean;
}

export interface WorkerChild {
  pid: number;
  /** The worker's own memory samples (process.memoryUsage, cached workflows), one a second, since it started. */
  memory(): readonly MemorySample[];
  /** How the process ended when it ended before stop() asked it to (a crash: out of memory...); undefined while it runs. */
  unexpectedExit(): { code: number | null; signal: string | null; atMs: number } | undefined;
  /** Asks for a graceful shutdown; kills the process if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export async function forkWorker(options: WorkerChildOptions): Promise<WorkerChild> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  // The report history (embedded, the product's default) of this worker alone: a fresh database per worker, as a
  // new deployment has, instead of one that grows with every bench run in the repository's .data/.
  const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
  // BENCH_WORKER_NODE_FLAGS: node flags for the worker that NODE_OPTIONS refuses (a CPU profile: --cpu-prof).
  const extraFlags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const heapFlags = [...(options.heapLimitMb ? [`--max-old-space-size=${options.heapLimitMb}`] : []), ...extraFlags];
  const child = fork(options.compiledEntry ?? path.join(__dirname, 'worker-process.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: options.compiledEntry ? heapFlags : ['-r', 'ts-node/register/transpile-only', ...heapFlags],
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      BENCH_WORKER_KIND: options.kind,
      BENCH_TEMPORAL_ADDRESS: options.temporalAddress,
      BENCH_WORKER_LOG_FILE: options.logFile,
      EINSTEIN_RETRAIN_TASK_QUEUE: options.taskQueue,
      EINSTEIN_BASE_URL: options.einsteinBaseUrl,
      EINSTEIN_ACCESS_TOKEN: options.accessToken,
      EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: String(options.maxApiCallsPerSecond),
      EINSTEIN_RETRAIN_METRICS_PORT: '0',
      EINSTEIN_RETRAIN_HISTORY_DIR: historyDir,
      LOG_LEVEL: options.logLevel ?? 'info',
      BENCH_SDK_METRICS: String(options.sdkMetrics ?? false),
      ...(options.workflowBundle ? { EINSTEIN_RETRAIN_WORKFLOW_BUNDLE: options.workflowBundle } : {}),
      ...(options.workflowsInMainThread ? { BENCH_WORKFLOWS_IN_MAIN_THREAD: 'true' } : {}),
      ...options.env,
    },
  });
  const memory: MemorySample[] = [];
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'memory') memory.push(message.sample);
  });
  fs.closeSync(log);
  let stopping = false;
  let unexpected: { code: number | null; signal: string | null; atMs: number } | undefined;
  child.once('exit', (code, signal) => {
    if (!stopping) unexpected = { code, signal, atMs: Date.now() };
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() => fs.rmSync(historyDir, { recursive: true, force: true }));
  try {
    await waitReady(child, options.readyTimeoutMs ?? 120_000, options.logFile);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    pid: child.pid ?? -1,
    memory: () => memory,
    unexpectedExit: () => unexpected,
    stop: async (graceMs = 60_000) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitReady(child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench worker not ready within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`bench worker failed to start: ${message.message} (log: ${logFile})`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench worker exited before it was ready (code ${code}, signal ${signal}; log: ${logFile})`));
    });
  });
}
