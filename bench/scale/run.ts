/**
 * bench:scale — N concurrent retrains through one worker on this machine, the product against the naive baseline,
 * for each N: the product's phase, then the baseline's, each on a fresh stack with the same models and trainings.
 */
import { z } from 'zod';
import { envelope, ResultEnvelope } from '../lib/results';
import { bundleProductWorkflows } from '../stack/workflow-bundle';
import { compileBenchWorker } from '../stack/worker-build';
import { formatPercent, renderTable, type Cell } from '../lib/table';
import { PhaseResult, runScalePhase, type PhaseOptions } from './phase';

export const FULL_NS = [100, 500, 1000];
/** --sweep: the curve of memory, latency and CPU against N. */
export const SWEEP_NS = [100, 500, 1000, 2000];
export const QUICK_NS = [4];

export interface ScaleOptions {
  ns: number[];
  quick: boolean;
  seed: number;
  command: string;
  /** Which systems to run (both unless told). */
  systems?: ('product' | 'baseline')[];
  /** V8 heap limit of the worker process (--max-old-space-size); Node's default when omitted. */
  workerHeapMb?: number;
  /** Worker cache sizes to run each N with (EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS); the product's default when omitted. */
  caches?: number[];
  /** Workflow thread heap limits to run each N and cache with (EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB, 0 = none); the product's default when omitted. */
  workflowHeaps?: number[];
  /** Run the worker with the SDK's Prometheus exporter (as `npm start` with a metrics port does). */
  sdkMetrics?: boolean;
  /** Further worker environment (MALLOC_ARENA_MAX=2, ...), on top of the cache size. */
  workerEnv?: Record<string, string>;
  /** Let the product worker bundle its workflows with webpack at start (`npm run start:dev`) instead of a prebuilt bundle. */
  bundleAtStart?: boolean;
  /** Run the worker process under ts-node (as `npm run start:dev`) instead of plain node on compiled code (as `npm start`). */
  tsNode?: boolean;
  /** Workflows in the worker's main thread (the SDK's debugMode), so that the worker's own memory figures see their heap. */
  workflowsInMainThread?: boolean;
  logDir?: string;
  log?: (line: string) => void;
}

export const ScaleSettings = z.object({
  timeScale: z.number(),
  trainingS: z.object({ min: z.number(), max: z.number() }),
  phaseTimeoutS: z.number(),
  maxApiCallsPerSecond: z.number(),
  workerHeapMb: z.number().int().optional(),
  seed: z.number().int(),
  ns: z.array(z.number().int()),
  caches: z.array(z.number().int()).optional(),
  workflowHeaps: z.array(z.number().int()).optional(),
  workerEnv: z.record(z.string(), z.string()).optional(),
  sdkMetrics: z.boolean(),
  /** Size of the prebuilt workflow bundle the product worker loaded; absent when it bundled at start. */
  workflowBundleBytes: z.number().int().optional(),
  /** The worker ran as plain node on compiled code (`npm start`); false: under ts-node. */
  compiledWorker: z.boolean().optional(),
  workflowsInMainThread: z.boolean().optional(),
});

export const ScaleResult = ResultEnvelope.extend({
  bench: z.literal('scale'),
  settings: ScaleSettings,
  phases: z.array(PhaseResult),
});
export type ScaleResult = z.infer<typeof ScaleResult>;

export function scaleSettings(options: Pick<ScaleOptions, 'ns' | 'quick' | 'seed' | 'workerHeapMb' | 'caches' | 'workflowHeaps' | 'sdkMetrics' | 'workerEnv'>): z.infer<typeof ScaleSettings> {
  const trainingS = options.quick ? { min: 2, max: 5 } : { min: 10, max: 120 };
  return {
    timeScale: 60,
    trainingS,
    // Long enough for the longest training, the start burst and the slowest poll, short of the 10-minute budget.
    phaseTimeoutS: trainingS.max + (options.quick ? 60 : 240),
    // The product's default (20/s) guards a real account's quota; here it would be the bottleneck, not the orchestrator.
    maxApiCallsPerSecond: 500,
    ...(options.workerHeapMb !== undefined ? { workerHeapMb: options.workerHeapMb } : {}),
    seed: options.seed,
    ns: options.ns,
    ...(options.caches ? { caches: options.caches } : {}),
    ...(options.workflowHeaps ? { workflowHeaps: options.workflowHeaps } : {}),
    ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}),
    sdkMetrics: options.sdkMetrics ?? false,
  };
}

