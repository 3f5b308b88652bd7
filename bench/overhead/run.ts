/**
 * bench:overhead — trainings that end the moment they are submitted, so all that is left is the orchestrator:
 * how many retrains per second one worker carries, and how much time it adds to each retrain.
 *
 * - serial: retrains one after another (after a short warm-up); for each, start → result, cut into stages with the
 *   report's timing and the emulator's own submission and end times.
 * - burst: all at once; retrains per second from the first start to the last close, and the CPU the worker and the
 *   Temporal server spent per retrain.
 * - ceiling: on the same dev server, in the same run, the same number of no-op workflows (one local activity each,
 *   bench/ceiling/) through their own worker, once before the product's burst and once after; the product's burst
 *   rate over their mean is `ceilingShare`, a ratio that holds however busy the machine was.
 * - shape: the same, with workflows of the retrain's shape and no work in them (a local activity, one regular
 *   activity, a local activity: bench/ceiling/workflows.ts); the product's rate over theirs is `shapeShare`, what the
 *   product costs beyond the least its shape costs.
 */
import { z } from 'zod';
import type { RetrainResult } from '../../src/workflows/retrain-model';
import { ProcSampler } from '../lib/proc-stats';
import { envelope, ResultEnvelope } from '../lib/results';
import { summarize, summarizeOrNone } from '../lib/stats';
import { renderTable, type Cell } from '../lib/table';
import { createFixtureModels, mapLimit, startBenchStack, type BenchStack, type FixtureModel } from '../stack/bench-stack';
import { trainingTruth } from '../stack/emulator-truth';
import { forkWorker, type WorkerChildOptions } from '../stack/worker-child';
import { bundleProductWorkflows } from '../stack/workflow-bundle';
import { compileBenchWorker } from '../stack/worker-build';
import { LoadSampler, MachineLoad } from '../lib/machine-load';
import { productWorkload } from '../stack/workloads';
import { NOOP_WORKFLOW_TYPE, SHAPE_WORKFLOW_TYPE } from '../ceiling/worker';
import { fixtureSpecs } from '../scale/phase';
import os from 'node:os';
import path from 'node:path';

export interface OverheadOptions {
  quick: boolean;
  seed: number;
  command: string;
  burst?: number;
  serial?: number;
  /** Further environment of the product worker (EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS=..., MALLOC_ARENA_MAX=2). */
  workerEnv?: Record<string, string>;
  logDir?: string;
  log?: (line: string) => void;
}

const SummarySchema = z.object({ count: z.number(), min: z.number(), p50: z.number(), p95: z.number(), max: z.number(), mean: z.number() });
const UsageSchema = z.object({ cpuSeconds: z.number(), cpuPercentMean: z.number(), rssPeakMb: z.number() });
const CeilingSchema = z.object({
  runs: z.array(z.object({ when: z.enum(['before', 'after']), workflows: z.number().int(), completed: z.number().int(), wallS: z.number(), workflowsPerSecond: z.number(), workerCpuMsPerWorkflow: z.number().optional(), serverCpuMsPerWorkflow: z.number().optional() })),
  /** Mean of the runs' workflows per second. */
  workflowsPerSecond: z.number(),
});

