// `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP date. Einstein may send it with 429 and 503
// (docs/einstein-api.md), a webhook receiver with 429 and 5xx; both callers' retry policies use the result as their
// next delay. One reading for both, clamped to a ceiling: a `Retry-After: 86400` must not park a run for a day.

/** The longest wait a `Retry-After` can ask for, unless the caller configures another. */
export const DEFAULT_RETRY_AFTER_CEILING_MS = 15 * 60_000;

export interface RetryAfterOptions {
  /** Clock in epoch milliseconds (injectable for tests). @default Date.now() */
  now?: number;
  /** Longer waits are cut to this. @default DEFAULT_RETRY_AFTER_CEILING_MS */
  ceilingMs?: number;
}

/**
 * Milliseconds to wait, or `undefined` when the header is absent or unreadable. A date in the past gives 0; a wait
 * longer than the ceiling gives the ceiling. Of a repeated header, the first value counts.
 */
export function parseRetryAfter(value: string | string[] | undefined, options: RetryAfterOptions = {}): number | undefined {
  const waitMs = readRetryAfter(Array.isArray(value) ? value[0] : value, options.now ?? Date.now());
  return waitMs === undefined ? undefined : Math.min(waitMs, options.ceilingMs ?? DEFAULT_RETRY_AFTER_CEILING_MS);
}

function readRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; without this check Date.parse would read '-5' or '1.5' as a date.
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
