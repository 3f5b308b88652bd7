// Small text helpers of the ops commands: aligned tables, times and durations.
import { formatDuration } from './flags/duration';

/** Columns padded to their widest cell; a row of headers first. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** "2025-01-31 09:30:00Z" — short, sortable, unambiguous. */
export function shortTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}

export function elapsed(startIso: string, endIso: string | undefined, nowMs: number): string {
  return formatDuration((endIso ? Date.parse(endIso) : nowMs) - Date.parse(startIso));
}
