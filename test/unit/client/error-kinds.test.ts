// One table of the client's error codes (CLIENT_ERROR_KINDS): the CLI's exit code and the HTTP API's status both
// follow the kind it gives each code, so a new error class cannot get one answer in the CLI and another over HTTP.
import { apiErrorFromClient } from '../../../src/api/errors';
import { CliError } from '../../../src/cli/errors/cli-error';
import { fromClientError } from '../../../src/cli/errors/client-errors';
import { EXIT } from '../../../src/cli/errors/exit-codes';
import { AlreadyClosedError, CLIENT_ERROR_KINDS, InvalidFilterError, InvalidScheduleError, InvalidTriggerError, NotRetryableError, RetrainNotFoundError, ScheduleExistsError, ScheduleNotFoundError, TemporalUnavailableError, type RetrainClientError } from '../../../src/client';

const ERRORS: RetrainClientError[] = [
  new InvalidTriggerError(['modelId: must be 26 characters']),
  new InvalidFilterError(['limit: must be from 1 to 1000']),
  new InvalidScheduleError(['cron: not a cron expression']),
  new RetrainNotFoundError('retrain-vision-X'),
  new ScheduleNotFoundError('retrain-schedule-vision-X'),
  new NotRetryableError('retrain-vision-X', 'COMPLETED', 'it succeeded'),
  new AlreadyClosedError('retrain-vision-X', 'COMPLETED'),
  new ScheduleExistsError('retrain-schedule-vision-X'),
  new TemporalUnavailableError('connection refused'),
];

const EXPECTED = {
  invalid: { exit: EXIT.INVALID_INPUT, http: 400 },
  'not-found': { exit: EXIT.INVALID_INPUT, http: 404 },
  conflict: { exit: EXIT.INVALID_INPUT, http: 409 },
  unavailable: { exit: EXIT.INFRASTRUCTURE, http: 503 },
} as const;

describe('client error codes: one table for CLI exits and HTTP statuses', () => {
  it('covers every code of the table with an error class', () => {
    expect(ERRORS.map((error) => error.code).sort()).toEqual(Object.keys(CLIENT_ERROR_KINDS).sort());
  });

  it.each(ERRORS.map((error) => [error.code, error] as const))('%s: exit code and HTTP status follow its kind', (_code, error) => {
    const expected = EXPECTED[error.kind];
    const cli = fromClientError(error, '127.0.0.1:7233');
    expect(cli).toBeInstanceOf(CliError);
    expect((cli as CliError).exitCode).toBe(expected.exit);
    expect(apiErrorFromClient(error)?.status).toBe(expected.http);
  });

  it('an invalid input keeps its field issues in both', () => {
    const error = new InvalidTriggerError(['modelId: must be 26 characters of A-Z and 2-7']);
    expect((fromClientError(error, 'x') as CliError).message).toContain('Invalid trigger');
    expect(apiErrorFromClient(error)?.issues).toEqual([{ field: 'body.modelId', message: 'must be 26 characters of A-Z and 2-7' }]);
  });

  it('leaves errors that are not the client API alone', () => {
    const other = new Error('boom');
    expect(fromClientError(other, 'x')).toBe(other);
    expect(apiErrorFromClient(other)).toBeUndefined();
  });
});
