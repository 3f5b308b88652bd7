// Shared parsing of flag and argument values. Each rule is a zod schema from the text the user typed to the value a
// command needs, and its message says what the flag accepts. `flagValue` turns a rule into a commander parser that
// refuses bad text with the CLI's exit-2 error naming the flag; commands use it for every value flag, so they all
// answer bad input the same way, in one line, and before anything contacts Temporal.
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { MODEL_ID_PATTERN } from '../../contract/ids';
import { DURATION_EXAMPLES, parseDuration } from './duration';
import { invalidFlags } from './flag-issues';
import { displayValue, NON_PRINTABLE } from '../safe-text';

/** A flag's grammar: from the text typed to the value; its issue message starts with "must". */
export type FlagRule<T> = z.ZodType<T, string>;

/** commander parser for `flag` (as the user sees it: '--epochs', '<workflowId>'). */
export function flagValue<T>(flag: string, rule: FlagRule<T>): (raw: string) => T {
  return (raw: string) => checkFlag(flag, rule, raw);
}

/** The value of `raw`, or a CliError (exit 2) "<flag>: must be … (got "…")". */
export function checkFlag<T>(flag: string, rule: FlagRule<T>, raw: string): T {
  const parsed = rule.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw invalidFlags(flag, [`${flag}: ${ruleMessage(parsed.error)} (got ${displayValue(raw)})`]);
}

/** The same rules for a program that keeps commander's own error output (npm start). */
export function commanderValue<T>(rule: FlagRule<T>): (raw: string) => T {
  return (raw: string) => {
    const parsed = rule.safeParse(raw);
    if (parsed.success) return parsed.data;
    throw new InvalidArgumentError(`${ruleMessage(parsed.error)}.`);
  };
}

function ruleMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is not valid';
}

/** Decimal digits only: Number() would also read 0x10, 1e3, 0b1 and " 7 ", which nobody types on purpose. */
const DECIMAL_INTEGER = /^-?\d{1,15}$/;
const DECIMAL_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?$/;

/** A whole number; its range is the schema's business (the flag's message then names the bounds). */
export const integerRule: FlagRule<number> = z
  .string()
  .regex(DECIMAL_INTEGER, 'must be a whole number in decimal digits, such as 5')
  .transform(Number);

/** A whole number within bounds, for flags no schema covers. */
export function integerInRange(min: number, max: number): FlagRule<number> {
  const message = `must be a whole number from ${min} to ${max}, in decimal digits`;
  return z.string().regex(DECIMAL_INTEGER, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
}

const NUMBER_MESSAGE = 'must be a number in decimal notation, such as 0.8 or 1e-3';

/** A number in decimal notation (0.8, .5, 1e-3); its range is the schema's business. */
export const numberRule: FlagRule<number> = z
  .string()
  .regex(DECIMAL_NUMBER, NUMBER_MESSAGE)
  .transform(Number)
  .refine(Number.isFinite, NUMBER_MESSAGE);

/** Milliseconds of a duration such as 30m. */
export const durationRule: FlagRule<number> = z.string().transform((raw, context) => {
  const ms = parseDuration(raw);
  if (ms === undefined) context.addIssue({ code: 'custom', message: `must be a duration such as ${DURATION_EXAMPLES}` });
  return ms ?? z.NEVER;
});

export const modelIdRule: FlagRule<string> = z.string().regex(MODEL_ID_PATTERN, 'must be 26 characters of A-Z and 2-7');

/** Text a person can read back: not blank, no control characters, at most `max` characters. */
export function printableText(max: number): FlagRule<string> {
  const message = `must be 1 to ${max} printable characters (not blank, no control characters)`;
  return z
    .string()
    .refine((text) => text.trim() !== '' && !NON_PRINTABLE.test(text) && [...text].length <= max, message);
}

/** Temporal's default limit on workflow and schedule ids, counted in bytes. */
export const MAX_TEMPORAL_ID_BYTES = 1000;

/** A workflow or schedule id: printable, and within Temporal's id length limit. */
export const temporalIdRule: FlagRule<string> = z
  .string()
  .refine(
    (id) => id.trim() !== '' && !NON_PRINTABLE.test(id) && Buffer.byteLength(id, 'utf8') <= MAX_TEMPORAL_ID_BYTES,
    `must be 1 to ${MAX_TEMPORAL_ID_BYTES} printable characters (${MAX_TEMPORAL_ID_BYTES} bytes of UTF-8; not blank, no control characters)`,
  );

/** An IANA zone, sent as its canonical name (Temporal's zone lookup is case-sensitive; Intl's is not). */
export const timeZoneRule: FlagRule<string> = z.string().transform((zone, context) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical === undefined) {
    context.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as UTC, Europe/Paris or America/New_York' });
  }
  return canonical ?? z.NEVER;
});

function canonicalTimeZone(zone: string): string | undefined {
  // Intl also knows forms Temporal's server does not (offsets such as +01:00); names start with a letter.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Timestamps before this are typos (the project did not exist), as are those more than a day ahead of the clock. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_AHEAD_MS = 86_400_000;
const TIME_RANGE = 'from 2000-01-01 to 1 day from now';

function withinTimeRange(ms: number, nowMs: number): boolean {
  return ms >= EARLIEST_MS && ms <= nowMs + LATEST_AHEAD_MS;
}

/** An ISO 8601 date-time with its zone (Z or an offset), kept as typed. */
export function timestampRule(now: () => number): FlagRule<string> {
  const message = `must be an ISO 8601 date-time with a zone, such as 2025-01-31T12:00:00Z, ${TIME_RANGE}`;
  return z.iso
    .datetime({ offset: true, error: message })
    .refine((text) => withinTimeRange(Date.parse(text), now()), message);
}

/** A point in time: a duration back from now (24h, 7d), an ISO 8601 date-time, or a date. */
export function pointInTimeRule(now: () => number): FlagRule<Date> {
  const message = `must be a duration back from now (${DURATION_EXAMPLES}) or an ISO 8601 date or date-time such as 2025-01-31T00:00:00Z, ${TIME_RANGE}`;
  const iso = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);
  return z.string().transform((raw, context) => {
    const ago = parseDuration(raw);
    const ms = ago !== undefined ? now() - ago : iso.safeParse(raw).success ? Date.parse(raw) : NaN;
    if (!withinTimeRange(ms, now())) context.addIssue({ code: 'custom', message });
    return Number.isFinite(ms) ? new Date(ms) : z.NEVER;
  });
}
