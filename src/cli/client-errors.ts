// The ops commands (list, describe, retry, cancel, feedback, coordinator, schedule) work through the client API;
// this maps its typed errors to CliErrors with the CLI's exit codes, and hands each command its clients.
import {
  AlreadyClosedError,
  InvalidFilterError,
  InvalidScheduleError,
  InvalidTriggerError,
  NotRetryableError,
  RetrainClient,
  RetrainNotFoundError,
  RetrainSchedules,
  ScheduleExistsError,
  ScheduleNotFoundError,
  TemporalUnavailableError,
} from '../client';
import type { CliContext } from './cli-context';
import { CliError, invalidInput } from './cli-error';
import { withTemporal } from './command';
import { EXIT, type ExitCode } from './exit-codes';
import { taskQueueFrom, unreachable, type TemporalTarget } from './temporal-connection';

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

export function fromClientError(error: unknown, address: string): unknown {
  if (error instanceof InvalidTriggerError || error instanceof InvalidFilterError || error instanceof InvalidScheduleError) {
    return invalidInput(error.message.replace(/:.*$/s, ''), error.issues.flatMap(plainIssues));
  }
  if (error instanceof RetrainNotFoundError || error instanceof NotRetryableError || error instanceof AlreadyClosedError) {
    return new CliError(EXIT.INVALID_INPUT, error.code, error.message);
  }
  if (error instanceof ScheduleNotFoundError || error instanceof ScheduleExistsError) return new CliError(EXIT.INVALID_INPUT, error.code, error.message);
  if (error instanceof TemporalUnavailableError) return unreachable(address, error);
  return error;
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
