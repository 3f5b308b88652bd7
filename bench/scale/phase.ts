/**
 * One phase of bench:scale: N concurrent retrains of one system (product or baseline) on a fresh stack — dev server,
 * emulator, one worker in its own process — measured from the first start to the last close.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Rng } from '../../src/emulator/simulator/rng';
import type { CallCounts } from '../../src/emulator/control/control-client';
import { DEFAULT_POLL_BOUNDS } from '../../src/polling/poll-schedule';
import { MemorySummary, summarizeMemory } from '../lib/memory';
import { LoadSampler, MachineLoad } from '../lib/machine-load';
import { ProcSampler, sampleProcess, type ProcUsage } from '../lib/proc-stats';
import { summarizeOrNone, type Summary } from '../lib/stats';
import { createFixtureModels, mapLimit, startBenchStack, type BenchStack, type FixtureModel, type FixtureModelSpec } from '../stack/bench-stack';
import { trainingTruth } from '../stack/emulator-truth';
import { forkWorker, type WorkerChild } from '../stack/worker-child';
import { WORKLOADS, type SystemId, type Workload } from '../stack/workloads';

export interface PhaseOptions {
  system: SystemId;
  n: number;
  seed: number;
  /** Simulated seconds per real second in the emulator. */
  timeScale: number;
  /** Real-time duration of each training (RUNNING), drawn uniformly per model from the seed. */
  trainingS: { min: number; max: number };
  /** Give up waiting for the last retrains after this long (they count as not finished). */
  phaseTimeoutMs: number;
  /** The product worker's EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND. */
  maxApiCallsPerSecond: number;
  /** V8 heap limit of the worker process; Node's default when omitted. */
  workerHeapMb?: number;
  /** Cache and slot variables of the worker (EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS, ...); the product's defaults when omitted. */
  workerEnv?: Record<string, string>;
  /** The SDK's Prometheus exporter in the worker, as with a metrics port. */
  sdkMetrics?: boolean;
  /** Prebuilt workflow bundle for the product worker; webpack at its start when omitted. */
  workflowBundle?: string;
  /** The compiled worker process to run with plain node (bench/stack/worker-build.ts); ts-node when omitted. */
  compiledWorker?: string;
  /** Workflows in the worker's main thread (the SDK's debugMode), to attribute memory. */
  workflowsInMainThread?: boolean;
  logDir?: string;
  log?: (line: string) => void;
}

const SummarySchema = z.object({ count: z.number(), min: z.number(), p50: z.number(), p95: z.number(), max: z.number(), mean: z.number() });
const UsageSchema = z.object({
  pid: z.number(),
  cpuSeconds: z.number(),
  cpuPercentMean: z.number(),
  cpuPercentPeak: z.number(),
  rssStartMb: z.number(),
  rssPeakMb: z.number(),
  hwmMb: z.number(),
  samples: z.number(),
});

export const PhaseResult = z.object({
  system: z.enum(['product', 'baseline']),
  label: z.string(),
  n: z.number().int(),
  /** The worker's cache size (EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS) when the bench set one; the product's default otherwise. */
  maxCachedWorkflows: z.number().int().optional(),
  /** Whether the worker ran the SDK's Prometheus exporter. */
  sdkMetrics: z.boolean(),
  /** The worker's environment beyond the bench's own (cache, workflow heap, MALLOC_ARENA_MAX...), as set for this phase. */
  workerEnv: z.record(z.string(), z.string()).optional(),
  /** How the worker ran: plain node on compiled code (as `npm start`) or ts-node; workflows in their thread or the main one. */
  workerRuntime: z.object({ compiled: z.boolean(), workflowsInMainThread: z.boolean() }).optional(),
  /** The worker process ended during the phase without being asked (a crash), seconds after the first start. */
  workerExited: z.object({ code: z.number().nullable(), signal: z.string().nullable(), afterS: z.number() }).optional(),
  /** The machine's 1-minute load average during the phase. */
  machineLoad: MachineLoad.optional(),
  started: z.number().int(),
  completed: z.number().int(),
  /** Closed in any other way than completed (failed, terminated, timed out), by status. */
  notCompleted: z.record(z.string(), z.number().int()),
  completionRate: z.number(),
  /** Time to start all N workflows. */
  startS: z.number(),
  /** First start → last close. */
  wallS: z.number(),
  throughputPerMin: z.number(),
  /** Workflow start → the emulator accepted the retrain (what the orchestrator does before the training exists). */
  submitDelayS: SummarySchema.optional(),
  /** True training durations (emulator submission → end), real seconds. */
  trainingS: SummarySchema.optional(),
  /** Emulator end → the poll that saw the terminal status. */
  detectionLagS: SummarySchema.optional(),
  /**
   * How far each detection came after what the polling policy promises, max(minDelay, maxLagShare × training),
   * floored at 0: what the orchestrator's own delays (queued tasks, a busy worker or server) add beyond its schedule.
   */
  lagBeyondPolicyS: SummarySchema.optional(),
  /** Retrains whose detection lag exceeded the policy's promise. */
  lagBeyondPolicyCount: z.number().int().optional(),
  /** Emulator end → workflow closed (adds the metrics fetch and the report for the product). */
  closeLagS: SummarySchema.optional(),
  apiCalls: z.object({
    total: z.number().int(),
    perRetrain: z.number(),
    statusCallsPerRetrain: SummarySchema.optional(),
    byEndpoint: z.record(z.string(), z.number().int()),
  }),
  historyEvents: SummarySchema.optional(),
  /**
   * History events of every workflow the phase ran (child workflows such as a report delivery included: the stack is
   * fresh, so all of them are the phase's), per retrain started.
   */
  eventsPerRetrain: z.number().optional(),
  /** Workflows of any type the phase ran, per retrain (1 when there are no child workflows). */
  workflowsPerRetrain: z.number().optional(),
  worker: UsageSchema.optional(),
  /** The worker's memory split from its own samples (process.memoryUsage), and its cached workflows. */
  workerMemory: MemorySummary.optional(),
  server: UsageSchema.optional(),
  /** The bench process: the emulator and the driver (starts, completion polling). */
  emulatorAndDriver: z.object({ cpuSeconds: z.number(), rssMb: z.number() }),
});
export type PhaseResult = z.infer<typeof PhaseResult>;

