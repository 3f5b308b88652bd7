/**
 * The worker's memory, split as far as the process itself can tell: the main isolate's V8 heap (heapTotal, of which
 * heapUsed is live or not yet collected), `external` (memory V8 objects hold outside the heap: Buffers and
 * ArrayBuffers, which `arrayBuffers` counts apart), and the rest of the RSS — *outside* = rss − heapTotal − external:
 * the workflow threads' own V8 heaps (process.memoryUsage sees the main isolate only), the SDK's Rust core (its
 * per-run state, gRPC buffers, the metrics exporter), compiled code, and the allocator's free lists.
 */
import { z } from 'zod';
import type { MemorySample } from '../stack/worker-process';

const MIB = 2 ** 20;

export const MemorySplit = z.object({
  rssMb: z.number(),
  heapTotalMb: z.number(),
  heapUsedMb: z.number(),
  externalMb: z.number(),
  arrayBuffersMb: z.number(),
  /** rss − heapTotal − external. */
  outsideMb: z.number(),
  /** Heap used just after the latest full collection: the live part of heapUsed (then). */
  heapLiveMb: z.number().optional(),
  /** V8's own malloc'd memory (not objects), part of *outside*. */
  v8MallocedMb: z.number().optional(),
  /** V8 contexts in the main isolate (one per cached workflow when the workflows run in the main thread). */
  nativeContexts: z.number().int().optional(),
  /** Resident anonymous memory and resident file-backed pages (mapped code), /proc/self/status. */
  rssAnonMb: z.number().optional(),
  rssFileMb: z.number().optional(),
  cachedWorkflows: z.number().int().optional(),
});
export type MemorySplit = z.infer<typeof MemorySplit>;

export const MemorySummary = z.object({
  /** The last sample before the window: the worker started and idle. */
  idle: MemorySplit,
  /** The sample with the highest RSS in the window. */
  atPeakRss: MemorySplit,
  /** Highest of each term over the window (not necessarily at the same moment). */
  peak: z.object({ heapLiveMb: z.number().optional(), heapUsedMb: z.number(), heapTotalMb: z.number(), externalMb: z.number(), outsideMb: z.number(), cachedWorkflows: z.number().int().optional() }),
  samples: z.number().int(),
});
export type MemorySummary = z.infer<typeof MemorySummary>;

export function splitOf(sample: MemorySample): MemorySplit {
  return {
    rssMb: sample.rss / MIB,
    heapTotalMb: sample.heapTotal / MIB,
    heapUsedMb: sample.heapUsed / MIB,
    externalMb: sample.external / MIB,
    arrayBuffersMb: sample.arrayBuffers / MIB,
    outsideMb: (sample.rss - sample.heapTotal - sample.external) / MIB,
    ...(sample.heapLiveAfterGc !== undefined ? { heapLiveMb: sample.heapLiveAfterGc / MIB } : {}),
    ...(sample.v8Malloced !== undefined ? { v8MallocedMb: sample.v8Malloced / MIB } : {}),
    ...(sample.nativeContexts !== undefined ? { nativeContexts: sample.nativeContexts } : {}),
    ...(sample.rssAnon !== undefined ? { rssAnonMb: sample.rssAnon / MIB } : {}),
    ...(sample.rssFile !== undefined ? { rssFileMb: sample.rssFile / MIB } : {}),
    ...(sample.cachedWorkflows !== undefined ? { cachedWorkflows: sample.cachedWorkflows } : {}),
  };
}

/** Summary of the samples from `fromMs` to `toMs`, with the last earlier sample as the idle one. */
export function summarizeMemory(samples: readonly MemorySample[], fromMs: number, toMs: number): MemorySummary | undefined {
  const before = samples.filter((s) => s.atMs < fromMs);
  const window = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  const idle = before[before.length - 1] ?? window[0];
  if (!idle || window.length === 0) return undefined;
  const splits = window.map(splitOf);
  const atPeakRss = splits.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
  const max = (pick: (s: MemorySplit) => number | undefined) => Math.max(...splits.map((s) => pick(s) ?? 0));
  const hasCache = splits.some((s) => s.cachedWorkflows !== undefined);
  return {
    idle: splitOf(idle),
    atPeakRss,
    peak: {
      ...(splits.some((s) => s.heapLiveMb !== undefined) ? { heapLiveMb: max((s) => s.heapLiveMb) } : {}),
      heapUsedMb: max((s) => s.heapUsedMb),
      heapTotalMb: max((s) => s.heapTotalMb),
      externalMb: max((s) => s.externalMb),
      outsideMb: max((s) => s.outsideMb),
      ...(hasCache ? { cachedWorkflows: max((s) => s.cachedWorkflows) } : {}),
    },
    samples: window.length,
  };
}
