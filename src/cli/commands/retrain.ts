// `einstein-retrain retrain <modelId>`: validates the request with the workflow's schema, hands it to the model's
// coordinator (which decides whether it starts now or right after the model's current run; never a second training
// beside it), and with --wait follows the run live to the before/after metrics table.
import { setTimeout as sleep } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import type { Client } from '@temporalio/client';
import type { RetrainRequest, TriggerAck } from '../../client';
import { isNotFound } from '../../temporal/service-errors';
import { GATE_METRICS } from '../../report';
import { MAX_TRIGGER_ID_CHARACTERS } from '../../contract/ids';
import type { CliContext } from '../cli-context';
import { invalidInput } from '../errors/cli-error';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { flagValue, printableText } from '../flags/flag-values';
import { addRetrainOptions, RETRAIN_FLAG_PARSERS as parse, validateRetrainFlags, type RetrainFlags } from '../flags/retrain-flags';
import { taskQueueFrom } from '../temporal-connection';
import { watchRunToEnd } from '../run-display/watch-run';

interface RetrainCommandFlags extends RetrainFlags, CommonFlags {
  requestId?: string;
  wait?: boolean;
  failOnRegression?: boolean;
}

const EXAMPLES = `
Examples:
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --wait
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --epochs 5 --learning-rate 0.001 --with-feedback
  $ einstein-retrain retrain YDRGPMN36RSITJM5LNJHESPMBA --domain language --train-split-ratio 0.8 --wait --json
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --max-busy-wait 30m --deadline 6h --max-resubmits 1

The model ids above are fixture models of the embedded emulator ('npm start').
The request goes through the model's coordinator: while the model has a run, it starts right after that run (one
follow-up, with the latest parameters). Without --wait the command prints the run's workflow id and returns; follow
it later with 'einstein-retrain watch <workflowId>'. Durations: 90s, 30m, 6h, 1h30m, 2d.`;

export const registerRetrain: CommandRegistration = (program: Command, context: CliContext) => {
  const command = program
    .command('retrain')
    .summary('start a retrain of a model (and follow it with --wait)')
    .description('Start a durable retrain of an Einstein Vision or Language model. The request is validated before Temporal is contacted.')
    .argument('<modelId>', 'the model to retrain (26 characters of A-Z and 2-7)')
    .addOption(new Option('--domain <domain>', 'the model\'s API').choices(['vision', 'language']).default('vision'));
  addRetrainOptions(command)
    .option('--request-id <id>', `idempotency key, 1 to ${MAX_TRIGGER_ID_CHARACTERS} printable characters: the same id twice is one request (default: a new one)`, flagValue('--request-id', printableText(MAX_TRIGGER_ID_CHARACTERS)))
    .option('--wait', 'follow the run live until it ends, then print the before/after metrics table')
    .addOption(new Option('--gate-metric <metric>', 'the metric that decides the quality verdict (default: macroF1 for language, meanAveragePrecision for detection, else testAccuracy)').choices([...GATE_METRICS]))
    .option('--max-drop <share>', 'largest drop of that metric still called unchanged, 0 to 1 (default 0.01)', parse.maxDrop)
    .option('--min-value <share>', 'a new value below this is regressed, 0 to 1 (default: none)', parse.minValue)
    .option('--fail-on-regression', `with --wait: exit ${EXIT.REGRESSED} when the retrain succeeds but its quality verdict is regressed (Einstein cannot roll the model back)`)
    .option('--json', 'JSON lines on stdout: started, progress (with --wait), result')
    .addHelpText('after', EXAMPLES)
    .action(async (modelId: string, flags: RetrainCommandFlags) => {
      const out = outputFor(context, flags);
      if (flags.failOnRegression && !flags.wait) throw invalidInput('--fail-on-regression needs --wait: the verdict is known only when the retrain ends');
      const request = retrainRequestOf(validateRetrainFlags(modelId, flags).input, flags.requestId);
      const taskQueue = taskQueueFrom(context.env);
      await withOpsClients(context, async ({ retrain, target }) => {
        const ack = await retrain.requestRetrain(request);
        const workflowId = ack.retrainWorkflowId;
        out.record('started', { ...ack, ...(workflowId && { workflowId }), taskQueue, namespace: target.namespace, address: target.address, request });
        out.text(describeAck(ack, taskQueue, target.address, target.namespace));
        if (!flags.wait || workflowId === undefined) return EXIT.OK;
        if (ack.disposition === 'queued') await untilStarted(target.client, workflowId, context);
        return watchRunToEnd(target.client, workflowId, context, out, { failOnRegression: flags.failOnRegression === true });
      });
    });
};

/** The validated flags as a request to the coordinator (only what the user set: the workflow applies the defaults). */
function retrainRequestOf(input: ReturnType<typeof validateRetrainFlags>['input'], requestId: string | undefined): RetrainRequest {
  const { domain, modelId, epochs, learningRate, algorithm, trainParams, policy } = input;
  const params = { ...(epochs !== undefined && { epochs }), ...(learningRate !== undefined && { learningRate }), ...(algorithm !== undefined && { algorithm }), ...(trainParams && { trainParams }) };
  return { domain, modelId, source: 'cli', ...(Object.keys(params).length > 0 && { params }), ...(policy && { policy }), ...(requestId && { requestId }) };
}

function describeAck(ack: TriggerAck, taskQueue: string, address: string, namespace: string): string {
  const where = `on task queue ${taskQueue} (Temporal ${address}, namespace ${namespace})`;
  const run = ack.retrainWorkflowId;
  switch (ack.disposition) {
    case 'started':
      return `Started ${run} ${where}\nFollow it: einstein-retrain watch ${run}`;
    case 'duplicate':
      return `This request was already made: ${run ?? '(run decided by the coordinator)'}`;
    case 'queued':
      return run
        ? `Queued ${run} ${where}: it starts when the model's current run ends\nFollow it: einstein-retrain watch ${run}`
        : `Queued at ${ack.coordinatorId} ${where}; no worker answered yet, the run starts once one polls`;
    default:
      return `Accepted (${ack.disposition}) at ${ack.coordinatorId} ${where}`;
  }
}

/** A queued run exists only once the model's current run ends; --wait waits for it (Ctrl-C stops waiting). */
async function untilStarted(client: Client, workflowId: string, context: CliContext): Promise<void> {
  for (;;) {
    try {
      await client.workflow.getHandle(workflowId).describe();
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await sleep(context.refreshMs);
  }
}
