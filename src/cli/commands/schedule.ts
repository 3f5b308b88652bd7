// `einstein-retrain schedule create|list|describe|pause|unpause|trigger|backfill|delete`: Temporal Schedules per model.
// Every firing goes through the model's coordinator, so a firing during a retrain never starts a second training.
import { Option, type Command } from 'commander';
import { CreateScheduleSchema, type CreateScheduleRequest, type ScheduleView } from '../../client';
import type { CliContext } from '../cli-context';
import { invalidInput } from '../errors/cli-error';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { CronExpression } from '../flags/cron';
import { EXIT } from '../errors/exit-codes';
import { checkWithSchema, type FlagFields } from '../flags/flag-issues';
import { flagValue, modelIdRule, pointInTimeRule, printableText, temporalIdRule, timeZoneRule } from '../flags/flag-values';
import { renderTable, shortTime } from '../ops-format';
import { addRetrainOptions, validateRetrainFlags, type RetrainFlags } from '../flags/retrain-flags';

const EXAMPLES = `
Examples:
  $ einstein-retrain schedule create NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --cron "0 3 * * *"
  $ einstein-retrain schedule create NVECSMXTBHBTFUEWNPDFVA6FL4 --domain vision --every 24h --epochs 5
  $ einstein-retrain schedule pause retrain-schedule-vision-NVECSMXTBHBTFUEWNPDFVA6FL4 --note "dataset cleanup"
  $ einstein-retrain schedule trigger retrain-schedule-vision-NVECSMXTBHBTFUEWNPDFVA6FL4
  $ einstein-retrain schedule backfill retrain-schedule-vision-NVECSMXTBHBTFUEWNPDFVA6FL4 --from 3d --to 1d

Overlap policy SKIP: a firing never waits behind or runs beside another; the coordinator folds a firing during a
retrain into one follow-up run.`;

/** Longest schedule note Temporal keeps for us (the client's schema refuses longer ones). */
const MAX_NOTE_CHARACTERS = 500;
const noteValue = flagValue('--note', printableText(MAX_NOTE_CHARACTERS));
const scheduleIdValue = flagValue('<scheduleId>', temporalIdRule);

/** Fields of the schedule request that come straight from a flag (parameters were checked by validateRetrainFlags). */
const SCHEDULE_FLAG_FIELDS: FlagFields = {
  cron: { flag: '--cron' },
  every: { flag: '--every' },
  timezone: { flag: '--timezone' },
  note: { flag: '--note' },
};

interface CreateFlags extends CommonFlags, RetrainFlags {
  cron?: string;
  every?: string;
  timezone?: string;
  note?: string;
  paused?: boolean;
}

