// The end of a run, for people (summary line, failure message, before/after metrics table) and for machines
// (one `result` JSON line).
import { NO_ROLLBACK_NOTE, formatMetricsTable, type RetrainReport } from '../../report';
import { formatDuration } from '../flags/duration';
import { EXIT, exitCodeForEnding, type ExitCode } from '../errors/exit-codes';
import type { RunSnapshot } from '../../client/run-snapshot';

export function exitCodeForView(view: RunSnapshot, options: { failOnRegression?: boolean } = {}): ExitCode {
  const code = view.ending ? exitCodeForEnding(view.ending) : 0;
  if (code === EXIT.OK && options.failOnRegression && view.report?.outcome === 'SUCCEEDED' && view.report.verdict?.verdict === 'regressed') {
    return EXIT.REGRESSED;
  }
  return code;
}

/** The quality verdict and, for a regression, what the user can do (Einstein has no rollback). */
export function verdictLines(report: RetrainReport): string[] {
  if (report.outcome !== 'SUCCEEDED') return [];
  if (report.verdict === undefined) return ['Verdict: none (no new value of the deciding metric)'];
  const lines = [`Verdict: ${report.verdict.verdict.toUpperCase()} (${report.verdict.reason})`];
  if (report.verdict.verdict === 'regressed') lines.push(`Note: ${NO_ROLLBACK_NOTE}`);
  return lines;
}

export function renderResult(view: RunSnapshot): string {
  const ending = view.ending;
  const lines: string[] = [];
  const took = view.report ? view.report.timing.durations.totalMs : (view.closedAtMs ?? 0) - (view.startedAtMs ?? 0);
  const outcome = ending?.outcome ?? view.workflowStatus;
  lines.push(`${outcome} in ${formatDuration(took)} · ${view.apiCalls} API calls · ${view.polls} polls · history ${view.historyLength} events`);
  lines.push(`workflow ${view.workflowId}`);
  if (ending && ending.outcome !== 'SUCCEEDED') lines.push(`${ending.code ?? ending.outcome}: ${ending.message}`);
  const report = view.report;
  if (report) {
    if (report.outcome !== 'SUCCEEDED' && report.remoteTrainingMayStillRun) {
      lines.push('Note: the Einstein training may still be running (Einstein has no cancel endpoint).');
    }
    for (const note of report.notes) lines.push(`Note: ${note}`);
    lines.push(...verdictLines(report));
    lines.push('', report.outcome === 'SUCCEEDED' ? 'Metrics before and after the retrain:' : 'Metrics of the model (unchanged):');
    lines.push(formatMetricsTable(report));
  }
  return lines.join('\n');
}

export function resultRecord(view: RunSnapshot, options: { failOnRegression?: boolean } = {}): Record<string, unknown> {
  return {
    exitCode: exitCodeForView(view, options),
    outcome: view.ending?.outcome,
    code: view.ending?.code,
    message: view.ending?.message,
    ...view,
  };
}