export const OverheadResult = ResultEnvelope.extend({
  bench: z.literal('overhead'),
  settings: z.object({
    seed: z.number().int(),
    warmup: z.number().int(),
    serial: z.number().int(),
    burst: z.number().int(),
    maxApiCallsPerSecond: z.number(),
    trainingSeconds: z.number(),
    workerEnv: z.record(z.string(), z.string()).optional(),
    /** The workers ran as plain node on compiled code, as `npm start` runs dist/start.js. */
    compiledWorker: z.boolean().optional(),
  }),
  /**
   * History cost of the product's retrains (warm-up, serial and burst): events of every retrain workflow and of every
   * other workflow they caused (report child workflows), per retrain. On a healthy sink there should be no children.
   */
  history: z
    .object({
      retrains: z.number().int(),
      /** Events of each retrain workflow alone. */
      retrainEvents: SummarySchema,
      childWorkflows: z.number().int(),
      childEvents: z.number().int(),
      eventsPerRetrain: z.number(),
    })
    .optional(),
  /** The machine's 1-minute load average from the first ceiling run to the last. */
  machineLoad: MachineLoad.optional(),
  serial: z.object({
    retrains: z.number().int(),
    completed: z.number().int(),
    /** Milliseconds per stage. */
    stagesMs: z.object({
      startToSubmitted: SummarySchema,
      submittedToTrainingEnd: SummarySchema,
      trainingEndToSeen: SummarySchema,
      seenToResult: SummarySchema,
      total: SummarySchema,
      addedByOrchestrator: SummarySchema,
    }).optional(),
  }),
  burst: z.object({
    retrains: z.number().int(),
    completed: z.number().int(),
    wallS: z.number(),
    retrainsPerSecond: z.number(),
    worker: UsageSchema.optional(),
    server: UsageSchema.optional(),
    workerCpuMsPerRetrain: z.number().optional(),
    serverCpuMsPerRetrain: z.number().optional(),
    /** The bench process: the emulator and the driver (starts, completion polling). */
    emulatorAndDriverCpuMsPerRetrain: z.number().optional(),
  }),
  /** The no-op workflow (one local activity) in bursts of the same size on the same server: before and after the product's. */
  ceiling: CeilingSchema,
  /** The product's burst retrains per second over the ceiling's workflows per second. */
  ceilingShare: z.number(),
  /**
   * Workflows of the retrain's shape with no work in them (two workflow tasks, one activity task), in bursts of the
   * same size on the same server, before and after the product's. Absent from results written before it was measured.
   */
  shape: CeilingSchema.optional(),
  /** The product's burst retrains per second over the shape's workflows per second. */
  shapeShare: z.number().optional(),
});
export type OverheadResult = z.infer<typeof OverheadResult>;

export const FULL = { warmup: 3, serial: 30, burst: 300 };
export const QUICK = { warmup: 1, serial: 3, burst: 5 };
/** Training length the emulator is told (simulated seconds at time scale 1): it ends as soon as it starts. */
const INSTANT_TRAINING_S = 0.001;
const MAX_API_CALLS_PER_SECOND = 10_000;

