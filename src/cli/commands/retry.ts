// `einstein-retrain retry <workflowId>` or `retry --model <modelId> --domain <d>`: re-runs a failed, cancelled or
// timed-out retrain with its original parameters, through the model's coordinator, linked by `retryOf`.
import type { Domain } from '../../contract/ids';
import { Option, type Command } from 'commander';
import type { TriggerAck } from '../../client';
import type { CliContext } from '../cli-context';
import { invalidInput } from '../errors/cli-error';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { flagValue, modelIdRule, temporalIdRule } from '../flags/flag-values';

const EXAMPLES = `
Examples:
  $ einstein-retrain retry retrain-vision-NVECSMXTBHBTFUEWNPDFVA6FL4-20250131T093000Z-1a2b3c4d
  $ einstein-retrain retry --model NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision

Exits 2 (code NOT_RETRYABLE) when the run succeeded or is still running.`;

interface RetryFlags extends CommonFlags {
  model?: string;
  domain?: Domain;
}

export const registerRetry: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('retry')
    .summary('re-run a failed or cancelled retrain')
    .description('Re-run a failed, cancelled or timed-out retrain with its original parameters; the new run records the original in retryOf. With --model, the model\'s latest run is retried.')
    .argument('[workflowId]', 'the retrain to re-run', flagValue('<workflowId>', temporalIdRule))
    .option('--model <modelId>', 'retry the latest run of this model instead', flagValue('--model', modelIdRule))
    .addOption(new Option('--domain <domain>', 'the model\'s domain (with --model)').choices(['vision', 'language']))
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (workflowId: string | undefined, flags: RetryFlags) => {
      const out = outputFor(context, flags);
      if ((workflowId === undefined) === (flags.model === undefined)) throw invalidInput('Give a workflow id or --model <modelId> --domain <domain>, not both');
      if (flags.model && !flags.domain) throw invalidInput('--domain is required with --model');
      await withOpsClients(context, async ({ retrain }) => {
        const ack: TriggerAck = workflowId ? await retrain.retry(workflowId) : await retrain.retryLatestFailed(flags.domain!, flags.model!);
        out.record('retry', { ...ack, ...(workflowId && { retryOf: workflowId }) });
        out.text(describeAck(ack));
        return EXIT.OK;
      });
    });
};

function describeAck(ack: TriggerAck): string {
  const run = ack.retrainWorkflowId ?? '(id decided by the coordinator)';
  switch (ack.disposition) {
    case 'started':
      return `Retry started: ${run}\nFollow it with: einstein-retrain watch ${run}`;
    case 'queued':
      return `Retry queued behind the model's current run: ${run}\nSee the queue with: einstein-retrain coordinator <modelId> --domain <domain>`;
    case 'duplicate':
      return `This run was already retried: ${run}`;
    default:
      return `Retry accepted (${ack.disposition}): ${run}`;
  }
}
