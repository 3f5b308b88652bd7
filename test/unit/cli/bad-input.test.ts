// Bad input on every command: exit 2, one plain line on stderr that names the flag and what it accepts, nothing
// of the user's control characters echoed, and Temporal never contacted. Good values of the same flags get through
// to the connection (which these tests make fail with exit 3).
import { run } from '../../../src/cli/main';
import { EXIT } from '../../../src/cli/errors/exit-codes';
import { unreachable } from '../../../src/cli/temporal-connection';
import { argv, recordingContext } from './fake-context';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';
const FEEDBACK = ['feedback', MODEL, '--domain', 'vision', '--examples', '3'];
const SCHEDULE = ['schedule', 'create', MODEL, '--domain', 'vision'];
const COORDINATOR = ['coordinator', MODEL, '--domain', 'vision'];
const ESC = '\u001b';

async function refused(args: string[]) {
  const context = recordingContext();
  const code = await run(argv(...args), context);
  return { code, stderr: context.stderrText(), stdout: context.stdoutText(), connectCalls: context.connectCalls };
}

/** A context whose Temporal is down: reaching exit 3 proves the flags were accepted. */
async function accepted(args: string[]) {
  const context = recordingContext({ connect: () => Promise.reject(unreachable('127.0.0.1:7233', new Error('connection refused'))) });
  const code = await run(argv(...args), context);
  return { code, stderr: context.stderrText(), connectCalls: context.connectCalls };
}

