// The one error type the CLI's commands throw: it carries the exit code, a stable code for --json output, and a
// message that says what went wrong and what to do. main.ts prints it and exits; nothing else calls process.exit.
import { EXIT, type ExitCode } from './exit-codes';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    /** One line per problem (e.g. per bad flag), shown under the message. */
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

export function invalidInput(message: string, issues: string[] = []): CliError {
  return new CliError(EXIT.INVALID_INPUT, 'INVALID_INPUT', message, issues);
}
