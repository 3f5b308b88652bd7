// Human durations for flags (`--deadline 48h`, `--max-busy-wait 1h30m`) and for display ("1m10s").
// A tiny parser instead of a dependency: the accepted grammar is small and its error message names the flag.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

export const DURATION_EXAMPLES = '90s, 30m, 6h, 1h30m, 2d';

/**
 * Milliseconds of a duration such as `90s`, `30m`, `6h`, `1h30m`, `1.5h`, `2d` or `500ms`; undefined when the text
 * is not one. A bare number is refused on purpose: "6" could mean hours or milliseconds.
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (!WHOLE.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? NaN);
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** "45s", "1m10s", "6h", "2d3h": the largest two units, for status lines and messages. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return ms <= 0 ? '0s' : `${Math.round(ms)}ms`;
  const units: Array<[string, number]> = [
    ['d', UNIT_MS.d!],
    ['h', UNIT_MS.h!],
    ['m', UNIT_MS.m!],
    ['s', UNIT_MS.s!],
  ];
  let rest = Math.round(ms / 1_000) * 1_000;
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
    if (parts.length === 2) break;
  }
  // "1h0m" reads worse than "1h".
  return parts.filter((part, index) => index === 0 || !part.startsWith('0')).join('');
}
