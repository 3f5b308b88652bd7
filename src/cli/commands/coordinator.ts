// `einstein-retrain coordinator <modelId> --domain <d>`: the model's coordinator — its current run, the pending run
// and why it waits, the debounce settings and the recent decisions — and, with flags, new debounce settings.
import type { Domain } from '../../contract/ids';
import { Option, type Command } from 'commander';
import type { CoordinatorView } from '../../client';
import { DebounceSettings, SettingsPatch } from '../../contract/coordinator-settings';
import type { CliContext } from '../cli-context';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { formatDuration } from '../flags/duration';
import { EXIT } from '../errors/exit-codes';
import { boundsOf, checkWithSchema, type FlagFields } from '../flags/flag-issues';
import { durationRule, flagValue, integerRule, modelIdRule } from '../flags/flag-values';
import { shortTime } from '../ops-format';

const EXAMPLES = `
Examples:
  $ einstein-retrain coordinator NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision
  $ einstein-retrain coordinator NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --quiet-period 10m --max-delay 2h --min-examples 50`;

/** The debounce settings each flag sets, checked with the coordinator's own schema before Temporal is contacted. */
const DEBOUNCE_FLAG_FIELDS: FlagFields = {
  'debounce.quietPeriodMs': { flag: '--quiet-period', durationBounds: boundsOf(DebounceSettings.shape.quietPeriodMs.unwrap()) },
  'debounce.maxDelayMs': { flag: '--max-delay', durationBounds: boundsOf(DebounceSettings.shape.maxDelayMs.unwrap()) },
  'debounce.minNewExamples': { flag: '--min-examples' },
};

interface CoordinatorFlags extends CommonFlags {
  domain: Domain;
  quietPeriod?: number;
  maxDelay?: number;
  minExamples?: number;
}

export const registerCoordinator: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('coordinator')
    .summary('show (or set the debounce of) a model\'s coordinator')
    .description('Show the model\'s coordinator: current run, pending run and why it waits, debounce settings, recent decisions. With --quiet-period, --max-delay or --min-examples, change how feedback events are debounced.')
    .argument('<modelId>', 'the Einstein model id', flagValue('<modelId>', modelIdRule))
    .addOption(new Option('--domain <domain>', 'the model\'s domain').choices(['vision', 'language']).makeOptionMandatory())
    .option('--quiet-period <duration>', 'retrain once no feedback event came for this long', flagValue('--quiet-period', durationRule))
    .option('--max-delay <duration>', '... but no later than this after the first event', flagValue('--max-delay', durationRule))
    .option('--min-examples <n>', 'only once the events report at least this many new examples', flagValue('--min-examples', integerRule))
    .option('--json', 'one JSON line on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (modelId: string, flags: CoordinatorFlags) => {
      const out = outputFor(context, flags);
      const debounce = {
        ...(flags.quietPeriod !== undefined && { quietPeriodMs: flags.quietPeriod }),
        ...(flags.maxDelay !== undefined && { maxDelayMs: flags.maxDelay }),
        ...(flags.minExamples !== undefined && { minNewExamples: flags.minExamples }),
      };
      const patch: SettingsPatch = { debounce };
      checkWithSchema(SettingsPatch, patch, DEBOUNCE_FLAG_FIELDS, 'Invalid debounce settings');
      await withOpsClients(context, async ({ retrain }) => {
        if (Object.keys(debounce).length > 0) await retrain.configureModel(flags.domain, modelId, patch);
        const view = await retrain.coordinatorState(flags.domain, modelId);
        out.record('coordinator', { ...view });
        out.text(renderCoordinator(view));
        return EXIT.OK;
      });
    });
};

function renderCoordinator(view: CoordinatorView): string {
  const { debounce } = view.settings;
  const pending = view.pending;
  const waiting = !pending
    ? ''
    : pending.readiness.ready
      ? 'due now'
      : pending.readiness.waitingFor === 'min-examples'
        ? `waiting for ${pending.readiness.missingExamples} more new examples`
        : `due at ${shortTime(new Date(pending.readiness.dueAtMs).toISOString())}`;
  const lines = [
    `coordinator  ${view.coordinatorId}`,
    `running      ${view.running ? `${view.running.workflowId} (${view.running.source}, since ${shortTime(view.running.startedAt)})` : '-'}`,
    `pending      ${pending ? `${pending.workflowId} (${pending.source}; ${pending.feedbackEvents} events, ${pending.newExamples} new examples; ${view.running ? 'after the current run, ' : ''}${waiting})` : '-'}`,
    `last run     ${view.lastRun ? `${view.lastRun.workflowId} ${view.lastRun.status}${view.lastRun.outcome ? ` ${view.lastRun.outcome}` : ''}` : '-'}`,
    `debounce     quiet ${formatDuration(debounce.quietPeriodMs)} · max delay ${formatDuration(debounce.maxDelayMs)} · min ${debounce.minNewExamples} new examples`,
    `totals       ${view.totals.triggers} triggers · ${view.totals.duplicates} duplicates · ${view.totals.launched} runs started · ${view.totals.closed} closed`,
    'decisions',
    ...view.decisions.slice(-10).map((d) => `  ${shortTime(d.at)}  ${d.decision.padEnd(13)} ${[d.workflowId, d.triggerId, d.detail].filter(Boolean).join(' · ')}`),
  ];
  return lines.join('\n');
}
