// Small text helpers of the ops commands: aligned tables and time flags (`--since 24h` or an ISO date).
import { InvalidArgumentError } from 'commander';
import { DURATION_EXAMPLES, formatDuration, parseDuration } from './duration';

/** Columns padded to their widest cell; a row of headers first. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** commander parser for a point in time: a duration back from now (`24h`, `7d`) or an ISO 8601 date-time. */
export function timeArg(now: () => number) {
  return (raw: string): Date => {
    const ago = parseDuration(raw);
    if (ago !== undefined) return new Date(now() - ago);
    const at = Date.parse(raw);
    if (/^\d{4}-\d{2}-\d{2}/.test(raw) && Number.isFinite(at)) return new Date(at);
    throw new InvalidArgumentError(`expected a duration back from now (${DURATION_EXAMPLES}) or an ISO 8601 date-time such as 2025-01-31T00:00:00Z.`);
  };
}

/** "2025-01-31 09:30:00Z" — short, sortable, unambiguous. */
export function shortTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}

export function elapsed(startIso: string, endIso: string | undefined, nowMs: number): string {
  return formatDuration((endIso ? Date.parse(endIso) : nowMs) - Date.parse(startIso));
}
