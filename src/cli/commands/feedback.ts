// `einstein-retrain feedback <modelId>`: sends a new-feedback event exactly as the webhook would. The model's
// coordinator drops repeated event ids and debounces events into one retrain.
import type { Domain } from '../../contract/ids';
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { FeedbackEventSchema, type FeedbackEvent } from '../../client';
import { MAX_TRIGGER_ID_CHARACTERS } from '../../contract/ids';
import type { CliContext } from '../cli-context';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { checkWithSchema, type FlagFields } from '../flags/flag-issues';
import { flagValue, integerRule, modelIdRule, printableText, timestampRule } from '../flags/flag-values';

const EXAMPLES = `
Examples:
  $ einstein-retrain feedback NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --event-id evt-1001 --examples 25
  $ einstein-retrain feedback NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --examples 3 --json

The answer says what the coordinator decided: started, queued (after the current run), debounced, or duplicate.`;

/** Event ids are compared, stored and shown back; the coordinator keeps up to this many characters. */

const FEEDBACK_FLAG_FIELDS: FlagFields = {
  modelId: { flag: '<modelId>' },
  domain: { flag: '--domain' },
  eventId: { flag: '--event-id' },
  newExamples: { flag: '--examples' },
  occurredAt: { flag: '--occurred-at' },
};

interface FeedbackFlags extends CommonFlags {
  domain: Domain;
  eventId?: string;
  examples: number;
  occurredAt?: string;
}

export const registerFeedback: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('feedback')
    .summary('send a new-feedback event (as the webhook would)')
    .description('Tell the model\'s coordinator that new feedback examples arrived. Repeated event ids are dropped; events are debounced into one retrain (see `coordinator`).')
    .argument('<modelId>', 'the Einstein model id', flagValue('<modelId>', modelIdRule))
    .addOption(new Option('--domain <domain>', 'the model\'s domain').choices(['vision', 'language']).makeOptionMandatory())
    .option('--event-id <id>', `the event's id, used to drop repeats: 1 to ${MAX_TRIGGER_ID_CHARACTERS} printable characters (default: a new random id)`, flagValue('--event-id', printableText(MAX_TRIGGER_ID_CHARACTERS)))
    .requiredOption('--examples <n>', 'number of new feedback examples this event reports', flagValue('--examples', integerRule))
    .option('--occurred-at <time>', 'when the feedback arrived (ISO 8601 with a zone, not in the future), informational', flagValue('--occurred-at', timestampRule(context.now)))
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (modelId: string, flags: FeedbackFlags) => {
      const out = outputFor(context, flags);
      const eventId = flags.eventId ?? `cli-${randomUUID()}`;
      const event: FeedbackEvent = { domain: flags.domain, modelId, eventId, newExamples: flags.examples, ...(flags.occurredAt && { occurredAt: flags.occurredAt }) };
      checkWithSchema(FeedbackEventSchema, event, FEEDBACK_FLAG_FIELDS, 'Invalid feedback event');
      await withOpsClients(context, async ({ retrain }) => {
        const ack = await retrain.notifyFeedback(event);
        out.record('feedback', { eventId, ...ack });
        out.text(`Event ${eventId}: ${ack.disposition}${ack.retrainWorkflowId ? ` → ${ack.retrainWorkflowId}` : ''} (coordinator ${ack.coordinatorId})`);
        return EXIT.OK;
      });
    });
};
