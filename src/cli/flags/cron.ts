// `schedule create --cron`: the cron expressions Temporal Schedules accept, checked field by field before the CLI
// contacts Temporal, so a typo is exit 2 with the field at fault rather than a server error. The grammar is the
// one documented for ScheduleSpec.cronExpressions in @temporalio/client: 5 fields, 6 (with year) or 7 (seconds
// first, with year), or one of the shorthands. Its @every form and CRON_TZ= prefix are left out on purpose:
// `--every` and `--timezone` say the same thing as flags.
import { z } from 'zod';
import { escapeNonPrintable } from '../safe-text';

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Three-letter names accepted for the values min, min+1, ... (months and week days). */
  names?: readonly string[];
}

const SECOND: CronField = { name: 'second', min: 0, max: 59 };
const MINUTE: CronField = { name: 'minute', min: 0, max: 59 };
const HOUR: CronField = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: CronField = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: CronField = { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] };
/** 0 and 7 are both Sunday, as in most crons. */
const DAY_OF_WEEK: CronField = { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };
const YEAR: CronField = { name: 'year', min: 2000, max: 2100 };

const LAYOUTS: Readonly<Record<number, readonly CronField[]>> = {
  5: [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK],
  6: [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR],
  7: [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR],
};

export const CRON_SHORTHANDS = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly'] as const;

export const CRON_ACCEPTS =
  'a cron expression of 5 fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", ' +
  `6 or 7 fields with a year (and seconds first), or one of ${CRON_SHORTHANDS.join(', ')}`;

/** One item of a field's comma list: `*`, a value, or a range, each optionally with a `/step`. */
const ITEM = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/;

/** The problem with `expression`, phrased as what the flag accepts; undefined when Temporal would accept it. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().toLowerCase().split(/\s+/);
  if (fields.length === 1 && (CRON_SHORTHANDS as readonly string[]).includes(fields[0]!)) return undefined;
  const layout = LAYOUTS[fields.length];
  if (layout === undefined) return `must be ${CRON_ACCEPTS}`;
  for (const [index, field] of layout.entries()) {
    const text = fields[index]!;
    if (!text.split(',').every((item) => itemIsValid(item, field))) return fieldProblem(index, field, text);
  }
  return undefined;
}

function itemIsValid(item: string, field: CronField): boolean {
  const match = ITEM.exec(item);
  if (!match) return false;
  const [, range, step] = match;
  if (step !== undefined && Number(step) < 1) return false;
  if (range === '*') return true;
  const [first, last] = range!.split('-').map((value) => fieldValue(value, field));
  if (first === undefined) return false;
  return last === undefined ? !range!.includes('-') : first <= last;
}

function fieldValue(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text) ?? -1;
  const value = named >= 0 ? field.min + named : /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= field.min && value <= field.max ? value : undefined;
}

function fieldProblem(index: number, field: CronField, text: string): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  return (
    `field ${index + 1} (${field.name}) "${escapeNonPrintable(text)}" must be ${field.min}-${field.max}${names}, *, a range such as ` +
    `${field.min}-${field.min + 1}, a step such as */2, or a comma list of these`
  );
}

/** zod rule of the `--cron` flag: a valid expression, with its spacing normalised. */
export const CronExpression = z
  .string()
  .superRefine((expression, context) => {
    const problem = cronProblem(expression);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((expression) => expression.trim().split(/\s+/).join(' '));
