// The shared flag rules on their own: what each accepts and what it hands the command.
import { plainIssues } from '../../../src/cli/errors/client-errors';
import { CronExpression, cronProblem } from '../../../src/cli/flags/cron';
import { integerRule, numberRule, pointInTimeRule, temporalIdRule, timestampRule, timeZoneRule } from '../../../src/cli/flags/flag-values';
import { displayValue } from '../../../src/cli/safe-text';

const NOW = Date.parse('2025-01-31T09:30:00.000Z');
const now = () => NOW;

describe('number rules', () => {
  it.each(['5', '0', '-1', '007'])('integer %p is read as a decimal integer', (text) => {
    expect(integerRule.parse(text)).toBe(Number.parseInt(text, 10));
  });

  it.each(['0x10', '0b1', '0o7', '1e3', '1.0', ' 5', '5 ', '+5', '', 'Infinity', '9'.repeat(16)])('integer %p is refused', (text) => {
    expect(integerRule.safeParse(text).success).toBe(false);
  });

  it.each([
    ['0.8', 0.8],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['-2', -2],
  ])('number %p is %p', (text, value) => {
    expect(numberRule.parse(text)).toBe(value);
  });

  it.each(['0x10', '1e999', 'NaN', '1,5', '', '.'])('number %p is refused', (text) => {
    expect(numberRule.safeParse(text).success).toBe(false);
  });
});

describe('cron expressions', () => {
  it.each(['0 3 * * *', '*/15 9-17 * * mon-fri', '0 0 1 jan,jul *', '0 12 * * 0,7', '0 3 * * * 2030', '15 0 3 * * * 2030', '@hourly', '@YEARLY'])(
    '%p is accepted',
    (expression) => {
      expect(cronProblem(expression)).toBeUndefined();
    },
  );

  it.each([
    ['0 3 * *', /^must be a cron expression of 5 fields/],
    ['0 3 * * * * * *', /^must be a cron expression of 5 fields/],
    ['60 3 * * *', /^field 1 \(minute\)/],
    ['0 3 0 * *', /^field 3 \(day-of-month\)/],
    ['0 3 * foo *', /^field 4 \(month\)/],
    ['0 3 * * 8', /^field 5 \(day-of-week\)/],
    ['0 3 * * */0', /^field 5 \(day-of-week\)/],
    ['0 3 * * 1-', /^field 5 \(day-of-week\)/],
    ['0 3 * * * 1999', /^field 6 \(year\)/],
    ['@every 1h', /^must be a cron expression/],
    ['CRON_TZ=UTC 0 3 * * *', /^must be a cron expression|^field 1/],
  ])('%p is refused: %p', (expression, problem) => {
    expect(cronProblem(expression)).toMatch(problem);
  });

  it('normalises spacing', () => {
    expect(CronExpression.parse('  0   3 * *\t* ')).toBe('0 3 * * *');
  });
});

describe('time zones', () => {
  it('sends the canonical IANA name, whatever the case typed', () => {
    expect(timeZoneRule.parse('europe/paris')).toBe('Europe/Paris');
    expect(timeZoneRule.parse('utc')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '+01:00', '', 'Europe/Paris\u001b'])('%p is refused', (zone) => {
    expect(timeZoneRule.safeParse(zone).success).toBe(false);
  });
});

describe('timestamps', () => {
  const rule = timestampRule(now);

  it('accepts from 2000-01-01 up to one day ahead of the clock, and keeps the text', () => {
    expect(rule.parse('2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00Z');
    expect(rule.parse('2025-02-01T09:30:00Z')).toBe('2025-02-01T09:30:00Z');
    expect(rule.parse('2025-01-31T10:30:00+01:00')).toBe('2025-01-31T10:30:00+01:00');
  });

  it.each(['1999-12-31T23:59:59Z', '2025-02-01T09:30:01Z', '9999-01-01T00:00:00Z', '2025-01-31', 'yesterday'])('%p is refused', (text) => {
    expect(rule.safeParse(text).success).toBe(false);
  });

  it('points in time: durations back from the clock, dates and date-times, in the same range', () => {
    const point = pointInTimeRule(now);
    expect(point.parse('1d').toISOString()).toBe('2025-01-30T09:30:00.000Z');
    expect(point.parse('2025-01-01').toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(point.safeParse('100000d').success).toBe(false);
    expect(point.safeParse('2025-13-01').success).toBe(false);
  });
});

describe('workflow and schedule ids', () => {
  it('counts Temporal\'s limit in bytes', () => {
    expect(temporalIdRule.safeParse('w'.repeat(1000)).success).toBe(true);
    expect(temporalIdRule.safeParse('w'.repeat(1001)).success).toBe(false);
    expect(temporalIdRule.safeParse('é'.repeat(501)).success).toBe(false);
  });

  it.each(['', '   ', 'run\n1', 'run\u0000', 'run\u202e1'])('%p is refused', (id) => {
    expect(temporalIdRule.safeParse(id).success).toBe(false);
  });
});

describe('what messages quote back', () => {
  it('escapes C0 and C1 control characters and the line separators', () => {
    expect(displayValue('a\u001b[0m\u009b\u2028b')).toBe('"a\\u001b[0m\\u009b\\u2028b"');
  });

  it('turns a validator\'s ZodError JSON into field: message lines', () => {
    const json = JSON.stringify([{ code: 'too_small', path: ['debounce', 'minNewExamples'], message: 'minNewExamples must be an integer from 0 to 1000000' }], null, 2);
    expect(plainIssues(json)).toEqual(['debounce.minNewExamples: minNewExamples must be an integer from 0 to 1000000']);
    expect(plainIssues('eventId: must be 1 to 200 characters')).toEqual(['eventId: must be 1 to 200 characters']);
    expect(plainIssues('[not json')).toEqual(['[not json']);
  });
});
