// What the Temporal UI shows about a run, beside its history: a one-line static summary and static details set when
// the run starts (the start options' user metadata), a summary on each activity, and current details the workflow
// rewrites as it moves (setCurrentDetails, served by the SDK's built-in `__temporal_workflow_metadata` query, which
// the UI calls). The text says what the CLI's `watch` says: phase, Einstein status, progress, ETA, the blocking model.
// Pure and workflow-safe; requests hold no secret, so none can reach this text.
import type { RetrainInput } from '../contract/retrain-input';
import type { RetrainState } from './retrain-state';
import { isTerminal } from '../contract/training-status';
import type { CoordinatorView } from './coordinator-view';

type RetrainRequest = Pick<RetrainInput, 'domain' | 'modelId' | 'epochs' | 'learningRate' | 'algorithm' | 'trainParams' | 'policy' | 'trigger'>;

/** The retrain's one line in the UI's list of runs. */
export function retrainSummary(input: RetrainRequest): string {
  return `Retrain ${input.domain} model ${input.modelId} (${input.trigger?.source ?? 'client'})`;
}

/** The retrain's request as the UI shows it: what was asked, by whom, with which parameters. */
export function retrainStaticDetails(input: RetrainRequest): string {
  const parameters = {
    ...(input.epochs !== undefined && { epochs: input.epochs }),
    ...(input.learningRate !== undefined && { learningRate: input.learningRate }),
    ...(input.algorithm !== undefined && { algorithm: input.algorithm }),
    ...(input.trainParams !== undefined && { trainParams: input.trainParams }),
  };
  const lines = [
    `**Model** ${input.modelId} (${input.domain})`,
    `**Trigger** ${input.trigger?.source ?? 'client'}${input.trigger?.retryOf ? `, retry of ${input.trigger.retryOf}` : ''}` +
      `${input.trigger?.eventIds?.length ? `, ${input.trigger.eventIds.length} feedback event(s)` : ''}`,
    `**Parameters** ${Object.keys(parameters).length > 0 ? JSON.stringify(parameters) : 'Einstein defaults'}`,
    ...(input.policy && Object.keys(input.policy).length > 0 ? [`**Policy** ${JSON.stringify(input.policy)}`] : []),
    'The dataset is read from Einstein when the run starts: see the current details.',
  ];
  return lines.join('\n');
}

/** The retrain's current details: rewritten at each step, so the UI shows where the run stands. */
export function retrainCurrentDetails(state: RetrainState): string {
  const lines = [`**Phase** ${state.phase}`];
  if (state.datasetId !== undefined) lines.push(`**Dataset** ${state.datasetId}${state.modelType ? ` · ${state.modelType}` : ''}`);
  if (state.phase === 'waiting-for-dataset' && state.blockingModelId) {
    lines.push(`**Blocked by** model ${state.blockingModelId}, training on the same dataset${state.busySinceMs !== undefined ? ` since ${iso(state.busySinceMs)}` : ''}`);
  }
  if (state.phase === 'submitting' && state.followingInActivity) {
    lines.push('**Training** submitted and followed by the pending submitAndFollow activity: the live status is its "not finished yet" message');
  }
  if (state.status !== undefined) {
    const progress = state.progress !== undefined ? ` ${Math.round(Math.min(1, Math.max(0, state.progress)) * 100)}%` : '';
    const queue = state.queuePosition !== undefined ? ` · queue position ${state.queuePosition}` : '';
    // While it runs, the workflow hears from the poll activity only at the end: say where the live status is.
    const live = state.phase === 'training' && !isTerminal(state.status) ? ' (at submit; the live status is in the pending pollTraining activity)' : '';
    lines.push(`**Training** ${state.status}${progress}${queue}${state.adopted ? ' (adopted)' : ''}${live}`);
  }
  if (state.etaMs !== undefined) lines.push(`**ETA** ${iso(state.etaMs)}`);
  if (state.pollReason) lines.push(`**Next poll** ${state.pollReason}`);
  lines.push(`**Einstein calls** ${state.apiCalls} · ${state.polls} polls · ${state.submissions} submission(s)`);
  if (state.lastError) lines.push(`**Last error** ${state.lastError.code}: ${state.lastError.message}`);
  if (state.failureMsg && state.phase !== 'training') lines.push(`**Failure** ${state.failureMsg}`);
  return lines.join('\n');
}

export function coordinatorSummary(domain: string, modelId: string): string {
  return `Coordinator of ${domain} model ${modelId}`;
}

export function coordinatorStaticDetails(domain: string, modelId: string): string {
  return [
    `**Model** ${modelId} (${domain})`,
    'Every trigger of this model (CLI, API, schedule, feedback, retry) passes here; at most one retrain runs at a time.',
    'Runs for ever, continuing as new; the current details show the running and the pending retrain.',
  ].join('\n');
}

/** The coordinator's current details: the run it follows, the run it holds back and why, the last run. */
export function coordinatorCurrentDetails(view: CoordinatorView): string {
  const { running, pending, lastRun } = view;
  const lines = [
    running
      ? `**Running** ${running.workflowId} (${running.source}${running.retryOf ? `, retry of ${running.retryOf}` : ''}) since ${running.startedAt}`
      : '**Running** no retrain',
  ];
  if (pending) {
    const why = pending.readiness.ready
      ? running ? 'starts when the running retrain closes' : 'starting'
      : pending.readiness.waitingFor === 'min-examples'
        ? `waits for ${pending.readiness.missingExamples} more new example(s)`
        : `quiet period until ${iso(pending.readiness.dueAtMs)}`;
    lines.push(`**Pending** ${pending.workflowId} (${pending.source}, ${pending.feedbackEvents} feedback event(s)): ${why}`);
  }
  if (lastRun) lines.push(`**Last run** ${lastRun.workflowId} ${lastRun.outcome ?? lastRun.status} at ${lastRun.closedAt}`);
  const t = view.totals;
  lines.push(`**Totals** ${t.triggers} trigger(s) · ${t.duplicates} repeat(s) dropped · ${t.launched} launched · ${t.closed} closed`);
  return lines.join('\n');
}

export function scheduledTriggerSummary(domain: string, modelId: string): string {
  return `Scheduled trigger of ${domain} model ${modelId}`;
}

export function reportDeliverySummary(retrainWorkflowId: string, outcome: string): string {
  return `Deliver the ${outcome} report of ${retrainWorkflowId}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
