/** Time formats used in Einstein responses. */

/** `2016-09-16T18:03:21.000+0000`: UTC, millisecond precision, offset without a colon. */
export function einsteinTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** `HH:MM:SS:mmm`, as in `trainStats.totalTime`. */
export function einsteinDuration(seconds: number): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const secs = Math.floor(totalMs / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(secs, 2)}:${pad(totalMs % 1000, 3)}`;
}