/** Two-label datasets: mostly images (3–50 planned epochs from the size), some intent models (1000 planned, early stop). */
export function fixtureSpecs(n: number, seed: number): FixtureModelSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const rng = Rng.derive(seed, 'scale-fixture', i);
    return rng.next() < 0.7
      ? { domain: 'vision', type: 'image', examplesPerLabel: rng.int(20, 500) }
      : { domain: 'language', type: 'text-intent', examplesPerLabel: rng.int(20, 200) };
  });
}

export function trainingPlan(i: number, seed: number, options: Pick<PhaseOptions, 'timeScale' | 'trainingS'>) {
  const rng = Rng.derive(seed, 'scale-training', i);
  const realS = rng.between(options.trainingS.min, options.trainingS.max);
  // The emulator's usual scheduling delay (1–5 simulated seconds) before RUNNING.
  return { durationSeconds: realS * options.timeScale, queueSeconds: rng.between(1, 5) };
}

export async function runScalePhase(options: PhaseOptions): Promise<PhaseResult> {
  const log = options.log ?? (() => undefined);
  const workload = WORKLOADS[options.system];
  const stack = await startBenchStack({ seed: options.seed, timeScale: options.timeScale, queueCapacity: Math.max(64, 2 * options.n) });
  let stopWorker: (() => Promise<void>) | undefined;
  try {
    log(`  ${workload.label}, N=${options.n}: creating ${options.n} models`);
    const models = await createFixtureModels(stack, fixtureSpecs(options.n, options.seed));
    await mapLimit(models, 16, (m, i) => stack.control.planNextTraining(m.modelId, trainingPlan(i, options.seed, options)));
    const taskQueue = `bench-${options.system}-${options.n}`;
    const worker = await forkWorker({
      kind: options.system,
      temporalAddress: stack.temporalAddress,
      taskQueue,
      einsteinBaseUrl: stack.einsteinBaseUrl,
      accessToken: stack.accessToken,
      maxApiCallsPerSecond: options.maxApiCallsPerSecond,
      ...(options.workerHeapMb ? { heapLimitMb: options.workerHeapMb } : {}),
      ...(options.workerEnv ? { env: options.workerEnv } : {}),
      ...(options.sdkMetrics ? { sdkMetrics: true } : {}),
      ...(options.workflowBundle && options.system === 'product' ? { workflowBundle: options.workflowBundle } : {}),
      ...(options.compiledWorker ? { compiledEntry: options.compiledWorker } : {}),
      ...(options.workflowsInMainThread ? { workflowsInMainThread: true } : {}),
      logFile: path.join(options.logDir ?? os.tmpdir(), `bench-worker-${options.system}-${options.n}-${process.pid}.log`),
    });
    stopWorker = () => worker.stop();
    log(`  ${workload.label}, N=${options.n}: worker ${worker.pid} ready; starting retrains`);
    return await measure(stack, workload, models, taskQueue, worker, options, log);
  } finally {
    await stopWorker?.();
    await stack.stop();
  }
}

