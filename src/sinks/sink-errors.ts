// Typed sink failures. Class names are part of the contract: the emit activity maps `SinkPermanentError` to a
// non-retryable failure (Temporal matches `nonRetryableErrorTypes` by name) and honours `retryAfterMs` of a
// `SinkTransientError` as the next retry delay. Messages never carry secrets (webhook secret, URL credentials).

export type SinkErrorCode = 'SINK_PERMANENT' | 'SINK_TRANSIENT';

export interface SinkErrorDetails {
  /** The sink's `name` ('log', 'jsonl', 'webhook', 'prometheus'). */
  sink: string;
  httpStatus?: number;
  /** How long the receiver asked us to wait (Retry-After), for the next retry. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base class of every sink failure: a stable `code` and whether trying again can help. */
export abstract class SinkError extends Error {
  abstract readonly code: SinkErrorCode;
  abstract readonly retryable: boolean;
  readonly sink: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;

  constructor(message: string, details: SinkErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.sink = details.sink;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Thrown when trying again cannot help without someone changing something: the receiver rejected the report (4xx
 * other than 408/429), the file path is a directory or not writable. Do not retry; fix the configuration.
 */
export class SinkPermanentError extends SinkError {
  override readonly name = 'SinkPermanentError';
  readonly code = 'SINK_PERMANENT';
  readonly retryable = false;
}

/**
 * Thrown when the sink may accept the same report later: the receiver is down or overloaded (5xx, 408, 429),
 * the network failed or timed out, the disk is full. Retry, after `retryAfterMs` when present.
 */
export class SinkTransientError extends SinkError {
  override readonly name = 'SinkTransientError';
  readonly code = 'SINK_TRANSIENT';
  readonly retryable = true;
}

export function isSinkError(error: unknown): error is SinkError {
  return error instanceof SinkError;
}
