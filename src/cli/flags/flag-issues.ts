// Schema issues → lines about flags. The workflow's and the client's schemas report "field: message"; the user
// typed flags, so each issue is restated with the flag, what it accepts, and the value given (durations as
// durations, text escaped). Commands check their whole request this way before they contact Temporal.
import type { z } from 'zod';
import { CliError, invalidInput } from '../errors/cli-error';
import { formatDuration } from './duration';
import { displayValue } from '../safe-text';

/** How a schema field reaches the command line: its flag, and its bounds when the flag takes a duration. */
export interface FlagField {
  flag: string;
  durationBounds?: { min: number; max: number };
}
export type FlagFields = Readonly<Record<string, FlagField>>;

/** "epochs: epochs must be an integer from 1 to 1000" → "--epochs: must be an integer from 1 to 1000 (got 0)". */
export function flagIssue(issue: string, fields: FlagFields, input: unknown): string {
  const separator = issue.indexOf(': ');
  const path = separator < 0 ? '' : issue.slice(0, separator);
  const message = separator < 0 ? issue : issue.slice(separator + 2);
  const field = fields[path];
  const value = valueAt(input, path);
  if (field?.durationBounds && typeof value === 'number') {
    const { min, max } = field.durationBounds;
    return `${field.flag}: must be from ${formatDuration(min)} to ${formatDuration(max)} (got ${formatDuration(value)})`;
  }
  const lastSegment = path.split('.').pop() ?? path;
  const stripped = message.replace(new RegExp(`^(?:${escapeRegExp(path)}|${escapeRegExp(lastSegment)}) (?=must )`), '');
  const flag = field?.flag ?? path;
  return value === undefined ? `${flag}: ${stripped}` : `${flag}: ${stripped} (got ${shownValue(value)})`;
}

/** One problem is its own one-line message; several are listed under `title`. `issues` lists them all either way. */
export function invalidFlags(title: string, issues: string[]): CliError {
  return invalidInput(issues.length === 1 ? issues[0]! : title, issues);
}

/** Checks `input` with `schema`; throws invalidFlags naming the flags of the failing fields. */
export function checkWithSchema(schema: z.ZodType, input: unknown, fields: FlagFields, title: string): void {
  const parsed = schema.safeParse(input);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((issue) => flagIssue(`${issue.path.map(String).join('.')}: ${issue.message}`, fields, input));
  throw invalidFlags(title, issues);
}

/** The bounds of a duration field of a schema, for FlagField.durationBounds. */
export function boundsOf(schema: { minValue: number | null; maxValue: number | null }): { min: number; max: number } {
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Infinity };
}

function shownValue(value: unknown): string {
  return typeof value === 'string' ? displayValue(value) : (JSON.stringify(value) ?? String(value));
}

function valueAt(input: unknown, path: string): unknown {
  let node: unknown = input;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