export async function runOverheadBench(options: OverheadOptions): Promise<OverheadResult> {
  const startedAtMs = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const sizes = options.quick ? QUICK : FULL;
  const serialCount = options.serial ?? sizes.serial;
  const burstCount = options.burst ?? sizes.burst;
  const total = sizes.warmup + serialCount + burstCount;
  const stack = await startBenchStack({ seed: options.seed, timeScale: 1, queueCapacity: Math.max(64, 2 * total) });
  let stopWorker: (() => Promise<void>) | undefined;
  // The product worker loads a prebuilt bundle and runs as plain node on compiled code, as `npm start` does
  // (bench/stack/workflow-bundle.ts, worker-build.ts).
  const bundle = await bundleProductWorkflows();
  const compiled = compileBenchWorker();
  const logDir = options.logDir ?? os.tmpdir();
  const workerBase = {
    temporalAddress: stack.temporalAddress,
    einsteinBaseUrl: stack.einsteinBaseUrl,
    accessToken: stack.accessToken,
    maxApiCallsPerSecond: MAX_API_CALLS_PER_SECOND,
    compiledEntry: compiled.entry,
  } satisfies Partial<WorkerChildOptions>;
  const load = new LoadSampler();
  try {
    log(`overhead: creating ${total} models`);
    const models = await createFixtureModels(stack, fixtureSpecs(total, options.seed));
    await mapLimit(models, 16, (m) => stack.control.planNextTraining(m.modelId, { durationSeconds: INSTANT_TRAINING_S, queueSeconds: 0 }));
    load.start();
    const ceilingBefore = await runCeiling(stack, workerBase, { workflowType: NOOP_WORKFLOW_TYPE, count: burstCount, when: 'before' }, logDir, log);
    const shapeBefore = await runCeiling(stack, workerBase, { workflowType: SHAPE_WORKFLOW_TYPE, count: burstCount, when: 'before' }, logDir, log);
    const taskQueue = 'bench-overhead';
    const worker = await forkWorker({
      ...workerBase,
      kind: 'product',
      taskQueue,
      workflowBundle: bundle.codePath,
      ...(options.workerEnv ? { env: options.workerEnv } : {}),
      logFile: path.join(logDir, `bench-worker-overhead-${process.pid}.log`),
    });
    stopWorker = () => worker.stop();
    const warmup = models.slice(0, sizes.warmup);
    const serialModels = models.slice(sizes.warmup, sizes.warmup + serialCount);
    const burstModels = models.slice(sizes.warmup + serialCount);
    log(`overhead: worker ${worker.pid} ready; ${warmup.length} warm-up and ${serialModels.length} serial retrains`);
    for (const [i, model] of warmup.entries()) await runOne(stack, taskQueue, model, `warmup-${i}`);
    const serial = await runSerial(stack, taskQueue, serialModels);
    log(`overhead: burst of ${burstModels.length} retrains`);
    const burst = await runBurst(stack, taskQueue, burstModels, worker.pid, models.length);
    await worker.stop();
    stopWorker = undefined;
    const shapeAfter = await runCeiling(stack, workerBase, { workflowType: SHAPE_WORKFLOW_TYPE, count: burstCount, when: 'after' }, logDir, log);
    const ceilingAfter = await runCeiling(stack, workerBase, { workflowType: NOOP_WORKFLOW_TYPE, count: burstCount, when: 'after' }, logDir, log);
    const machineLoad = load.stop();
    const history = await productHistory(stack);
    const ceiling = ceilingOf([ceilingBefore, ceilingAfter]);
    const shape = ceilingOf([shapeBefore, shapeAfter]);
    return {
      ...envelope('overhead', options.quick, options.command, startedAtMs),
      bench: 'overhead',
      settings: {
        seed: options.seed,
        warmup: sizes.warmup,
        serial: serialCount,
        burst: burstCount,
        maxApiCallsPerSecond: MAX_API_CALLS_PER_SECOND,
        trainingSeconds: INSTANT_TRAINING_S,
        ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}),
        compiledWorker: true,
      },
      serial,
      burst,
      ...(history ? { history } : {}),
      machineLoad,
      ceiling,
      ceilingShare: shareOf(burst.retrainsPerSecond, ceiling),
      shape,
      shapeShare: shareOf(burst.retrainsPerSecond, shape),
    };
  } finally {
    await stopWorker?.();
    await stack.stop();
    bundle.remove();
    compiled.remove();
  }
}

type Ceiling = OverheadResult['ceiling'];

function ceilingOf(runs: Ceiling['runs']): Ceiling {
  return { runs, workflowsPerSecond: runs.reduce((sum, run) => sum + run.workflowsPerSecond, 0) / runs.length };
}

function shareOf(retrainsPerSecond: number, ceiling: Ceiling): number {
  return ceiling.workflowsPerSecond > 0 ? retrainsPerSecond / ceiling.workflowsPerSecond : 0;
}

/**
 * Every workflow on the (fresh) server but the ceilings': the retrains, and whatever other workflows they
 * started (a report child workflow when a sink failed inline). Their events per retrain.
 */
async function productHistory(stack: BenchStack): Promise<OverheadResult['history']> {
  const retrainEvents: number[] = [];
  let childWorkflows = 0;
  let childEvents = 0;
  for await (const info of stack.client.workflow.list()) {
    if (info.type === NOOP_WORKFLOW_TYPE || info.type === SHAPE_WORKFLOW_TYPE) continue;
    if (info.type === productWorkload.workflowType) retrainEvents.push(info.historyLength);
    else {
      childWorkflows += 1;
      childEvents += info.historyLength;
    }
  }
  if (retrainEvents.length === 0) return undefined;
  const total = retrainEvents.reduce((a, b) => a + b, 0) + childEvents;
  return { retrains: retrainEvents.length, retrainEvents: summarize(retrainEvents), childWorkflows, childEvents, eventsPerRetrain: total / retrainEvents.length };
}

