// `einstein-retrain cancel <workflowId>`: cancels a running retrain. Einstein has no cancel endpoint, so a training
// already submitted may still finish remotely; the run's report says so.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { flagValue, temporalIdRule } from '../flags/flag-values';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';

export const registerCancel: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('cancel')
    .summary('cancel a running retrain')
    .description('Request cancellation of a running retrain. The model\'s coordinator then moves on to any follow-up run.')
    .argument('<workflowId>', 'the retrain workflow id', flagValue('<workflowId>', temporalIdRule))
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', '\nExits 2 when the run does not exist or has already closed.')
    .action(async (workflowId: string, flags: CommonFlags) => {
      const out = outputFor(context, flags);
      await withOpsClients(context, async ({ retrain }) => {
        await retrain.cancel(workflowId);
        out.record('cancelled', { workflowId });
        out.text(`Cancellation requested for ${workflowId}. Follow it with: einstein-retrain watch ${workflowId}`);
        return EXIT.OK;
      });
    });
};
