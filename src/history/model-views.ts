// What the model pages and the /v1/models endpoints show, derived from the stored reports: the headline metric per
// run (before → after, the verdict), per-label F1 and the facts of each run. Pure: the same reports give the same views.
import { defaultGateMetric, type GateMetric, type QualityVerdict, type RetrainReport } from '../report';
import type { ModelSummary } from './report-store';

/** Points of the small trend line on the index. */
export const TREND_POINTS = 20;

export interface RunView {
  reportId: string;
  workflowId: string;
  runId: string;
  outcome: string;
  triggerSource?: string;
  requestedAt: string;
  finishedAt: string;
  durationMs: number;
  /** From submit to the end of the training, when the run submitted one. */
  trainingMs?: number;
  /** From the training's end as Einstein reports it to our poll that saw it, when a poll saw the end. */
  detectionLagMs?: number;
  apiCalls: number;
  /** The headline metric before and after this run (after only for a successful run). */
  before?: number;
  after?: number;
  verdict?: QualityVerdict;
  /** Per-label F1 after the run (successful runs). */
  f1ByLabel?: Record<string, number>;
  failureMsg?: string;
  notes: string[];
}

export interface ModelHistoryView {
  domain: string;
  modelId: string;
  modelName?: string;
  /** The metric plotted: the one the latest verdict used, else the model type's headline. */
  metric: GateMetric;
  /** Oldest first. */
  runs: RunView[];
}

export interface ModelIndexEntry {
  domain: string;
  modelId: string;
  modelName?: string;
  runs: number;
  lastOutcome: string;
  lastFinishedAt: string;
  lastWorkflowId: string;
  lastVerdict?: QualityVerdict['verdict'];
  metric: GateMetric;
  /** The headline metric after each of the last successful runs, oldest first. */
  trend: number[];
}

export function headlineMetric(reports: readonly RetrainReport[]): GateMetric {
  for (let i = reports.length - 1; i >= 0; i--) {
    const report = reports[i];
    if (report?.outcome === 'SUCCEEDED' && report.verdict !== undefined) return report.verdict.metric;
  }
  return defaultGateMetric(lastDefined(reports.map((r) => r.modelType)));
}

export function runView(report: RetrainReport, metric: GateMetric): RunView {
  const view: RunView = {
    reportId: report.reportId,
    workflowId: report.workflowId,
    runId: report.runId,
    outcome: report.outcome,
    requestedAt: report.timing.requestedAt,
    finishedAt: report.timing.finishedAt,
    durationMs: report.timing.durations.totalMs,
    apiCalls: report.apiCalls,
    notes: report.notes,
  };
  if (report.triggerSource !== undefined) view.triggerSource = report.triggerSource;
  if (report.timing.durations.trainingMs !== undefined) view.trainingMs = report.timing.durations.trainingMs;
  if (report.timing.durations.detectionLagMs !== undefined) view.detectionLagMs = report.timing.durations.detectionLagMs;
  if (report.outcome === 'SUCCEEDED') {
    const change = report.delta[metric];
    if (change.before !== undefined) view.before = change.before;
    if (change.after !== undefined) view.after = change.after;
    if (report.verdict !== undefined) view.verdict = report.verdict;
    if (report.after !== undefined) view.f1ByLabel = report.after.f1ByLabel;
  } else {
    const before = metric === 'macroF1' ? report.before?.macroF1 : report.before?.[metric];
    if (before !== undefined) view.before = before;
    view.failureMsg = report.failureMsg;
  }
  return view;
}

export function modelHistoryView(domain: string, modelId: string, reports: readonly RetrainReport[]): ModelHistoryView {
  const metric = headlineMetric(reports);
  const view: ModelHistoryView = { domain, modelId, metric, runs: reports.map((report) => runView(report, metric)) };
  const named = lastDefined(reports.map((r) => r.modelName));
  if (named !== undefined) view.modelName = named;
  return view;
}

export function modelIndexEntry(summary: ModelSummary, recent: readonly RetrainReport[]): ModelIndexEntry {
  const metric = headlineMetric(recent);
  const last = summary.last;
  const trend = recent
    .map((report) => runView(report, metric).after)
    .filter((value): value is number => value !== undefined)
    .slice(-TREND_POINTS);
  const entry: ModelIndexEntry = {
    domain: summary.domain,
    modelId: summary.modelId,
    runs: summary.runs,
    lastOutcome: last.outcome,
    lastFinishedAt: last.timing.finishedAt,
    lastWorkflowId: last.workflowId,
    metric,
    trend,
  };
  if (summary.modelName !== undefined) entry.modelName = summary.modelName;
  if (last.outcome === 'SUCCEEDED' && last.verdict !== undefined) entry.lastVerdict = last.verdict.verdict;
  return entry;
}

function lastDefined<T>(values: ReadonlyArray<T | undefined>): T | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== undefined) return values[i];
  return undefined;
}