type CeilingRun = OverheadResult['ceiling']['runs'][number];

interface CeilingBurst {
  /** NOOP_WORKFLOW_TYPE or SHAPE_WORKFLOW_TYPE. */
  workflowType: string;
  count: number;
  when: 'before' | 'after';
}

/** A burst of `count` workflows of one ceiling through a fresh ceiling worker (started, warmed up with one, then measured). */
async function runCeiling(
  stack: BenchStack,
  workerBase: Omit<WorkerChildOptions, 'kind' | 'taskQueue' | 'logFile'>,
  { workflowType, count, when }: CeilingBurst,
  logDir: string,
  log: (line: string) => void,
): Promise<CeilingRun> {
  const name = workflowType === NOOP_WORKFLOW_TYPE ? 'ceiling' : 'shape';
  const taskQueue = `bench-${name}-${when}`;
  const worker = await forkWorker({ ...workerBase, kind: 'noop', taskQueue, logFile: path.join(logDir, `bench-worker-${name}-${process.pid}.log`) });
  try {
    await stack.client.workflow.execute(workflowType, { taskQueue, workflowId: `${name}-${when}-warmup` });
    log(`overhead: ${name === 'ceiling' ? 'no-op ceiling' : "the retrain's shape, no work"} (${when}), ${count} at once`);
    const sampler = new ProcSampler([worker.pid, stack.serverPid], 500);
    sampler.start();
    const startMs = Date.now();
    const prefix = `${name}-${when}-`;
    const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    await mapLimit(ids, 32, (workflowId) => stack.client.workflow.start(workflowType, { taskQueue, workflowId }));
    const results = await mapLimit(ids, 32, (workflowId) => stack.client.workflow.getHandle(workflowId).result().then(() => true, () => false));
    const usage = sampler.stop();
    const closes: number[] = [];
    for await (const info of stack.client.workflow.list({ query: `WorkflowType = '${workflowType}'` })) {
      if (info.workflowId.startsWith(prefix) && info.closeTime) closes.push(info.closeTime.getTime());
    }
    const completed = results.filter(Boolean).length;
    const wallS = closes.length > 0 ? (Math.max(...closes) - startMs) / 1000 : 0;
    const w = usage.get(worker.pid);
    const srv = usage.get(stack.serverPid);
    return {
      when,
      workflows: count,
      completed,
      wallS,
      workflowsPerSecond: wallS > 0 ? completed / wallS : 0,
      ...(w && completed > 0 ? { workerCpuMsPerWorkflow: (w.cpuSeconds * 1000) / completed } : {}),
      ...(srv && completed > 0 ? { serverCpuMsPerWorkflow: (srv.cpuSeconds * 1000) / completed } : {}),
    };
  } finally {
    await worker.stop();
  }
}

interface OneRun {
  model: FixtureModel;
  startMs: number;
  resultMs: number;
  result?: RetrainResult;
}

async function runOne(stack: BenchStack, taskQueue: string, model: FixtureModel, workflowId: string): Promise<OneRun> {
  const startMs = Date.now();
  await productWorkload.start(stack.client, taskQueue, model, workflowId);
  try {
    const result = (await stack.client.workflow.getHandle(workflowId).result()) as RetrainResult;
    return { model, startMs, resultMs: Date.now(), result };
  } catch {
    return { model, startMs, resultMs: Date.now() };
  }
}