async function measure(
  stack: BenchStack,
  workload: Workload,
  models: FixtureModel[],
  taskQueue: string,
  worker: WorkerChild,
  options: PhaseOptions,
  log: (line: string) => void,
): Promise<PhaseResult> {
  const workerPid = worker.pid;
  const callsBefore = await stack.control.calls();
  const sampler = new ProcSampler([workerPid, stack.serverPid], 1_000);
  const load = new LoadSampler().start();
  const driverCpuBefore = process.cpuUsage();
  sampler.start();
  const startedAtMs = Date.now();
  const ids = models.map((_, i) => `${options.system}-${options.n}-${i}`);
  await mapLimit(models, 32, (model, i) => workload.start(stack.client, taskQueue, model, ids[i] as string));
  const startS = (Date.now() - startedAtMs) / 1000;
  log(`  ${workload.label}, N=${options.n}: ${models.length} started in ${startS.toFixed(1)} s; waiting`);
  await waitClosed(stack, workload, models.length, startedAtMs + options.phaseTimeoutMs, log, () => worker.unexpectedExit() !== undefined);
  const exit = worker.unexpectedExit();
  const usage = sampler.stop();
  const machineLoad = load.stop();
  const workerMemory = summarizeMemory(worker.memory(), startedAtMs, Date.now());
  const driverCpu = process.cpuUsage(driverCpuBefore);
  const callsAfter = await stack.control.calls();
  const collected = await collect(stack, workload, ids);
  const all = await allWorkflows(stack);
  const truth = await trainingTruth(stack.control, startedAtMs - 1_000);
  return summarizePhase({ workload, models, options, startS, startedAtMs, collected, truth, callsBefore, callsAfter, usage, workerPid, serverPid: stack.serverPid, driverCpu, workerMemory, all, machineLoad, ...(exit ? { workerExited: { code: exit.code, signal: exit.signal, afterS: (exit.atMs - startedAtMs) / 1000 } } : {}) });
}

async function waitClosed(stack: BenchStack, workload: Workload, n: number, deadlineMs: number, log: (line: string) => void, workerGone: () => boolean): Promise<void> {
  const query = `WorkflowType = '${workload.workflowType}' AND ExecutionStatus != 'Running'`;
  let lastLogged = 0;
  for (;;) {
    const { count } = await stack.client.workflow.count(query);
    if (count >= n) return;
    if (workerGone()) {
      log(`  ${workload.label}: the worker process exited during the phase (see its log); ${count}/${n} closed`);
      return;
    }
    if (Date.now() > deadlineMs) {
      log(`  ${workload.label}: ${count}/${n} closed at the deadline; the rest count as not finished`);
      return;
    }
    if (Date.now() - lastLogged > 15_000) {
      log(`  ${workload.label}: ${count}/${n} closed`);
      lastLogged = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, n >= 200 ? 2_000 : 500));
  }
}

interface Collected {
  workflowId: string;
  modelIndex: number;
  status: string;
  startMs?: number;
  closeMs?: number;
  historyLength?: number;
  seenAtMs?: number;
}

async function collect(stack: BenchStack, workload: Workload, ids: string[]): Promise<Collected[]> {
  const infos = new Map<string, { status: string; startMs?: number; closeMs?: number; historyLength?: number }>();
  for await (const info of stack.client.workflow.list({ query: `WorkflowType = '${workload.workflowType}'` })) {
    infos.set(info.workflowId, {
      status: info.status.name,
      startMs: info.startTime.getTime(),
      ...(info.closeTime ? { closeMs: info.closeTime.getTime() } : {}),
      historyLength: info.historyLength,
    });
  }
  return mapLimit(ids, 16, async (workflowId, modelIndex) => {
    const info = infos.get(workflowId);
    const base: Collected = { workflowId, modelIndex, status: info?.status ?? 'NOT_FOUND', ...info };
    if (info?.status !== 'COMPLETED') return base;
    const result = await stack.client.workflow.getHandle(workflowId).result();
    return { ...base, seenAtMs: workload.seenAtMs(result) };
  });
}

interface PhaseData {
  workload: Workload;
  models: FixtureModel[];
  options: PhaseOptions;
  startS: number;
  startedAtMs: number;
  collected: Collected[];
  truth: Awaited<ReturnType<typeof trainingTruth>>;
  callsBefore: CallCounts;
  callsAfter: CallCounts;
  usage: Map<number, ProcUsage>;
  workerPid: number;
  serverPid: number;
  driverCpu: NodeJS.CpuUsage;
  workerMemory?: MemorySummary;
  all: { workflows: number; events: number };
  machineLoad: MachineLoad;
  workerExited?: { code: number | null; signal: string | null; afterS: number };
}

/** Every workflow on the (fresh) server and the sum of their history lengths. */
async function allWorkflows(stack: BenchStack): Promise<{ workflows: number; events: number }> {
  let workflows = 0;
  let events = 0;
  for await (const info of stack.client.workflow.list()) {
    workflows += 1;
    events += info.historyLength;
  }
  return { workflows, events };
}

