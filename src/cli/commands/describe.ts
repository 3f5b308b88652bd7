// `einstein-retrain describe <workflowId>`: everything about one run — its parameters and trigger, its status, a
// timeline of its steps, its API calls, and its report.
import type { Command } from 'commander';
import type { RetrainView, TimelineEntry } from '../../client';
import type { CliContext } from '../cli-context';
import { flagValue, temporalIdRule } from '../flags/flag-values';
import { withOpsClients } from '../errors/client-errors';
import { outputFor, type CommandRegistration, type CommonFlags } from '../command';
import { EXIT } from '../errors/exit-codes';
import { shortTime } from '../ops-format';
import { renderStatusBlock } from '../run-display/progress-render';
import { renderResult } from '../run-display/result-render';
import { readRunSnapshot } from '../../client/run-reader';

export const registerDescribe: CommandRegistration = (program: Command, context: CliContext) => {
  program
    .command('describe')
    .summary('show a run\'s parameters, timeline, API calls and report')
    .description('Show everything about one retrain run: parameters and trigger (and the run it retries), status, a timeline of its steps, Einstein API calls, and the report once it has closed.')
    .argument('<workflowId>', 'the retrain workflow id', flagValue('<workflowId>', temporalIdRule))
    .option('--json', 'one JSON line on stdout')
    .action(async (workflowId: string, flags: CommonFlags) => {
      const out = outputFor(context, flags);
      await withOpsClients(context, async ({ retrain, target }) => {
        const view = await retrain.getRetrain(workflowId);
        const [timeline, runView] = await Promise.all([retrain.timeline(workflowId), readRunSnapshot(target.client, workflowId)]);
        out.record('describe', { ...view, timeline });
        out.text(renderStatusBlock(runView, context.now()));
        out.text(`\nParameters\n${renderParameters(view)}`);
        out.text(`\nTimeline\n${renderTimeline(view, timeline)}`);
        out.text(`\nAPI calls\n  ${view.state?.apiCalls ?? runView.apiCalls} Einstein API calls · ${view.state?.polls ?? runView.polls} status polls · ${view.state?.submissions ?? 0} submissions${view.state?.adopted ? ' (adopted a training already running)' : ''}`);
        if (view.status !== 'RUNNING') out.text(`\nReport\n${renderResult(runView)}`);
        return EXIT.OK;
      });
    });
};

function renderParameters(view: RetrainView): string {
  const input = view.input;
  if (!input) return '  (not available: the run\'s history is gone)';
  const { trigger, policy, domain: _domain, modelId: _modelId, ...params } = input;
  const lines = [
    `  model     ${input.domain} ${input.modelId}${view.datasetId ? ` · dataset ${view.datasetId}` : ''}`,
    `  params    ${Object.keys(params).length > 0 ? JSON.stringify(params) : '(Einstein defaults)'}`,
    `  policy    ${policy ? JSON.stringify(policy) : '(defaults)'}`,
    `  trigger   ${trigger?.source ?? 'client'}${trigger?.eventIds ? ` · ${trigger.eventIds.length} feedback event ids` : ''}`,
  ];
  if (view.retryOf) lines.push(`  retry of  ${view.retryOf}`);
  return lines.join('\n');
}

function renderTimeline(view: RetrainView, history: TimelineEntry[]): string {
  const state = view.state;
  const milestones: TimelineEntry[] = [];
  const at = (ms: number | undefined, event: string) => ms !== undefined && milestones.push({ at: new Date(ms).toISOString(), event });
  at(state?.submittedAtMs, 'training submitted to Einstein');
  at(state?.startedAtMs, 'training RUNNING at Einstein');
  at(state?.finishedAtMs, `finished${state?.phase ? ` (${state.phase})` : ''}`);
  const entries = [...history, ...milestones].sort((a, b) => a.at.localeCompare(b.at));
  return entries.map((e) => `  ${shortTime(e.at)}  ${e.event}${e.detail ? ` — ${e.detail}` : ''}`).join('\n');
}
