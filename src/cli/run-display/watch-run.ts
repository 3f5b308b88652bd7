// Follows a run live to its end and prints the outcome: shared by `retrain --wait` and `watch`.
import type { Client } from '@temporalio/client';
import type { CliContext } from '../cli-context';
import type { ExitCode } from '../errors/exit-codes';
import { followRun } from './follow-run';
import { createLiveDisplay } from './live-display';
import type { Output } from '../output';
import { exitCodeForView, renderResult, resultRecord } from './result-render';

/** `failOnRegression`: a SUCCEEDED run whose quality verdict is `regressed` exits with EXIT.REGRESSED. */
export async function watchRunToEnd(
  client: Client,
  workflowId: string,
  context: CliContext,
  out: Output,
  options: { failOnRegression?: boolean } = {},
): Promise<ExitCode> {
  const display = createLiveDisplay(context.stdout, { json: out.json, now: context.now });
  let final;
  try {
    final = await followRun(client, workflowId, context, (view) => display.update(view));
  } finally {
    display.stop();
  }
  out.text('');
  out.text(renderResult(final));
  out.record('result', resultRecord(final, options));
  return exitCodeForView(final, options);
}