export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult> {
  const startedAtMs = Date.now();
  const settings = scaleSettings(options);
  const log = options.log ?? ((line: string) => console.log(line));
  const runs = options.ns.flatMap((n) =>
    (options.caches ?? [undefined]).flatMap((cache) =>
      (options.workflowHeaps ?? [undefined]).flatMap((heap) => (options.systems ?? (['product', 'baseline'] as const)).map((system) => ({ n, cache, heap, system }))),
    ),
  );
  const bundle = options.bundleAtStart ? undefined : await bundleProductWorkflows();
  if (bundle) settings.workflowBundleBytes = bundle.sizeBytes;
  const compiled = options.tsNode ? undefined : compileBenchWorker();
  settings.compiledWorker = compiled !== undefined;
  settings.workflowsInMainThread = options.workflowsInMainThread ?? false;
  const phases: PhaseResult[] = [];
  try {
    for (const { n, cache, heap, system } of runs) {
      const sizing = { ...(cache !== undefined ? cacheEnv(cache) : {}), ...(heap !== undefined ? { EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: String(heap) } : {}) };
      const phase: PhaseOptions = {
        system,
        n,
        seed: settings.seed,
        timeScale: settings.timeScale,
        trainingS: settings.trainingS,
        phaseTimeoutMs: settings.phaseTimeoutS * 1000,
        maxApiCallsPerSecond: settings.maxApiCallsPerSecond,
        ...(settings.workerHeapMb !== undefined ? { workerHeapMb: settings.workerHeapMb } : {}),
        ...(Object.keys(sizing).length > 0 || settings.workerEnv ? { workerEnv: { ...settings.workerEnv, ...sizing } } : {}),
        sdkMetrics: settings.sdkMetrics,
        ...(bundle ? { workflowBundle: bundle.codePath } : {}),
        ...(compiled ? { compiledWorker: compiled.entry } : {}),
        ...(options.workflowsInMainThread ? { workflowsInMainThread: true } : {}),
        logDir: options.logDir,
        log,
      };
      const started = Date.now();
      phases.push(await runScalePhase(phase));
      log(`  ${system}, N=${n}${cache !== undefined ? `, cache ${cache}` : ''}${heap !== undefined ? `, workflow heap ${heap}` : ''}: phase done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    bundle?.remove();
    compiled?.remove();
  }
  return { ...envelope('scale', options.quick, options.command, startedAtMs), bench: 'scale', settings, phases };
}

/** The worker's environment for a cache size (the workflow-task slots follow it down when it is smaller). */
export function cacheEnv(cache: number): Record<string, string> {
  return { EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: String(cache) };
}

const r1 = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);

/** The phase's worker settings in a few words: cache, workflow heap, allocator, where the workflows ran. */
export function settingsLabel(p: PhaseResult): string {
  const env = p.workerEnv ?? {};
  const parts = [`cache ${p.maxCachedWorkflows ?? 'default'}`];
  if (!p.workerRuntime?.workflowsInMainThread) {
    const heap = env.EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB;
    parts.push(`wf heap ${heap === undefined ? 'default' : heap === '0' ? 'none' : heap}`);
  }
  if (env.MALLOC_ARENA_MAX !== undefined) parts.push(`arenas ${env.MALLOC_ARENA_MAX}`);
  if (p.sdkMetrics) parts.push('SDK metrics');
  if (p.workerRuntime?.workflowsInMainThread) parts.push('main thread');
  if (p.workerRuntime && !p.workerRuntime.compiled) parts.push('ts-node');
  return parts.join(', ');
}

export function scaleTable(result: ScaleResult): string {
  const rows: Cell[][] = result.phases.map((p) => [
    p.n,
    p.label,
    settingsLabel(p),
    `${p.completed}/${p.n}`,
    formatPercent(p.completionRate),
    r1(p.wallS),
    r1(p.throughputPerMin),
    r1(p.submitDelayS?.p95),
    r1(p.detectionLagS?.p50),
    r1(p.detectionLagS?.p95),
    r1(p.lagBeyondPolicyS?.p95),
    r1(p.apiCalls.statusCallsPerRetrain?.mean),
    r1(p.apiCalls.perRetrain),
    p.historyEvents ? `${p.historyEvents.p50} / ${p.historyEvents.max}` : undefined,
    r1(p.eventsPerRetrain),
    p.worker ? `${Math.round(p.worker.rssStartMb)} → ${Math.round(p.worker.rssPeakMb)}` : undefined,
    r1(p.worker?.cpuPercentMean),
    r1(p.server?.cpuPercentMean),
    r1(p.server?.rssPeakMb),
    p.machineLoad ? `${p.machineLoad.start} / ${p.machineLoad.max}` : undefined,
  ]);
  return renderTable(
    [
      'N',
      { header: 'workflow', align: 'left' },
      { header: 'worker settings', align: 'left' },
      'completed',
      'rate',
      'wall (s)',
      'retrains/min',
      'start → submitted p95 (s)',
      'lag p50 (s)',
      'lag p95 (s)',
      'lag beyond policy p95 (s)',
      'status calls/retrain',
      'API calls/retrain',
      'history events p50 / max',
      'events/retrain, children incl.',
      'worker RSS idle → peak (MiB)',
      'worker CPU (% core)',
      'server CPU (% core)',
      'server peak RSS (MiB)',
      'load 1 min: start / max',
    ],
    rows,
  );
}

/** The worker's memory at its peak RSS, split (bench/lib/memory.ts), and its idle split before the phase. */
export function memoryTable(result: ScaleResult): string {
  const rows: Cell[][] = result.phases.map((p) => {
    const m = p.workerMemory;
    const at = m?.atPeakRss;
    return [
      p.n,
      p.label,
      settingsLabel(p),
      m ? `${Math.round(m.idle.rssMb)} / ${Math.round(m.idle.outsideMb)}` : undefined,
      r1(p.worker?.rssPeakMb),
      r1(at?.rssMb),
      r1(at?.rssFileMb),
      r1(m?.peak.heapLiveMb),
      r1(at?.heapUsedMb),
      r1(at?.heapTotalMb),
      r1(at?.externalMb),
      r1(at?.arrayBuffersMb),
      r1(at?.v8MallocedMb),
      r1(at?.outsideMb),
      at?.nativeContexts,
      m?.peak.cachedWorkflows,
      r1(p.worker?.cpuSeconds),
    ];
  });
  return renderTable(
    [
      'N',
      { header: 'workflow', align: 'left' },
      { header: 'worker settings', align: 'left' },
      'idle RSS / outside (MiB)',
      'peak RSS (MiB, /proc)',
      'RSS at peak sample',
      'of it file-backed (code)',
      'heap live after full GC, peak',
      'heap used',
      'heap total',
      'external',
      'arrayBuffers',
      'V8 malloc',
      'outside heaps',
      'V8 contexts',
      'cached workflows peak',
      'worker CPU (s)',
    ],
    rows,
  );
}

export function printScaleReport(result: ScaleResult, out: (line: string) => void = console.log): void {
  const s = result.settings;
  const heap = s.workerHeapMb !== undefined ? `, worker heap limited to ${s.workerHeapMb} MiB` : '';
  const runtime = s.compiledWorker === false ? 'under ts-node' : 'plain node on compiled code';
  const where = s.workflowsInMainThread ? ', workflows in its main thread (debugMode)' : '';
  out(`Scale: trainings ${s.trainingS.min}–${s.trainingS.max} s real (emulator time scale ${s.timeScale}), one worker process (${runtime}${where})${heap}, fresh dev server per phase.`);
  out('');
  out(scaleTable(result));
  out('');
  out('Worker memory (MiB), split at the sample of highest RSS; outside = rss − heapTotal − external (workflow threads, SDK core, code):');
  out(memoryTable(result));
  for (const p of result.phases) {
    if (p.workerExited) out(`  ${p.label} N=${p.n} (${settingsLabel(p)}): the worker process died ${r1(p.workerExited.afterS)} s into the phase (code ${p.workerExited.code}, signal ${p.workerExited.signal})`);
    const failures = Object.entries(p.notCompleted);
    if (failures.length > 0) out(`  ${p.label} N=${p.n}: not completed: ${failures.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}
