// Pure text for a run snapshot: the one-line progress display (`RUNNING ███████░░░ 72% · queue – · ETA 1m10s ·
// 9 API calls`), its detail line, and the multi-line `status` block. No terminal codes here: live-display.ts decides
// how lines reach the screen.
import { formatDuration } from '../flags/duration';
import { isClosed, type RunSnapshot } from '../../client/run-snapshot';

const BAR_WIDTH = 10;
const NONE = '–';

export function progressBar(progress: number | undefined, width = BAR_WIDTH): string {
  const share = Math.min(1, Math.max(0, progress ?? 0));
  const filled = Math.round(share * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function percent(progress: number | undefined): string {
  return `${Math.round(Math.min(1, Math.max(0, progress ?? 0)) * 100)}%`;
}

/** What the run is doing, in one upper-case word or two. */
export function runLabel(view: RunSnapshot): string {
  if (view.ending) return view.ending.outcome;
  if (isClosed(view)) return view.workflowStatus;
  switch (view.phase) {
    case undefined:
      return 'PENDING';
    case 'training':
      return view.status ?? 'TRAINING';
    case 'waiting-for-dataset':
      return 'DATASET BUSY';
    default:
      return view.phase.toUpperCase();
  }
}

export function formatEta(etaMs: number | undefined, nowMs: number): string {
  if (etaMs === undefined) return NONE;
  return etaMs <= nowMs ? 'now' : formatDuration(etaMs - nowMs);
}

export function renderProgressLine(view: RunSnapshot, nowMs: number): string {
  const label = runLabel(view);
  const calls = `${view.apiCalls} API call${view.apiCalls === 1 ? '' : 's'}`;
  if (view.ending) {
    const progress = view.ending.outcome === 'SUCCEEDED' ? 1 : view.progress;
    const took = view.closedAtMs !== undefined && view.startedAtMs !== undefined ? ` · ${formatDuration(view.closedAtMs - view.startedAtMs)}` : '';
    return `${label} ${progressBar(progress)} ${percent(progress)} · ${calls} · ${view.polls} polls${took}`;
  }
  if (view.phase === 'waiting-for-dataset' && view.blocking) {
    const blocker = view.blocking.status ? ` ${view.blocking.status} ${percent(view.blocking.progress)}` : '';
    return `${label} ${progressBar(0)} 0% · waiting for model ${view.blocking.modelId}${blocker} · ${calls}`;
  }
  const queue = view.queuePosition ?? NONE;
  return `${label} ${progressBar(view.progress)} ${percent(view.progress)} · queue ${queue} · ETA ${formatEta(view.etaMs, nowMs)} · ${calls}`;
}

/** A second line with the why: the last error, the poller's reason, or what the run waits for. */
export function renderDetailLine(view: RunSnapshot): string {
  if (view.ending) return view.ending.outcome === 'SUCCEEDED' ? '' : `${view.ending.code ?? view.ending.outcome}: ${view.ending.message}`;
  if (view.phase === undefined) return 'waiting for a worker to pick the run up (is `npm start` running?)';
  if (view.lastError) return `last error ${view.lastError.code}: ${view.lastError.message}`;
  return view.pollReason ? `next poll: ${view.pollReason}` : '';
}

/** Identity of what the display shows, without the ETA countdown: a new key means "print a line". */
export function changeKey(view: RunSnapshot): string {
  return JSON.stringify([
    view.workflowStatus,
    view.phase,
    view.status,
    percent(view.progress),
    view.queuePosition,
    view.etaMs === undefined ? undefined : Math.round(view.etaMs / 1_000),
    view.polls,
    view.apiCalls,
    view.blocking,
    view.lastError?.code,
    view.ending?.outcome,
  ]);
}

/** The `status` command's block: one labelled line per fact. */
export function renderStatusBlock(view: RunSnapshot, nowMs: number): string {
  const rows: Array<[string, string]> = [
    ['workflow', `${view.workflowId} (run ${view.runId})`],
    ['model', view.modelId ? `${view.domain ?? ''} ${view.modelId}${view.datasetId !== undefined ? ` · dataset ${view.datasetId}` : ''}`.trim() : NONE],
    ['workflow status', `${view.workflowStatus} · phase ${view.phase ?? NONE} · history ${view.historyLength} events`],
    ['einstein', `${view.status ?? NONE} ${percent(view.progress)} · queue ${view.queuePosition ?? NONE} · ETA ${formatEta(view.etaMs, nowMs)}`],
    ['calls', `${view.polls} polls · ${view.apiCalls} API calls`],
  ];
  if (view.blocking) rows.push(['blocking model', `${view.blocking.modelId}${view.blocking.status ? ` ${view.blocking.status} ${percent(view.blocking.progress)}` : ''}`]);
  if (view.lastError) rows.push(['last error', `${view.lastError.code}: ${view.lastError.message}`]);
  if (view.ending) rows.push(['outcome', `${view.ending.outcome}${view.ending.code && view.ending.outcome !== 'SUCCEEDED' ? ` (${view.ending.code})` : ''}: ${view.ending.message}`]);
  else if (view.pollReason) rows.push(['next poll', view.pollReason]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
