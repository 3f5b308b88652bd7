// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date.

/** Milliseconds to wait, or undefined when the header is absent or unreadable. A past date means "now" (0). */
export function parseRetryAfterMs(
  value: string | string[] | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; without this check Date.parse would read '-5' as a year.
  const date = /^[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