function expectOneLine(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe.each([
  ['empty --request-id', ['retrain', MODEL, '--request-id', ''], '--request-id: must be 1 to 200 printable characters'],
  ['2,000-character --request-id', ['retrain', MODEL, '--request-id', 'w'.repeat(2000)], '--request-id: must be 1 to 200 printable characters'],
  ['blank <workflowId> of status', ['status', ' '], '<workflowId>: must be 1 to 1000 printable characters'],
  ['2,000-character <workflowId> of cancel', ['cancel', 'w'.repeat(2000)], '<workflowId>: must be 1 to 1000 printable characters'],
  ['--cron with 4 fields', [...SCHEDULE, '--cron', '0 3 * *'], '--cron: must be a cron expression of 5 fields'],
  ['--cron with minute 61', [...SCHEDULE, '--cron', '61 3 * * *'], '--cron: field 1 (minute) "61" must be 0-59'],
  ['--cron with month 13', [...SCHEDULE, '--cron', '0 3 1 13 *'], '--cron: field 4 (month) "13" must be 1-12 or jan-dec'],
  ['--cron with a reversed range', [...SCHEDULE, '--cron', '0 9-5 * * *'], '--cron: field 2 (hour) "9-5" must be 0-23'],
  ['unknown cron shorthand', [...SCHEDULE, '--cron', '@fortnightly'], '--cron: must be a cron expression of 5 fields'],
  ['unknown --timezone', [...SCHEDULE, '--cron', '0 3 * * *', '--timezone', 'Mars/Olympus'], '--timezone: must be an IANA time zone name such as UTC'],
  ['offset as --timezone', [...SCHEDULE, '--cron', '0 3 * * *', '--timezone', '+01:00'], '--timezone: must be an IANA time zone name'],
  ['bad --every', [...SCHEDULE, '--every', '1h30m'], '--every: must be a duration such as 30m, 24h or 7d (got "1h30m")'],
  ['negative --min-examples', [...COORDINATOR, '--min-examples', '-1'], '--min-examples: must be an integer from 0 to 1000000 (got -1)'],
  ['too long --quiet-period', [...COORDINATOR, '--quiet-period', '8d'], '--quiet-period: must be from 0s to 7d (got 8d)'],
  ['hexadecimal --epochs', ['retrain', MODEL, '--epochs', '0x10'], '--epochs: must be a whole number in decimal digits, such as 5 (got "0x10")'],
  ['exponent --max-resubmits', ['retrain', MODEL, '--max-resubmits', '1e0'], '--max-resubmits: must be a whole number in decimal digits'],
  ['padded --with-global-dataset-id', ['retrain', MODEL, '--with-global-dataset-id', ' 7'], '--with-global-dataset-id: must be a whole number in decimal digits'],
  ['binary --train-split-ratio', ['retrain', MODEL, '--train-split-ratio', '0b1'], '--train-split-ratio: must be a number in decimal notation'],
  ['hexadecimal --examples', [...FEEDBACK.slice(0, 4), '--examples', '0x10'], '--examples: must be a whole number in decimal digits'],
  ['negative --examples', [...FEEDBACK.slice(0, 4), '--examples', '-3'], '--examples: must be an integer from 0 to 1000000000 (got -3)'],
  ['hexadecimal --limit', ['list', '--limit', '0x10'], '--limit: must be a whole number in decimal digits'],
  ['--limit out of range', ['list', '--limit', '0'], '--limit: must be from 1 to 1000 (got 0)'],
  ['--occurred-at in year 9999', [...FEEDBACK, '--occurred-at', '9999-01-01T00:00:00Z'], '--occurred-at: must be an ISO 8601 date-time with a zone'],
  ['--occurred-at before 2000', [...FEEDBACK, '--occurred-at', '1999-12-31T23:59:59Z'], '--occurred-at: must be an ISO 8601 date-time with a zone, such as 2025-01-31T12:00:00Z, from 2000-01-01 to 1 day from now (got "1999-12-31T23:59:59Z")'],
  ['--occurred-at without a zone', [...FEEDBACK, '--occurred-at', '2025-01-31T09:00:00'], '--occurred-at: must be an ISO 8601 date-time with a zone'],
  ['--occurred-at on February 30th', [...FEEDBACK, '--occurred-at', '2025-02-30T09:00:00Z'], '--occurred-at: must be an ISO 8601 date-time'],
  ['--since in year 9999', ['list', '--since', '9999-01-01'], '--since: must be a duration back from now'],
  ['--until that is not a time', ['list', '--until', 'yesterday'], '--until: must be a duration back from now'],
  ['backfill --from after --to', ['schedule', 'backfill', 'retrain-schedule-x', '--from', '1d', '--to', '3d'], '--from: must be earlier than --to'],
  ['empty --event-id', [...FEEDBACK, '--event-id', ''], '--event-id: must be 1 to 200 printable characters'],
  ['bad <modelId> of coordinator', ['coordinator', 'nope', '--domain', 'vision'], '<modelId>: must be 26 characters of A-Z and 2-7 (got "nope")'],
  ['bad --model of list', ['list', '--model', 'nope'], '--model: must be 26 characters of A-Z and 2-7'],
  ['empty schedule --note', [...SCHEDULE, '--every', '24h', '--note', ''], '--note: must be 1 to 500 printable characters'],
  ['empty <scheduleId>', ['schedule', 'pause', ''], '<scheduleId>: must be 1 to 1000 printable characters'],
])('%s', (_name, args, message) => {
  it('exits 2 with one line naming the flag, before contacting Temporal', async () => {
    const result = await refused(args);
    expect(result.code).toBe(EXIT.INVALID_INPUT);
    expect(result.stderr).toContain(`error: ${message}`);
    expectOneLine(result.stderr);
    expect(result.stderr).not.toMatch(/Unexpected error|"code":|\[\{/);
    expect(result.stdout).toBe('');
    expect(result.connectCalls).toBe(0);
  });
});

describe('what bad input echoes back', () => {
  it('refuses control characters in --event-id and shows them escaped', async () => {
    const result = await refused([...FEEDBACK, '--event-id', `evt-1${ESC}[2J\r\u0085`]);
    expect(result.code).toBe(EXIT.INVALID_INPUT);
    expect(result.stderr).toBe('error: --event-id: must be 1 to 200 printable characters (not blank, no control characters) (got "evt-1\\u001b[2J\\u000d\\u0085")\n');
    expect(result.connectCalls).toBe(0);
  });

  it('shows a long value cut short, with its length', async () => {
    const result = await refused(['retrain', MODEL, '--request-id', 'w'.repeat(2000)]);
    expect(result.stderr).toContain(`(got "${'w'.repeat(40)}…" (2000 characters))`);
    expect(result.stderr.length).toBeLessThan(300);
  });

  it.each([
    ['a value outside the choices', ['retrain', MODEL, '--domain', `vi${ESC}sion\nx`]],
    ['an unknown option', ['retrain', MODEL, `--no-such${ESC}[31m`]],
    ['a bad model id', ['retrain', `${ESC}]0;pwned\u0007`]],
    ['a cron field', [...SCHEDULE, '--cron', `0 ${ESC}[31m * * *`]],
  ])('escapes control characters in %s', async (_name, args) => {
    const result = await refused(args);
    expect(result.code).toBe(EXIT.INVALID_INPUT);
    expect(result.stderr).toContain('\\u001b');
    expect(result.stderr).not.toContain(ESC);
    expect(result.stderr).not.toContain('\u0007');
  });

  it('with --json: the one line is the message, and issues lists it', async () => {
    const result = await refused([...COORDINATOR, '--min-examples', '-1', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({
      type: 'error',
      exitCode: 2,
      code: 'INVALID_INPUT',
      message: '--min-examples: must be an integer from 0 to 1000000 (got -1)',
      issues: ['--min-examples: must be an integer from 0 to 1000000 (got -1)'],
    });
  });
});

describe('good values get through to Temporal', () => {
  it.each([
    ['a request id of 200 characters', ['retrain', MODEL, '--request-id', 'w'.repeat(200), '--epochs', '010']],
    ['a cron expression with names, steps and lists', [...SCHEDULE, '--cron', '*/15 9-17 * jan-mar,dec mon-fri', '--timezone', 'europe/paris']],
    ['a cron shorthand', [...SCHEDULE, '--cron', '@daily']],
    ['a 7-field cron expression', [...SCHEDULE, '--cron', '30 0 3 1 * * 2026']],
    ['debounce settings at their bounds', [...COORDINATOR, '--min-examples', '0', '--quiet-period', '7d']],
    ['an --occurred-at a day ahead of the clock', [...FEEDBACK, '--occurred-at', '2025-02-01T09:30:00Z', '--event-id', 'évènement-1']],
    ['list times as durations, dates and date-times', ['list', '--since', '7d', '--until', '2025-01-31T10:00:00+01:00', '--limit', '1000']],
    ['backfill over a past window', ['schedule', 'backfill', 'retrain-schedule-x', '--from', '3d', '--to', '2025-01-30']],
  ])('%s', async (_name, args) => {
    const result = await accepted(args);
    expect(result.stderr).toContain('Cannot reach Temporal');
    expect(result.code).toBe(EXIT.INFRASTRUCTURE);
    expect(result.connectCalls).toBe(1);
  });
});
