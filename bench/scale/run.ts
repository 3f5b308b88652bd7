/**
 * bench:scale — N concurrent retrains through one worker on this machine, the product against the naive baseline,
 * for each N: the product's phase, then the baseline's, each on a fresh stack with the same models and trainings.
 */
import { z } from 'zod';
import { envelope, ResultEnvelope } from '../lib/results';
import { formatPercent, renderTable, type Cell } from '../lib/table';
import { PhaseResult, runScalePhase, type PhaseOptions } from './phase';

export const FULL_NS = [100, 500, 1000];
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
});

export const ScaleResult = ResultEnvelope.extend({
  bench: z.literal('scale'),
  settings: ScaleSettings,
  phases: z.array(PhaseResult),
});
export type ScaleResult = z.infer<typeof ScaleResult>;

export function scaleSettings(options: Pick<ScaleOptions, 'ns' | 'quick' | 'seed' | 'workerHeapMb'>): z.infer<typeof ScaleSettings> {
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
  };
}

export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult> {
  const startedAtMs = Date.now();
  const settings = scaleSettings(options);
  const log = options.log ?? ((line: string) => console.log(line));
  const phases: PhaseResult[] = [];
  for (const n of options.ns) {
    for (const system of options.systems ?? ['product', 'baseline']) {
      const phase: PhaseOptions = {
        system,
        n,
        seed: settings.seed,
        timeScale: settings.timeScale,
        trainingS: settings.trainingS,
        phaseTimeoutMs: settings.phaseTimeoutS * 1000,
        maxApiCallsPerSecond: settings.maxApiCallsPerSecond,
        ...(settings.workerHeapMb !== undefined ? { workerHeapMb: settings.workerHeapMb } : {}),
        logDir: options.logDir,
        log,
      };
      const started = Date.now();
      phases.push(await runScalePhase(phase));
      log(`  ${system}, N=${n}: phase done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  return { ...envelope('scale', options.quick, options.command, startedAtMs), bench: 'scale', settings, phases };
}

const r1 = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);

export function scaleTable(result: ScaleResult): string {
  const rows: Cell[][] = result.phases.map((p) => [
    p.n,
    p.label,
    `${p.completed}/${p.n}`,
    formatPercent(p.completionRate),
    r1(p.wallS),
    r1(p.throughputPerMin),
    r1(p.submitDelayS?.p95),
    r1(p.detectionLagS?.p50),
    r1(p.detectionLagS?.p95),
    r1(p.apiCalls.statusCallsPerRetrain?.mean),
    r1(p.apiCalls.perRetrain),
    p.historyEvents ? `${p.historyEvents.p50} / ${p.historyEvents.max}` : undefined,
    p.worker ? `${Math.round(p.worker.rssStartMb)} → ${Math.round(p.worker.rssPeakMb)}` : undefined,
    r1(p.worker?.cpuPercentMean),
    r1(p.server?.cpuPercentMean),
    r1(p.server?.rssPeakMb),
  ]);
  return renderTable(
    [
      'N',
      { header: 'workflow', align: 'left' },
      'completed',
      'rate',
      'wall (s)',
      'retrains/min',
      'start → submitted p95 (s)',
      'lag p50 (s)',
      'lag p95 (s)',
      'status calls/retrain',
      'API calls/retrain',
      'history events p50 / max',
      'worker RSS idle → peak (MiB)',
      'worker CPU (% core)',
      'server CPU (% core)',
      'server peak RSS (MiB)',
    ],
    rows,
  );
}

export function printScaleReport(result: ScaleResult, out: (line: string) => void = console.log): void {
  const s = result.settings;
  const heap = s.workerHeapMb !== undefined ? `, worker heap limited to ${s.workerHeapMb} MiB` : '';
  out(`Scale: trainings ${s.trainingS.min}–${s.trainingS.max} s real (emulator time scale ${s.timeScale}), one worker process${heap}, fresh dev server per phase.`);
  out('');
  out(scaleTable(result));
  for (const p of result.phases) {
    const failures = Object.entries(p.notCompleted);
    if (failures.length > 0) out(`  ${p.label} N=${p.n}: not completed: ${failures.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}
