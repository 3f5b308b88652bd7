// `einstein-retrain watch <workflowId>`: live progress until the run closes, then the outcome and metrics table.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { flagValue, temporalIdRule } from '../flags/flag-values';
import { outputFor, withTemporal, type CommandRegistration, type CommonFlags } from '../command';
import { watchRunToEnd } from '../run-display/watch-run';

const EXAMPLES = `
Examples:
  $ einstein-retrain watch retrain-vision-NVECSMXTBHBTFUEWNPDFVA6FL4-2025-01-31T09.30.00.000Z
  $ einstein-retrain watch <workflowId> --json     # a JSON line per change, then a result line

On a terminal the status block is redrawn in place; in a pipe or log a line is printed when something changes.
Ctrl-C stops watching (exit 130); the retrain goes on. The exit code is the run's (see 'einstein-retrain --help').`;

export const registerWatch: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('watch')
    .summary('follow a retrain run live until it ends')
    .argument('<workflowId>', 'the retrain workflow id (printed by `retrain`)', flagValue('<workflowId>', temporalIdRule))
    .option('--json', 'JSON lines on stdout: progress on each change, then the result')
    .addHelpText('after', EXAMPLES)
    .action(async (workflowId: string, flags: CommonFlags) => {
      const out = outputFor(context, flags);
      await withTemporal(context, (target) => watchRunToEnd(target.client, workflowId, context, out));
    });
};