async function runSerial(stack: BenchStack, taskQueue: string, models: FixtureModel[]): Promise<OverheadResult['serial']> {
  const since = Date.now();
  const runs: OneRun[] = [];
  for (const [i, model] of models.entries()) runs.push(await runOne(stack, taskQueue, model, `serial-${i}`));
  const truth = await trainingTruth(stack.control, since - 1_000);
  const stages = { startToSubmitted: [] as number[], submittedToTrainingEnd: [] as number[], trainingEndToSeen: [] as number[], seenToResult: [] as number[], total: [] as number[], addedByOrchestrator: [] as number[] };
  for (const run of runs) {
    const t = truth.get(run.model.modelId);
    if (!run.result || !t) continue;
    const seenMs = Date.parse(run.result.report.timing.finishedAt);
    stages.startToSubmitted.push(t.submittedAtMs - run.startMs);
    stages.submittedToTrainingEnd.push(t.endsAtMs - t.submittedAtMs);
    stages.trainingEndToSeen.push(seenMs - t.endsAtMs);
    stages.seenToResult.push(run.resultMs - seenMs);
    stages.total.push(run.resultMs - run.startMs);
    stages.addedByOrchestrator.push(run.resultMs - run.startMs - (t.endsAtMs - t.submittedAtMs));
  }
  const completed = runs.filter((r) => r.result).length;
  return {
    retrains: runs.length,
    completed,
    ...(stages.total.length > 0
      ? {
          stagesMs: {
            startToSubmitted: summarize(stages.startToSubmitted),
            submittedToTrainingEnd: summarize(stages.submittedToTrainingEnd),
            trainingEndToSeen: summarize(stages.trainingEndToSeen),
            seenToResult: summarize(stages.seenToResult),
            total: summarize(stages.total),
            addedByOrchestrator: summarize(stages.addedByOrchestrator),
          },
        }
      : {}),
  };
}

