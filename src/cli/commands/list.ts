// `einstein-retrain list`: finds runs by model, domain, status, outcome, trigger source and time, through Temporal
// visibility queries on the project's search attributes (the query is shown, to paste into the Temporal UI).
import type { Domain } from '../../contract/ids';
import { Option, type Command } from 'commander';
import { ListFilterSchema, visibilityQuery, type ListFilter, type RetrainStatus, type TriggerSource } from '../../client';
import { RETRAIN_OUTCOMES } from '../../report';
import { TRIGGER_SOURCES } from '../../contract/retrain-input';
import type { CliContext } from '../cli-context';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { checkWithSchema, type FlagFields } from '../flags/flag-issues';
import { flagValue, integerRule, modelIdRule, pointInTimeRule } from '../flags/flag-values';
import { elapsed, renderTable, shortTime } from '../ops-format';

const STATUS_FLAGS: Record<string, RetrainStatus> = {
  running: 'RUNNING',
  completed: 'COMPLETED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  terminated: 'TERMINATED',
  'timed-out': 'TIMED_OUT',
};

const EXAMPLES = `
Examples:
  $ einstein-retrain list --model NVECSMXTBHBTFUEWNPDFVA6FL4 --since 24h
  $ einstein-retrain list --status failed --domain vision
  $ einstein-retrain list --source feedback --outcome SUCCEEDED --json | jq .workflowId

Visibility is eventually consistent: a run appears in the list about a second after it starts.`;

const LIST_FLAG_FIELDS: FlagFields = {
  modelId: { flag: '--model' },
  limit: { flag: '--limit' },
  since: { flag: '--since' },
  until: { flag: '--until' },
};

interface ListFlags extends CommonFlags {
  model?: string;
  domain?: Domain;
  status?: string;
  outcome?: string;
  source?: TriggerSource;
  since?: Date;
  until?: Date;
  limit?: number;
}

export const registerList: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('list')
    .summary('list retrain runs')
    .description('List retrain runs, newest first, filtered by model, domain, status, outcome, trigger source and start time.')
    .option('--model <modelId>', 'only this model', flagValue('--model', modelIdRule))
    .addOption(new Option('--domain <domain>', 'only this domain').choices(['vision', 'language']))
    .addOption(new Option('--status <status>', 'workflow status').choices(Object.keys(STATUS_FLAGS)))
    .addOption(new Option('--outcome <outcome>', 'how the retrain ended').choices([...RETRAIN_OUTCOMES]))
    .addOption(new Option('--source <source>', 'what triggered it').choices([...TRIGGER_SOURCES]))
    .option('--since <time>', 'started at or after: a duration back from now (24h, 7d) or an ISO date-time', flagValue('--since', pointInTimeRule(context.now)))
    .option('--until <time>', 'started at or before: a duration back from now or an ISO date-time', flagValue('--until', pointInTimeRule(context.now)))
    .option('--limit <n>', 'at most this many runs, 1 to 1000 (default 50)', flagValue('--limit', integerRule))
    .option('--json', 'one JSON line per run')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ListFlags) => {
      const out = outputFor(context, flags);
      const filter: ListFilter = {
        ...(flags.model && { modelId: flags.model }),
        ...(flags.domain && { domain: flags.domain }),
        ...(flags.status && { status: STATUS_FLAGS[flags.status] }),
        ...(flags.outcome && { outcome: flags.outcome }),
        ...(flags.source && { source: flags.source }),
        ...(flags.since && { since: flags.since }),
        ...(flags.until && { until: flags.until }),
        ...(flags.limit !== undefined && { limit: flags.limit }),
      };
      checkWithSchema(ListFilterSchema, filter, LIST_FLAG_FIELDS, 'Invalid filter');
      await withOpsClients(context, async ({ retrain }) => {
        const runs = await retrain.list(filter);
        for (const run of runs) out.record('run', { ...run });
        const rows = runs.map((r) => [r.workflowId, r.status, r.outcome ?? '-', r.triggerSource ?? '-', shortTime(r.startTime), elapsed(r.startTime, r.closeTime, context.now())]);
        out.text(runs.length === 0 ? 'No retrain runs match.' : renderTable(['WORKFLOW ID', 'STATUS', 'OUTCOME', 'SOURCE', 'STARTED', 'DURATION'], rows));
        out.note(`query: ${visibilityQuery(filter)}`);
        return EXIT.OK;
      });
    });
};