export const registerSchedule: CommandRegistration = (program: Command, context: CliContext) => {
  const schedule = program
    .command('schedule')
    .summary('manage retrain schedules (Temporal Schedules, one per model)')
    .description('Create, list, describe, pause, unpause, trigger, backfill and delete the retrain schedule of a model.')
    .addHelpText('after', EXAMPLES);

  const create = schedule
    .command('create')
    .description('Create the retrain schedule of a model (id retrain-schedule-<domain>-<modelId>).')
    .argument('<modelId>', 'the Einstein model id', flagValue('<modelId>', modelIdRule))
    .addOption(new Option('--domain <domain>', 'the model\'s API').choices(['vision', 'language']).makeOptionMandatory())
    .option('--cron <expression>', 'cron expression of 5 fields, e.g. "0 3 * * *" (03:00 every day), or @daily, @weekly, ...', flagValue('--cron', CronExpression))
    .option('--every <duration>', 'interval such as 30m, 24h or 7d')
    .option('--timezone <tz>', 'IANA time zone of the cron expression, e.g. Europe/Paris (default UTC)', flagValue('--timezone', timeZoneRule));
  addRetrainOptions(create)
    .option('--note <text>', `a note shown by describe (1 to ${MAX_NOTE_CHARACTERS} printable characters)`, noteValue)
    .option('--paused', 'create it paused')
    .option('--json', 'one JSON line on stdout')
    .action(async (modelId: string, flags: CreateFlags) => {
      const out = outputFor(context, flags);
      if ((flags.cron === undefined) === (flags.every === undefined)) throw invalidInput('Give exactly one of --cron or --every');
      const { input } = validateRetrainFlags(modelId, flags);
      const { domain, epochs, learningRate, algorithm, trainParams, policy } = input;
      const params = { ...(epochs !== undefined && { epochs }), ...(learningRate !== undefined && { learningRate }), ...(algorithm !== undefined && { algorithm }), ...(trainParams && { trainParams }) };
      const request: CreateScheduleRequest = {
        domain,
        modelId,
        ...(flags.cron !== undefined && { cron: flags.cron }),
        ...(flags.every !== undefined && { every: flags.every }),
        ...(flags.timezone !== undefined && { timezone: flags.timezone }),
        ...(Object.keys(params).length > 0 && { params }),
        ...(policy && { policy }),
        ...(flags.note !== undefined && { note: flags.note }),
        ...(flags.paused && { paused: true }),
      };
      checkWithSchema(CreateScheduleSchema, request, SCHEDULE_FLAG_FIELDS, 'Invalid schedule');
      await withOpsClients(context, async ({ schedules }) => {
        const view = await schedules.create(request);
        out.record('schedule', { ...view });
        out.text(`Created ${view.scheduleId}\n${renderSchedule(view)}`);
        return EXIT.OK;
      });
    });

  schedule
    .command('list')
    .description('List the retrain schedules.')
    .option('--json', 'one JSON line per schedule')
    .action(async (flags: CommonFlags) => {
      const out = outputFor(context, flags);
      await withOpsClients(context, async ({ schedules }) => {
        const views = await schedules.list();
        for (const view of views) out.record('schedule', { ...view });
        const rows = views.map((v) => [v.scheduleId, v.cron ? `cron ${v.cron}` : v.every ? `every ${v.every}` : '-', v.paused ? 'paused' : 'active', shortTime(v.nextActionTimes[0])]);
        out.text(views.length === 0 ? 'No retrain schedules.' : renderTable(['SCHEDULE ID', 'SPEC', 'STATE', 'NEXT RUN'], rows));
        return EXIT.OK;
      });
    });

  const simple = (name: string, description: string, act: (ops: Parameters<Parameters<typeof withOpsClients>[1]>[0], id: string, flags: { note?: string }) => Promise<ScheduleView | undefined>, done: string, withNote = false) => {
    const command = schedule.command(name).description(description).argument('<scheduleId>', 'the schedule id (see `schedule list`)', scheduleIdValue);
    if (withNote) command.option('--note <text>', 'why (shown by describe)', noteValue);
    command.option('--json', 'one JSON line on stdout').action(async (id: string, flags: CommonFlags & { note?: string }) => {
      const out = outputFor(context, flags);
      await withOpsClients(context, async (ops) => {
        const view = await act(ops, id, flags);
        out.record(name, view ? { ...view } : { scheduleId: id });
        out.text(view ? `${done}: ${id}\n${renderSchedule(view)}` : `${done}: ${id}`);
        return EXIT.OK;
      });
    });
  };
  simple('describe', 'Show a schedule: spec, state, parameters, next and recent firings.', ({ schedules }, id) => schedules.describe(id), 'Schedule');
  simple('pause', 'Pause a schedule (no firings until unpaused).', ({ schedules }, id, f) => schedules.pause(id, f.note), 'Paused', true);
  simple('unpause', 'Resume a paused schedule.', ({ schedules }, id, f) => schedules.unpause(id, f.note), 'Unpaused', true);
  simple('trigger', 'Fire the schedule now (through the coordinator, like every firing).', async ({ schedules }, id) => void (await schedules.trigger(id)), 'Triggered');
  simple('delete', 'Delete a schedule (runs it started are not affected).', async ({ schedules }, id) => void (await schedules.delete(id)), 'Deleted');

  schedule
    .command('backfill')
    .description('Take the firings the schedule would have taken between --from and --to (the coordinator coalesces them).')
    .argument('<scheduleId>', 'the schedule id', scheduleIdValue)
    .requiredOption('--from <time>', 'start: a duration back from now (3d) or an ISO date-time', flagValue('--from', pointInTimeRule(context.now)))
    .requiredOption('--to <time>', 'end: a duration back from now or an ISO date-time', flagValue('--to', pointInTimeRule(context.now)))
    .option('--json', 'one JSON line on stdout')
    .action(async (id: string, flags: CommonFlags & { from: Date; to: Date }) => {
      const out = outputFor(context, flags);
      if (flags.from.getTime() >= flags.to.getTime()) throw invalidInput(`--from: must be earlier than --to (got ${flags.from.toISOString()}, --to ${flags.to.toISOString()})`);
      await withOpsClients(context, async ({ schedules }) => {
        await schedules.backfill(id, flags.from, flags.to);
        out.record('backfill', { scheduleId: id, from: flags.from.toISOString(), to: flags.to.toISOString() });
        out.text(`Backfill requested for ${id} from ${flags.from.toISOString()} to ${flags.to.toISOString()}`);
        return EXIT.OK;
      });
    });
};

function renderSchedule(v: ScheduleView): string {
  const rows = [
    `  model    ${v.domain ?? '?'} ${v.modelId ?? '?'}`,
    `  spec     ${v.cron ? `cron "${v.cron}"` : v.every ? `every ${v.every}` : '-'}${v.timezone ? ` (${v.timezone})` : ''} · overlap ${v.overlap}`,
    `  state    ${v.paused ? 'paused' : 'active'}${v.note ? ` — ${v.note}` : ''}`,
    `  params   ${v.params ? JSON.stringify(v.params) : '(Einstein defaults)'}${v.policy ? ` · policy ${JSON.stringify(v.policy)}` : ''}`,
    `  next     ${v.nextActionTimes.slice(0, 3).map(shortTime).join(', ') || '-'}`,
  ];
  for (const action of v.recentActions.slice(-5)) rows.push(`  fired    ${shortTime(action.scheduledAt)} → ${action.workflowId}`);
  return rows.join('\n');
}
