// What a CLI command is: one file in src/cli/commands/ exporting a `CommandRegistration` that adds itself to the
// program; main.ts lists them. Helpers here keep each command's action to its own logic.
import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import type { ExitCode } from './errors/exit-codes';
import { Output } from './output';
import { fromTemporalError } from './errors/temporal-errors';
import type { TemporalTarget } from './temporal-connection';

export type CommandRegistration = (program: Command, context: CliContext) => void;

/** Options every command accepts. */
export interface CommonFlags {
  json?: boolean;
}

export function outputFor(context: CliContext, flags: CommonFlags): Output {
  return new Output(context.stdout, context.stderr, flags.json === true);
}

/**
 * Connects, runs `work`, closes the connection, and records the exit code. Temporal's errors become CliErrors that
 * say what to do (main.ts prints them).
 */
export async function withTemporal(
  context: CliContext,
  work: (target: TemporalTarget) => Promise<ExitCode>,
): Promise<void> {
  const target = await context.connect();
  try {
    context.exitCode = await work(target);
  } catch (error) {
    throw fromTemporalError(error, target);
  } finally {
    await target.close().catch(() => undefined);
  }
}
