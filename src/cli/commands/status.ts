// `einstein-retrain status <workflowId>`: one snapshot of a run, and its report once it has closed.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { flagValue, temporalIdRule } from '../flags/flag-values';
import { outputFor, withTemporal, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { renderStatusBlock } from '../run-display/progress-render';
import { renderResult, resultRecord } from '../run-display/result-render';
import { readRunSnapshot } from '../../client/run-reader';

const EXAMPLES = `
Examples:
  $ einstein-retrain status retrain-vision-NVECSMXTBHBTFUEWNPDFVA6FL4-2025-01-31T09.30.00.000Z
  $ einstein-retrain status <workflowId> --json | jq .report.delta

Exits 0 whenever the status could be read (the outcome is in the output); use 'watch' to wait for the end.`;

export const registerStatus: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('status')
    .summary('show the state of a retrain run')
    .description('Show a run\'s workflow status, phase, Einstein status, progress, queue position, ETA, polls, API calls, blocking model and last error; the report when it has closed.')
    .argument('<workflowId>', 'the retrain workflow id (printed by `retrain`)', flagValue('<workflowId>', temporalIdRule))
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (workflowId: string, flags: CommonFlags) => {
      const out = outputFor(context, flags);
      await withTemporal(context, async (target) => {
        const view = await readRunSnapshot(target.client, workflowId);
        out.record('status', view.ending ? resultRecord(view) : { ...view });
        out.text(renderStatusBlock(view, context.now()));
        if (view.ending) out.text(`\n${renderResult(view)}`);
        return EXIT.OK;
      });
    });
};
