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
