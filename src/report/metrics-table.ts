// A plain-text before/after/delta table for the CLI. Pure string building: no colours, no terminal width guessing.
import { compareMetrics, type MetricChange, type MetricsComparison } from './metrics-comparison';
import type { RetrainReport } from './retrain-report';

const MISSING = 'n/a';
const DECIMALS = 4;

const SCALAR_ROWS: ReadonlyArray<[title: string, key: Exclude<keyof MetricsComparison, 'f1ByLabel'>]> = [
  ['test accuracy', 'testAccuracy'],
  ['training accuracy', 'trainingAccuracy'],
  ['training loss', 'trainingLoss'],
  ['macro F1', 'macroF1'],
  ['mean average precision', 'meanAveragePrecision'],
];

/**
 * One row per metric known on either side, then one `F1 <label>` row per label (sorted by label). A failed retrain
 * has no "after" column values, so its table shows the model's unchanged metrics.
 */
export function formatMetricsTable(report: RetrainReport): string {
  const comparison = report.outcome === 'SUCCEEDED' ? report.delta : compareMetrics(report.before, undefined);
  const rows = metricRows(comparison);
  if (rows.length === 0) return 'No metrics available (before or after).';
  const header = ['metric', 'before', 'after', 'delta'];
  const cells = rows.map(([title, change]) => [
    title,
    formatValue(change.before),
    formatValue(change.after),
    formatDelta(change.delta),
  ]);
  return renderTable(header, cells);
}

function metricRows(comparison: MetricsComparison): Array<[string, MetricChange]> {
  const rows: Array<[string, MetricChange]> = [];
  for (const [title, key] of SCALAR_ROWS) {
    if (hasAnySide(comparison[key])) rows.push([title, comparison[key]]);
  }
  const labels = Object.keys(comparison.f1ByLabel).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const label of labels) {
    const change = comparison.f1ByLabel[label];
    if (change !== undefined && hasAnySide(change)) rows.push([`F1 ${label}`, change]);
  }
  return rows;
}

function hasAnySide(change: MetricChange): boolean {
  return change.before !== undefined || change.after !== undefined;
}

function formatValue(value: number | undefined): string {
  return value === undefined ? MISSING : value.toFixed(DECIMALS);
}

function formatDelta(delta: number | undefined): string {
  if (delta === undefined) return MISSING;
  const text = Math.abs(delta).toFixed(DECIMALS);
  // A delta that rounds to zero gets no sign: "+0.0000" would suggest an improvement that is not there.
  if (Number(text) === 0) return text;
  return `${delta > 0 ? '+' : '-'}${text}`;
}

/** First column left-aligned, number columns right-aligned, two spaces between columns. */
function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
