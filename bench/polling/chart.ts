/**
 * The frontier chart of bench:polling, written by the bench itself as a standalone SVG: mean status calls (x) against
 * p95 lag/duration (y), both on log scales, one series per family of policies — the product and the geometric
 * backoff at each maxLagShare measured, the fixed intervals, Airflow's backoff — and the region where the bar's four
 * comparative conditions hold, shaded. Lower left is better: fewer calls and a shorter lag.
 */
import type { PollingResult } from './run';

const WIDTH = 820;
const HEIGHT = 520;
const PLOT = { left: 78, right: 24, top: 64, bottom: 62 };

const COLORS = { product: '#1f5fbf', geometric: '#d9731a', fixed: '#555555', airflow: '#2e8b3e', bar: '#e3f1e0' } as const;

interface Point {
  x: number;
  y: number;
  label: string;
}

export function frontierSvg(result: PollingResult): string {
  const points = result.frontier.filter((p) => p.callsMean > 0 && p.lagShareP95 > 0);
  if (points.length === 0) throw new Error('frontier chart: no point to draw');
  const xs = points.map((p) => p.callsMean);
  const ys = points.map((p) => p.lagShareP95);
  const x = logScale(Math.min(...xs) / 1.4, Math.max(...xs) * 2.2, PLOT.left, WIDTH - PLOT.right);
  const y = logScale(Math.min(...ys) / 1.4, Math.max(...ys) * 1.4, HEIGHT - PLOT.bottom, PLOT.top);
  const parts: string[] = [];

  // The bar's comparative conditions, at the main seed: a box from the origin of the plot to the binding limits.
  const fixed10 = result.policies.find((p) => p.id === 'fixed-10s');
  const fixed60 = result.policies.find((p) => p.id === 'fixed-60s');
  if (fixed10 && fixed60) {
    const callsLimit = Math.min(fixed10.calls.mean / 5, fixed60.calls.mean);
    const lagLimit = Math.min(fixed10.lagShare.p95, fixed60.lagShare.p95 / 4);
    const bx = clampTo(x.at(callsLimit), PLOT.left, WIDTH - PLOT.right);
    const by = clampTo(y.at(lagLimit), PLOT.top, HEIGHT - PLOT.bottom);
    parts.push(`<rect x="${PLOT.left}" y="${by}" width="${round(bx - PLOT.left)}" height="${round(HEIGHT - PLOT.bottom - by)}" fill="${COLORS.bar}"/>`);
    parts.push(text(PLOT.left + 6, HEIGHT - PLOT.bottom - 8, `the bar's limits (seed ${result.params.seed})`, { size: 11, fill: '#3a6b33' }));
  }

  parts.push(...axes(x, y));

  const series = (family: string) =>
    result.frontier
      .filter((p) => p.family === family)
      .sort((a, b) => a.callsMean - b.callsMean)
      .map((p) => ({ x: x.at(p.callsMean), y: y.at(p.lagShareP95), share: p.maxLagShare, label: p.label, id: p.id }));

  const product = series('product');
  parts.push(polyline(product, COLORS.product, ''));
  for (const p of product) {
    const isDefault = p.id === 'product';
    parts.push(`<circle cx="${p.x}" cy="${p.y}" r="${isDefault ? 6 : 4}" fill="${COLORS.product}"/>`);
    parts.push(text(p.x + 8, p.y - 8, `${pct(p.share)}${isDefault ? ' (default)' : ''}`, { fill: COLORS.product, weight: isDefault ? 'bold' : 'normal' }));
  }
  const geometric = series('geometric');
  parts.push(polyline(geometric, COLORS.geometric, '6 4'));
  for (const p of geometric) {
    parts.push(`<rect x="${p.x - 4}" y="${p.y - 4}" width="8" height="8" fill="${COLORS.geometric}"/>`);
    parts.push(text(p.x - 8, p.y + 15, pct(p.share), { fill: COLORS.geometric, anchor: 'end' }));
  }
  const fixed = series('fixed');
  parts.push(polyline(fixed, COLORS.fixed, '2 4'));
  for (const p of fixed) {
    parts.push(`<path d="M${p.x} ${p.y - 6}L${p.x + 6} ${p.y}L${p.x} ${p.y + 6}L${p.x - 6} ${p.y}Z" fill="${COLORS.fixed}"/>`);
    parts.push(text(p.x + 8, p.y + 4, p.id.replace(/^fixed-(\d+)s$/, 'fixed $1 s'), { fill: COLORS.fixed }));
  }
  for (const p of series('airflow')) {
    parts.push(`<path d="M${p.x} ${p.y - 7}L${p.x + 7} ${p.y + 5}L${p.x - 7} ${p.y + 5}Z" fill="${COLORS.airflow}"/>`);
    parts.push(text(p.x + 9, p.y + 4, 'Airflow exponential backoff', { fill: COLORS.airflow }));
  }

  parts.push(...legend());
  const title = `Status calls against p95 lag/duration — ${result.corpus.trainings} trainings, seed ${result.params.seed}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(WIDTH / 2, 24, title, { size: 15, anchor: 'middle', weight: 'bold' }),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

interface Scale {
  at(value: number): number;
  ticks: number[];
  format(value: number): string;
}

function logScale(min: number, max: number, from: number, to: number): Scale {
  const lo = Math.log10(min);
  const hi = Math.log10(Math.max(max, min * 1.01));
  const at = (value: number) => round(from + ((Math.log10(value) - lo) / (hi - lo)) * (to - from));
  const ticks: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min && v <= max) ticks.push(v);
    }
  }
  return { at, ticks, format: (v) => String(Number(v.toPrecision(2))) };
}

function axes(x: Scale, y: Scale): string[] {
  const bottom = HEIGHT - PLOT.bottom;
  const right = WIDTH - PLOT.right;
  const out = [
    `<line x1="${PLOT.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#222"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${bottom}" stroke="#222"/>`,
  ];
  for (const v of x.ticks) {
    const px = x.at(v);
    out.push(`<line x1="${px}" y1="${PLOT.top}" x2="${px}" y2="${bottom}" stroke="#e4e4e4"/>`);
    out.push(text(px, bottom + 16, x.format(v), { anchor: 'middle' }));
  }
  for (const v of y.ticks) {
    const py = y.at(v);
    out.push(`<line x1="${PLOT.left}" y1="${py}" x2="${right}" y2="${py}" stroke="#e4e4e4"/>`);
    out.push(text(PLOT.left - 6, py + 4, `${Number((v * 100).toPrecision(2))} %`, { anchor: 'end' }));
  }
  out.push(text((PLOT.left + right) / 2, HEIGHT - 18, 'mean status calls per training (log scale)', { anchor: 'middle', size: 13 }));
  const midY = (PLOT.top + bottom) / 2;
  out.push(`<text x="20" y="${midY}" font-size="13" text-anchor="middle" transform="rotate(-90 20 ${midY})">p95 lag / training duration (log scale)</text>`);
  return out;
}

