// `einstein-retrain feedback <modelId>`: sends a new-feedback event exactly as the webhook would. The model's
// coordinator drops repeated event ids and debounces events into one retrain.
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context';
import { invalidInput } from '../cli-error';
import { withOpsClients } from '../client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../exit-codes';
import { numberArg } from '../retrain-flags';

const EXAMPLES = `
Examples:
  $ einstein-retrain feedback NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --event-id evt-1001 --examples 25
  $ einstein-retrain feedback NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --examples 3 --json

The answer says what the coordinator decided: started, queued (after the current run), debounced, or duplicate.`;

interface FeedbackFlags extends CommonFlags {
  domain: 'vision' | 'language';
  eventId?: string;
  examples: number;
  occurredAt?: string;
}

export const registerFeedback: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('feedback')
    .summary('send a new-feedback event (as the webhook would)')
    .description('Tell the model\'s coordinator that new feedback examples arrived. Repeated event ids are dropped; events are debounced into one retrain (see `coordinator`).')
    .argument('<modelId>', 'the Einstein model id')
    .addOption(new Option('--domain <domain>', 'the model\'s domain').choices(['vision', 'language']).makeOptionMandatory())
    .option('--event-id <id>', 'the event\'s id, used to drop repeats (default: a new random id)')
    .requiredOption('--examples <n>', 'number of new feedback examples this event reports', numberArg)
    .option('--occurred-at <time>', 'when the feedback arrived (ISO 8601), informational')
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (modelId: string, flags: FeedbackFlags) => {
      const out = outputFor(context, flags);
      const eventId = flags.eventId ?? `cli-${randomUUID()}`;
      if (flags.eventId !== undefined && flags.eventId.trim() === '') throw invalidInput('--event-id must not be empty');
      await withOpsClients(context, async ({ retrain }) => {
        const ack = await retrain.notifyFeedback({ domain: flags.domain, modelId, eventId, newExamples: flags.examples, ...(flags.occurredAt && { occurredAt: flags.occurredAt }) });
        out.record('feedback', { eventId, ...ack });
        out.text(`Event ${eventId}: ${ack.disposition}${ack.retrainWorkflowId ? ` → ${ack.retrainWorkflowId}` : ''} (coordinator ${ack.coordinatorId})`);
        return EXIT.OK;
      });
    });
};
