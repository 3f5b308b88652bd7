// `einstein-retrain retrain <modelId>`: validates the request with the workflow's schema, starts `retrainModel`,
// and with --wait follows it live to the before/after metrics table.
import { Option, type Command } from 'commander';
import { LANGUAGE_ALGORITHMS, VISION_ALGORITHMS } from '../../workflows/retrain-input';
import type { CliContext } from '../cli-context';
import { outputFor, withTemporal, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../exit-codes';
import { flagValue, temporalIdRule } from '../flag-values';
import { RETRAIN_FLAG_PARSERS as parse, validateRetrainFlags, type RetrainFlags } from '../retrain-flags';
import { defaultRetrainWorkflowId, startRetrainRun } from '../start-retrain';
import { taskQueueFrom } from '../temporal-connection';
import { watchRunToEnd } from '../watch-run';

interface RetrainCommandFlags extends RetrainFlags, CommonFlags {
  workflowId?: string;
  wait?: boolean;
}

const EXAMPLES = `
Examples:
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --wait
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --epochs 5 --learning-rate 0.001 --with-feedback
  $ einstein-retrain retrain YDRGPMN36RSITJM5LNJHESPMBA --domain language --train-split-ratio 0.8 --wait --json
  $ einstein-retrain retrain NVECSMXTBHBTFUEWNPDFVA6FL4 --max-busy-wait 30m --deadline 6h --max-resubmits 1

The model ids above are fixture models of the embedded emulator ('npm start').
Without --wait the command prints the workflow id and returns; follow the run later with
'einstein-retrain watch <workflowId>'. Durations: 90s, 30m, 6h, 1h30m, 2d.`;

export const registerRetrain: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('retrain')
    .summary('start a retrain of a model (and follow it with --wait)')
    .description('Start a durable retrain of an Einstein Vision or Language model. The request is validated before Temporal is contacted.')
    .argument('<modelId>', 'the model to retrain (26 characters of A-Z and 2-7)')
    .addOption(new Option('--domain <domain>', 'the model\'s API').choices(['vision', 'language']).default('vision'))
    .option('--epochs <n>', 'training epochs, 1 to 1000 (default: Einstein decides)', parse.epochs)
    .option('--learning-rate <rate>', 'learning rate, 0.0001 to 0.01 (vision image models only)', parse.learningRate)
    .option('--algorithm <name>', `vision: ${VISION_ALGORITHMS.join(', ')}; language: ${LANGUAGE_ALGORITHMS.join(', ')}`)
    .option('--train-split-ratio <ratio>', 'share of the examples used for training, between 0 and 1 (Einstein default 0.9)', parse.trainSplitRatio)
    .option('--with-feedback', 'train on the feedback examples too')
    .option('--with-global-dataset-id <id>', 'train on this global dataset too', parse.withGlobalDatasetId)
    .option('--max-busy-wait <duration>', 'longest wait while another training holds the dataset (default 6h)', parse.maxBusyWait)
    .option('--deadline <duration>', 'overall deadline, request to final status (default 48h)', parse.deadline)
    .option('--max-resubmits <n>', 'automatic resubmissions after a transient training failure, 0 to 5 (default 0)', parse.maxResubmits)
    .option('--max-lag-share <share>', 'the end of the training is seen within this share of its duration, 0.001 to 1 (default 0.07: a 1-hour training\'s end is seen within about 4 min); raise it for fewer status calls', parse.maxLagShare)
    .option('--workflow-id <id>', 'workflow id, 1 to 1000 printable characters (default: retrain-<domain>-<modelId>-<UTC time>)', flagValue('--workflow-id', temporalIdRule))
    .option('--wait', 'follow the run live until it ends, then print the before/after metrics table')
    .option('--json', 'JSON lines on stdout: started, progress (with --wait), result')
    .addHelpText('after', EXAMPLES)
    .action(async (modelId: string, flags: RetrainCommandFlags) => {
      const out = outputFor(context, flags);
      const { input } = validateRetrainFlags(modelId, flags);
      const taskQueue = taskQueueFrom(context.env);
      const workflowId = flags.workflowId ?? defaultRetrainWorkflowId(input.domain, input.modelId, new Date(context.now()));
      await withTemporal(context, async (target) => {
        const handle = await startRetrainRun(target.client, input, { taskQueue, workflowId });
        out.record('started', { workflowId, runId: handle.firstExecutionRunId, taskQueue, namespace: target.namespace, address: target.address, input });
        out.text(`Started ${workflowId} on task queue ${taskQueue} (Temporal ${target.address}, namespace ${target.namespace})`);
        if (!flags.wait) {
          out.text(`Follow it: einstein-retrain watch ${workflowId}`);
          return EXIT.OK;
        }
        return watchRunToEnd(target.client, workflowId, context, out);
      });
    });
};