function legend(): string[] {
  const items: [string, string, string][] = [
    ['einstein-retrain (nextPollDelay), by maxLagShare', COLORS.product, ''],
    ['geometric backoff with the same bound, by share', COLORS.geometric, '6 4'],
    ['fixed intervals', COLORS.fixed, '2 4'],
  ];
  const boxX = WIDTH - PLOT.right - 330;
  const boxY = PLOT.top + 8;
  const box = `<rect x="${boxX}" y="${boxY}" width="322" height="${items.length * 18 + 10}" fill="#ffffff" stroke="#cccccc"/>`;
  return [box, ...items.map(([label, color, dash], i) => {
    const lx = boxX + 10;
    const ly = boxY + 16 + i * 18;
    return `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${text(lx + 30, ly + 4, label, { fill: color })}`;
  })];
}

function polyline(points: Point[] | { x: number; y: number }[], color: string, dash: string): string {
  if (points.length < 2) return '';
  const d = points.map((p) => `${p.x},${p.y}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

function text(px: number, py: number, content: string, style: { size?: number; anchor?: string; fill?: string; weight?: string } = {}): string {
  const attrs = [
    `x="${round(px)}"`,
    `y="${round(py)}"`,
    style.size ? `font-size="${style.size}"` : '',
    style.anchor ? `text-anchor="${style.anchor}"` : '',
    style.fill ? `fill="${style.fill}"` : '',
    style.weight && style.weight !== 'normal' ? `font-weight="${style.weight}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

function pct(share: number | null): string {
  return share === null ? '' : `${Number((share * 100).toFixed(2))} %`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function clampTo(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
