/**
 * Plain-text tables in Markdown pipe syntax: readable in a terminal and pasted as they are into BENCHMARKS.md.
 */

export type Cell = string | number | undefined;

export interface Column {
  header: string;
  /** Numbers read best right-aligned. @default 'right' for every column but the first */
  align?: 'left' | 'right';
}

export function renderTable(columns: readonly (Column | string)[], rows: readonly Cell[][]): string {
  const cols: Column[] = columns.map((c, i) => (typeof c === 'string' ? { header: c, align: i === 0 ? 'left' : 'right' } : c));
  for (const [index, row] of rows.entries()) {
    if (row.length !== cols.length) throw new RangeError(`renderTable: row ${index} has ${row.length} cells, expected ${cols.length}`);
  }
  const text = rows.map((row) => row.map(formatCell));
  const widths = cols.map((c, i) => Math.max(c.header.length, 3, ...text.map((r) => (r[i] ?? '').length)));
  const pad = (value: string, i: number) => {
    const width = widths[i] ?? value.length;
    return (cols[i]?.align ?? 'right') === 'left' ? value.padEnd(width) : value.padStart(width);
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${cols.map((c, i) => (c.align === 'left' ? `:${'-'.repeat((widths[i] ?? 3) + 1)}` : `${'-'.repeat((widths[i] ?? 3) + 1)}:`)).join('|')}|`;
  return [line(cols.map((c) => c.header)), rule, ...text.map(line)].join('\n');
}

function formatCell(cell: Cell): string {
  if (cell === undefined) return '–';
  if (typeof cell === 'string') return cell;
  return formatNumber(cell);
}

/** Integers as they are; other numbers with three significant digits (0.0123, 1.23, 12.3, 123). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** "12.5 %" from a share in [0, 1]. */
export function formatPercent(share: number | undefined): string {
  return share === undefined ? '–' : `${formatNumber(share * 100)} %`;
}

/** "8.4×" */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? '–' : `${formatNumber(value)}×`;
}
