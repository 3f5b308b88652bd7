// Follows a run until it closes: one snapshot about every second (a query and a describe: cheap), handed to the
// display. A few failed reads in a row are tolerated (a server restart); Ctrl-C stops watching, never the run.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { CliError } from '../errors/cli-error';
import type { CliContext } from '../cli-context';
import { EXIT } from '../errors/exit-codes';
import { readRunSnapshot } from '../../client/run-reader';
import { isClosed, monotonic, type RunSnapshot } from '../../client/run-snapshot';

/** Consecutive failed reads before giving up (about this many seconds at the default refresh). */
const MAX_READ_FAILURES = 10;

export async function followRun(
  client: Client,
  workflowId: string,
  context: Pick<CliContext, 'refreshMs' | 'onInterrupt'>,
  onView: (view: RunSnapshot) => void,
): Promise<RunSnapshot> {
  const interrupted = new AbortController();
  const unsubscribe = context.onInterrupt(() => interrupted.abort());
  let previous: RunSnapshot | undefined;
  let failures = 0;
  try {
    for (;;) {
      try {
        previous = monotonic(previous, await readRunSnapshot(client, workflowId));
        failures = 0;
        onView(previous);
        if (isClosed(previous)) return previous;
      } catch (error) {
        if (++failures >= MAX_READ_FAILURES || previous === undefined) throw error;
      }
      await sleep(context.refreshMs, undefined, { signal: interrupted.signal });
    }
  } catch (error) {
    if (interrupted.signal.aborted) {
      throw new CliError(EXIT.INTERRUPTED, 'INTERRUPTED', `Stopped watching; the retrain goes on. Watch it again: einstein-retrain watch ${workflowId}`);
    }
    throw error;
  } finally {
    unsubscribe();
  }
}
