// `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP date. Einstein may send it with 429 and 503
// (einstein-api.md §13); the caller's retry policy uses the result as its next delay.

/**
 * Milliseconds to wait, or `undefined` when the header is absent or unreadable. A date in the past gives 0.
 * @param now clock in epoch milliseconds (injectable for tests)
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // "1.5", "-3": neither form
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
