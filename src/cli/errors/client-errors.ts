// The ops commands (list, describe, retry, cancel, feedback, coordinator, schedule) work through the client API;
// this maps its typed errors to CliErrors with the CLI's exit codes, and hands each command its clients.
import { RetrainClient, RetrainClientError, RetrainSchedules } from '../../client';
import type { CliContext } from '../cli-context';
import { CliError, invalidInput } from './cli-error';
import { withTemporal } from '../command';
import { EXIT, type ExitCode } from './exit-codes';
import { taskQueueFrom, unreachable, type TemporalTarget } from '../temporal-connection';

export interface OpsClients {
  retrain: RetrainClient;
  schedules: RetrainSchedules;
  target: TemporalTarget;
}

/** Connects, runs `work` with the client API, and turns the client's errors into CliErrors. */
export async function withOpsClients(context: CliContext, work: (clients: OpsClients) => Promise<ExitCode>): Promise<void> {
  const taskQueue = taskQueueFrom(context.env);
  await withTemporal(context, async (target) => {
    const options = { client: target.client, taskQueue };
    try {
      return await work({ retrain: new RetrainClient(options), schedules: new RetrainSchedules(options), target });
    } catch (error) {
      throw fromClientError(error, target.address);
    }
  });
}

/** The client's error kinds (CLIENT_ERROR_KINDS in src/client/errors.ts) as CLI exits. */
export function fromClientError(error: unknown, address: string): unknown {
  if (!(error instanceof RetrainClientError)) return error;
  switch (error.kind) {
    case 'invalid':
      return invalidInput(error.message.replace(/:.*$/s, ''), error.issues.flatMap(plainIssues));
    case 'not-found':
    case 'conflict':
      return new CliError(EXIT.INVALID_INPUT, error.code, error.message);
    case 'unavailable':
      return unreachable(address, error);
  }
}

/**
 * A workflow's validator can answer with a ZodError, whose message is its issues as a JSON array; people get one
 * "field: message" line per issue instead. Any other text is kept as it is.
 */
export function plainIssues(issue: string): string[] {
  if (!issue.trimStart().startsWith('[')) return [issue];
  try {
    const parsed: unknown = JSON.parse(issue);
    if (!Array.isArray(parsed) || !parsed.every(isZodIssue)) return [issue];
    return parsed.map((entry) => (entry.path.length > 0 ? `${entry.path.join('.')}: ${entry.message}` : entry.message));
  } catch {
    return [issue];
  }
}

function isZodIssue(value: unknown): value is { path: Array<string | number>; message: string } {
  const entry = value as { path?: unknown; message?: unknown } | null;
  return typeof entry === 'object' && entry !== null && Array.isArray(entry.path) && typeof entry.message === 'string';
}
