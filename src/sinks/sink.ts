// A sink delivers the final retrain report somewhere (docs/ARCHITECTURE.md). Delivery is at least once: a retried emit
// passes the same idempotency key, which receivers use to drop duplicates.
import type { RetrainReport } from '../report';
import { SinkTransientError, isSinkError, type SinkError } from './sink-errors';

export interface SinkContext {
  /** Stable for one report (its `reportId`); sent to receivers that can deduplicate. */
  idempotencyKey: string;
}

export interface Sink {
  /** Unique among configured sinks: 'log', 'jsonl', 'webhook', 'prometheus'. */
  readonly name: string;
  /** Resolves once the report is delivered; rejects with a `SinkError` otherwise. */
  emit(report: RetrainReport, ctx: SinkContext): Promise<void>;
  /** Releases what the sink holds open (a database); called once when the worker stops. */
  close?(): Promise<void>;
  /**
   * Opens what the sink needs ahead of the first report (a database), so that the first delivery, which runs inline
   * in the retrain's workflow task, does not pay for it. Optional, and a failure here only means the first emit tries
   * again.
   */
  warmUp?(): Promise<void>;
}

export type SinkResult = { sink: string; ok: true } | { sink: string; ok: false; error: SinkError };

/**
 * Emits to every sink, one after another, and reports each outcome: one sink that is down neither stops the others
 * nor hides its error. Callers decide what a failure means (the activity retries failed sinks only).
 */
export async function emitToSinks(
  sinks: readonly Sink[],
  report: RetrainReport,
  ctx: SinkContext,
): Promise<SinkResult[]> {
  const results: SinkResult[] = [];
  for (const sink of sinks) {
    try {
      await sink.emit(report, ctx);
      results.push({ sink: sink.name, ok: true });
    } catch (error) {
      results.push({ sink: sink.name, ok: false, error: asSinkError(sink.name, error) });
    }
  }
  return results;
}

/** Wraps an unexpected throw as a transient failure so that it stays typed and retryable. */
export function asSinkError(sink: string, error: unknown): SinkError {
  if (isSinkError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SinkTransientError(`Sink '${sink}' failed: ${reason}`, { sink, cause: error });
}

/**
 * Warms every sink that can be warmed, each bounded by `timeoutMs`: a sink that cannot get ready (a database that is
 * down) is logged and left to open at its first report, as it would without warming, so it never blocks a start.
 */
export async function warmUpSinks(
  sinks: readonly Sink[],
  timeoutMs: number,
  onTrouble: (sink: string, reason: string) => void,
): Promise<void> {
  await Promise.all(
    sinks.map(async (sink) => {
      if (!sink.warmUp) return;
      try {
        await withinTime(sink.warmUp(), timeoutMs, () => new Error(`not ready after ${timeoutMs} ms`));
      } catch (error) {
        onTrouble(sink.name, `${error instanceof Error ? error.message : String(error)}; it opens at its first report`);
      }
    }),
  );
}

/** Settles as `work` does, or rejects with `late()` after `ms`; the timer never outlives the race. */
export async function withinTime<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([work, tooLate]);
  } finally {
    clearTimeout(timer);
  }
}