/** What the polling policy promises for a training of this length: max(minDelay, maxLagShare × duration), seconds. */
export function policyLagBoundS(trainingS: number): number {
  return Math.max(DEFAULT_POLL_BOUNDS.minDelayMs / 1000, DEFAULT_POLL_BOUNDS.maxLagShare * trainingS);
}

function summarizePhase(d: PhaseData): PhaseResult {
  const n = d.models.length;
  const completed = d.collected.filter((c) => c.status === 'COMPLETED');
  const notCompleted: Record<string, number> = {};
  for (const c of d.collected) if (c.status !== 'COMPLETED') notCompleted[c.status] = (notCompleted[c.status] ?? 0) + 1;
  const closes = d.collected.map((c) => c.closeMs).filter((t): t is number => t !== undefined);
  const wallS = closes.length > 0 ? (Math.max(...closes) - d.startedAtMs) / 1000 : 0;
  const lags: number[] = [];
  const closeLags: number[] = [];
  const trainings: number[] = [];
  const submitDelays: number[] = [];
  const beyondPolicy: number[] = [];
  for (const c of completed) {
    const model = d.models[c.modelIndex];
    const truth = model ? d.truth.get(model.modelId) : undefined;
    if (!truth) continue;
    if (c.startMs !== undefined) submitDelays.push((truth.submittedAtMs - c.startMs) / 1000);
    const trainingS = (truth.endsAtMs - truth.submittedAtMs) / 1000;
    trainings.push(trainingS);
    if (c.seenAtMs !== undefined) {
      const lagS = (c.seenAtMs - truth.endsAtMs) / 1000;
      lags.push(lagS);
      beyondPolicy.push(Math.max(0, lagS - policyLagBoundS(trainingS)));
    }
    if (c.closeMs !== undefined) closeLags.push((c.closeMs - truth.endsAtMs) / 1000);
  }
  const total = d.callsAfter.total - d.callsBefore.total;
  return {
    system: d.workload.system,
    label: d.workload.label,
    n,
    ...(d.options.workerEnv?.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(d.options.workerEnv.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS) } : {}),
    sdkMetrics: d.options.sdkMetrics ?? false,
    ...(d.options.workerEnv ? { workerEnv: d.options.workerEnv } : {}),
    workerRuntime: { compiled: d.options.compiledWorker !== undefined, workflowsInMainThread: d.options.workflowsInMainThread ?? false },
    machineLoad: d.machineLoad,
    ...(d.workerExited ? { workerExited: d.workerExited } : {}),
    started: d.collected.filter((c) => c.status !== 'NOT_FOUND').length,
    completed: completed.length,
    notCompleted,
    completionRate: n > 0 ? completed.length / n : 0,
    startS: d.startS,
    wallS,
    throughputPerMin: wallS > 0 ? completed.length / (wallS / 60) : 0,
    submitDelayS: summarizeOrNone(submitDelays),
    trainingS: summarizeOrNone(trainings),
    detectionLagS: summarizeOrNone(lags),
    lagBeyondPolicyS: summarizeOrNone(beyondPolicy),
    lagBeyondPolicyCount: beyondPolicy.filter((v) => v > 0).length,
    closeLagS: summarizeOrNone(closeLags),
    apiCalls: {
      total,
      perRetrain: n > 0 ? total / n : 0,
      statusCallsPerRetrain: summarizeOrNone(d.models.map((m) => statusCalls(d.callsAfter, m) - statusCalls(d.callsBefore, m))),
      byEndpoint: diffCounts(d.callsBefore.byEndpoint, d.callsAfter.byEndpoint),
    },
    historyEvents: summarizeOrNone(d.collected.map((c) => c.historyLength).filter((h): h is number => h !== undefined && h > 0)),
    ...(n > 0 ? { eventsPerRetrain: d.all.events / n, workflowsPerRetrain: d.all.workflows / n } : {}),
    worker: d.usage.get(d.workerPid),
    ...(d.workerMemory ? { workerMemory: d.workerMemory } : {}),
    server: d.usage.get(d.serverPid),
    emulatorAndDriver: {
      cpuSeconds: (d.driverCpu.user + d.driverCpu.system) / 1e6,
      rssMb: (sampleProcess(process.pid)?.hwmMb ?? process.memoryUsage().rss / 2 ** 20),
    },
  };
}

function statusCalls(counts: CallCounts, model: FixtureModel): number {
  return counts.byModel[model.modelId]?.[`GET /v2/${model.domain}/train/:modelId`] ?? 0;
}

function diffCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) out[key] = delta;
  }
  return out;
}

export type { Summary };