async function runBurst(stack: BenchStack, taskQueue: string, models: FixtureModel[], workerPid: number, expectedClosed: number): Promise<OverheadResult['burst']> {
  const sampler = new ProcSampler([workerPid, stack.serverPid], 500);
  const driverCpuBefore = process.cpuUsage();
  sampler.start();
  const startMs = Date.now();
  const ids = models.map((_, i) => `burst-${i}`);
  await mapLimit(models, 32, (model, i) => productWorkload.start(stack.client, taskQueue, model, ids[i] as string));
  const deadline = startMs + 5 * 60_000;
  for (;;) {
    const { count } = await stack.client.workflow.count("WorkflowType = 'retrainModel' AND ExecutionStatus != 'Running'");
    if (count >= expectedClosed || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const usage = sampler.stop();
  const driverCpu = process.cpuUsage(driverCpuBefore);
  const closes: number[] = [];
  let completed = 0;
  for await (const info of stack.client.workflow.list({ query: "WorkflowType = 'retrainModel'" })) {
    if (!info.workflowId.startsWith('burst-')) continue;
    if (info.status.name === 'COMPLETED') completed += 1;
    if (info.closeTime) closes.push(info.closeTime.getTime());
  }
  const wallS = closes.length > 0 ? (Math.max(...closes) - startMs) / 1000 : 0;
  const worker = usage.get(workerPid);
  const server = usage.get(stack.serverPid);
  const pick = (u: typeof worker) => (u ? { cpuSeconds: u.cpuSeconds, cpuPercentMean: u.cpuPercentMean, rssPeakMb: u.rssPeakMb } : undefined);
  return {
    retrains: models.length,
    completed,
    wallS,
    retrainsPerSecond: wallS > 0 ? completed / wallS : 0,
    ...(worker ? { worker: pick(worker) } : {}),
    ...(server ? { server: pick(server) } : {}),
    ...(worker && completed > 0 ? { workerCpuMsPerRetrain: (worker.cpuSeconds * 1000) / completed } : {}),
    ...(server && completed > 0 ? { serverCpuMsPerRetrain: (server.cpuSeconds * 1000) / completed } : {}),
    ...(completed > 0 ? { emulatorAndDriverCpuMsPerRetrain: (driverCpu.user + driverCpu.system) / 1000 / completed } : {}),
  };
}

const r = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);

export function burstTable(result: OverheadResult): string {
  const b = result.burst;
  return renderTable(
    [
      'retrains at once',
      'completed',
      'wall (s)',
      'retrains/s',
      'CPU ms/retrain: worker',
      'server',
      'emulator + driver',
      'worker CPU (% core)',
      'server CPU (% core)',
      'worker peak RSS (MiB)',
    ],
    [
      [
        b.retrains,
        b.completed,
        r(b.wallS),
        r(b.retrainsPerSecond),
        r(b.workerCpuMsPerRetrain),
        r(b.serverCpuMsPerRetrain),
        r(b.emulatorAndDriverCpuMsPerRetrain),
        r(b.worker?.cpuPercentMean),
        r(b.server?.cpuPercentMean),
        r(b.worker?.rssPeakMb),
      ],
    ],
  );
}

export function latencyTable(result: OverheadResult): string {
  const stages = result.serial.stagesMs;
  if (!stages) return '(no serial retrain completed)';
  const rows: Cell[][] = [
    ['start → submitted (validate, inspect, submit)', stages.startToSubmitted],
    ['submitted → training ended (emulator)', stages.submittedToTrainingEnd],
    ['training ended → status seen (poll)', stages.trainingEndToSeen],
    ['status seen → result (metrics, report, close)', stages.seenToResult],
    ['start → result', stages.total],
    ['added by the orchestrator (start → result − training)', stages.addedByOrchestrator],
  ].map(([label, s]) => {
    const summary = s as z.infer<typeof SummarySchema>;
    return [label as string, Math.round(summary.p50), Math.round(summary.p95), Math.round(summary.max)];
  });
  return renderTable(['stage (one retrain at a time)', 'p50 (ms)', 'p95 (ms)', 'max (ms)'], rows);
}

export function ceilingTable(result: OverheadResult): string {
  const row = (label: string, c: CeilingRun): Cell[] => [`${label} (${c.when})`, c.workflows, c.completed, r(c.wallS), r(c.workflowsPerSecond), r(c.workerCpuMsPerWorkflow), r(c.serverCpuMsPerWorkflow)];
  const rows: Cell[][] = [
    ...result.ceiling.runs.map((c) => row('no-op workflow, one local activity', c)),
    ...(result.shape?.runs ?? []).map((c) => row("retrain's shape, no work: local, regular, local activity", c)),
  ];
  const b = result.burst;
  rows.push(['einstein-retrain (the burst above)', b.retrains, b.completed, r(b.wallS), r(b.retrainsPerSecond), r(b.workerCpuMsPerRetrain), r(b.serverCpuMsPerRetrain)]);
  return renderTable(
    [{ header: 'workflow (same server, same run)', align: 'left' }, 'at once', 'completed', 'wall (s)', 'per second', 'CPU ms each: worker', 'server'],
    rows,
  );
}

export function printOverheadReport(result: OverheadResult, out: (line: string) => void = console.log): void {
  out(`Overhead: instant trainings (${result.settings.trainingSeconds} s), one product worker process, fresh dev server.`);
  out('');
  out(`Serial: ${result.serial.completed}/${result.serial.retrains} retrains, one at a time after ${result.settings.warmup} warm-up retrains.`);
  out(latencyTable(result));
  out('');
  out('Burst:');
  out(burstTable(result));
  out('');
  out('Ceiling:');
  out(ceilingTable(result));
  out(`ceilingShare: ${(result.ceilingShare * 100).toFixed(1)} % (${r(result.burst.retrainsPerSecond)} retrains/s over ${r(result.ceiling.workflowsPerSecond)} no-op workflows/s)`);
  if (result.shape && result.shapeShare !== undefined) {
    out(`shapeShare: ${(result.shapeShare * 100).toFixed(1)} % (${r(result.burst.retrainsPerSecond)} retrains/s over ${r(result.shape.workflowsPerSecond)} workflows/s of the retrain's shape with no work)`);
  }
  const h = result.history;
  if (h) {
    out(
      `History: ${r(h.eventsPerRetrain)} events per retrain, children included (retrain workflow p50 ${h.retrainEvents.p50}, max ${h.retrainEvents.max}; ` +
        `${h.childWorkflows} child workflows with ${h.childEvents} events over ${h.retrains} retrains)`,
    );
  }
  const l = result.machineLoad;
  if (l) out(`Machine load (1 min) during the run: ${l.start} at the start, ${l.max} at most, ${l.mean} on average, on ${l.cpus} CPUs`);
}

export { summarizeOrNone };
