// The `einstein-retrain` command line. Each command is one file in ./commands that registers itself; add new ones
// to COMMANDS. This file only builds the program, runs it, and turns errors into exit codes.
import { Command, CommanderError } from 'commander';
import { CliError } from './errors/cli-error';
import { processContext, type CliContext } from './cli-context';
import type { CommandRegistration } from './command';
import { registerRetrain } from './commands/retrain';
import { registerStatus } from './commands/status';
import { registerWatch } from './commands/watch';
import { registerCancel } from './commands/cancel';
import { registerCoordinator } from './commands/coordinator';
import { registerDescribe } from './commands/describe';
import { registerFeedback } from './commands/feedback';
import { registerList } from './commands/list';
import { registerRetry } from './commands/retry';
import { registerSchedule } from './commands/schedule';
import { EXIT, EXIT_CODES_HELP } from './errors/exit-codes';
import { escapeNonPrintable, escapeNonPrintableLines } from './safe-text';

const COMMANDS: CommandRegistration[] = [registerRetrain, registerStatus, registerWatch];
/** The ops commands, built on the client API (src/client). */
COMMANDS.push(registerList, registerDescribe, registerRetry, registerCancel, registerFeedback, registerCoordinator, registerSchedule);

const CONNECTION_HELP = `
Temporal connection: TEMPORAL_ADDRESS (default 127.0.0.1:7233, where 'npm start' runs it), TEMPORAL_NAMESPACE,
TEMPORAL_API_KEY, TEMPORAL_TLS_* and TEMPORAL_PROFILE / temporal.toml, as for Temporal's own CLI.
Task queue: EINSTEIN_RETRAIN_TASK_QUEUE (default einstein-retrain).`;

export function buildProgram(context: CliContext): Command {
  const program = new Command('einstein-retrain')
    .description('Durable retrains of Einstein Vision and Language models, on Temporal')
    .showHelpAfterError('(add --help for usage and examples)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(safeCommanderError(text)),
    })
    .exitOverride()
    .addHelpText('after', `${CONNECTION_HELP}\n\n${EXIT_CODES_HELP}`);
  for (const register of COMMANDS) register(program, context);
  for (const command of program.commands) {
    command.exitOverride().showHelpAfterError('(add --help for usage and examples)').addHelpText('after', `\n${EXIT_CODES_HELP}`);
  }
  return program;
}

/** Runs the CLI with `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function run(argv: string[], context: CliContext = processContext()): Promise<number> {
  const json = argv.includes('--json');
  try {
    await buildProgram(context).parseAsync(argv, { from: 'node' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, context, json);
  }
}

/**
 * commander quotes what the user typed (an unknown option, a value outside the choices) in its messages. Its own
 * line breaks are the final one and the one before a "(Did you mean …?)" hint; every other control character came
 * from the user and is shown escaped.
 */
function safeCommanderError(text: string): string {
  const hint = '\n(Did you mean';
  return `${text.replace(/\n$/, '').split(hint).map(escapeNonPrintable).join(hint)}\n`;
}

function reportError(error: unknown, context: CliContext, json: boolean): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help) to stderr/stdout.
    const exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.INVALID_INPUT;
    if (json && exitCode !== 0) writeJsonError(context, { exitCode, code: 'INVALID_INPUT', message: escapeNonPrintable(error.message.replace(/^error: /, '')) });
    return exitCode;
  }
  const cliError =
    error instanceof CliError
      ? error
      : new CliError(EXIT.INFRASTRUCTURE, 'UNEXPECTED', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  const prefix = cliError.exitCode === EXIT.INTERRUPTED ? '' : 'error: ';
  // Messages can quote user input and server text: escaped, so nothing reaches the terminal as a control sequence.
  const message = escapeNonPrintableLines(cliError.message);
  const issues = cliError.issues.map(escapeNonPrintable);
  // A single issue can be the message itself (see invalidFlags): people read it once, machines find it in issues.
  const details = issues.filter((issue) => issue !== message);
  context.stderr.write(`${prefix}${message}\n${details.map((issue) => `  ${issue}\n`).join('')}`);
  if (json) writeJsonError(context, { exitCode: cliError.exitCode, code: cliError.code, message, issues });
  return cliError.exitCode;
}

function writeJsonError(context: CliContext, fields: Record<string, unknown>): void {
  context.stdout.write(`${JSON.stringify({ type: 'error', ...fields })}\n`);
}

export function main(argv: string[] = process.argv): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exitCode = EXIT.INFRASTRUCTURE;
    },
  );
}

if (require.main === module) main();
