/**
 * bench:polling — every policy over the same seeded corpus, side by side, by duration and by ending, the frontier of
 * calls against p95 lag/duration, and the project's bar, checked at the default maxLagShare on several seeds:
 *
 * 1. mean status calls at most 1/5 of fixed 10 s polling's, and p95 lag/duration below fixed 10 s polling's;
 * 2. mean status calls below fixed 60 s polling's, and p95 lag/duration at most 1/4 of fixed 60 s polling's;
 * 3. every training's lag within the promise, max(minDelay, maxLagShare × duration) (the bench sends no Retry-After).
 */
import { z } from 'zod';
import { resolvePollBounds } from '../../src/polling/poll-schedule';
import { summarize, sum, type Summary } from '../lib/stats';
import { envelope, ResultEnvelope } from '../lib/results';
import { formatPercent, formatRatio, renderTable, type Cell } from '../lib/table';
import { buildCorpus, ENDINGS, type CorpusTraining } from './corpus';
import { benchPolicies, fixedInterval, productPolicy, shareLabel, type BenchPolicy, type PolicyFamily } from './policies';
import { simulate, type PollOutcome } from './simulate';

export const FULL_CORPUS = 600;
export const QUICK_CORPUS = 40;
/** The bar: at most 1/5 of fixed 10 s's calls, and at most 1/4 of fixed 60 s's p95 lag/duration. */
export const CALLS_VS_FIXED_10S = 5;
export const LAG_VS_FIXED_60S = 4;
export const DEFAULT_BAR_SEEDS: readonly number[] = [1, 2, 3, 4, 5];
/** Slack on the promise check for the millisecond rounding of observation times. */
const PROMISE_TOLERANCE_S = 0.002;

export interface PollingOptions {
  seed: number;
  count: number;
  quick: boolean;
  command: string;
  /** Seeds on which the bar is checked (each its own corpus of `count` trainings). */
  barSeeds?: readonly number[];
}

const DURATION_BUCKETS: readonly { label: string; fromS: number; toS: number }[] = [
  { label: '1–10 min', fromS: 0, toS: 600 },
  { label: '10–60 min', fromS: 600, toS: 3600 },
  { label: '1–6 h', fromS: 3600, toS: Infinity },
];

/** The ending groups of the tables: the five endings, then the long-queue trainings whatever their ending. */
const ENDING_GROUPS: readonly { id: string; label: string; member: (t: CorpusTraining) => boolean }[] = [
  ...ENDINGS.map((e) => ({ id: e.ending, label: e.label, member: (t: CorpusTraining) => t.ending === e.ending })),
  { id: 'long-queue', label: 'long queue (any ending)', member: (t: CorpusTraining) => t.queue === 'long' },
];

const SummarySchema = z.object({ count: z.number(), min: z.number(), p50: z.number(), p95: z.number(), max: z.number(), mean: z.number() });

const GroupResult = z.object({ group: z.string(), label: z.string(), trainings: z.number().int(), calls: SummarySchema, lagS: SummarySchema, lagShare: SummarySchema });
export type GroupResult = z.infer<typeof GroupResult>;

const RuleResult = z.object({ rule: z.string(), trainings: z.number().int(), lagS: SummarySchema });

const PromiseResult = z.object({
  maxLagShare: z.number(),
  /** Trainings whose lag exceeded max(minDelay, maxLagShare × duration). */
  breaches: z.number().int(),
  /** Largest lag over the promised lag, across the corpus (≤ 1 when kept). */
  worstRatio: z.number(),
});

const PolicyResult = z.object({
  id: z.string(),
  label: z.string(),
  source: z.string(),
  family: z.enum(['product', 'geometric', 'fixed', 'airflow', 'oracle']),
  headline: z.boolean(),
  maxLagShare: z.number().nullable(),
  totalCalls: z.number().int(),
  calls: SummarySchema,
  lagS: SummarySchema,
  lagShare: SummarySchema,
  /** Total calls of fixed 10 s over this policy's total calls. */
  fewerCallsThanFixed10s: z.number().nullable(),
  byDuration: z.array(GroupResult),
  byEnding: z.array(GroupResult),
  /** Which rule chose the sleep in which the training ended, with the lags it caused. */
  lagByCoveringRule: z.array(RuleResult),
  callsByRule: z.record(z.string(), z.number().int()),
  promise: PromiseResult.nullable(),
});
export type PolicyResult = z.infer<typeof PolicyResult>;

const Peer = z.object({ callsMean: z.number(), lagShareP95: z.number() });

const BarSeed = z.object({
  seed: z.number().int(),
  product: z.object({ callsMean: z.number(), lagShareP95: z.number(), lagShareMax: z.number(), promiseBreaches: z.number().int() }),
  fixed10s: Peer,
  fixed60s: Peer,
  conditions: z.object({
    callsAtMostFifthOfFixed10s: z.boolean(),
    lagP95BelowFixed10s: z.boolean(),
    callsBelowFixed60s: z.boolean(),
    lagP95AtMostQuarterOfFixed60s: z.boolean(),
    withinPromise: z.boolean(),
  }),
  passed: z.boolean(),
});
export type BarSeed = z.infer<typeof BarSeed>;

export const PollingResult = ResultEnvelope.extend({
  bench: z.literal('polling'),
  params: z.object({ seed: z.number().int(), count: z.number().int(), barSeeds: z.array(z.number().int()) }),
  corpus: z.object({
    trainings: z.number().int(),
    durationS: SummarySchema,
    byType: z.record(z.string(), z.number().int()),
    byQueue: z.record(z.string(), z.number().int()),
    byEnding: z.record(z.string(), z.number().int()),
    earlyStopped: z.number().int(),
    failed: z.number().int(),
    longLoad: z.number().int(),
  }),
  /** The product's bounds as measured (its defaults). */
  productBounds: z.object({ minDelayMs: z.number(), maxDelayMs: z.number(), maxLagShare: z.number() }),
  policies: z.array(PolicyResult),
  /** Calls against p95 lag/duration, one point per policy (the oracle aside): what the chart draws. */
  frontier: z.array(z.object({ id: z.string(), label: z.string(), family: z.string(), maxLagShare: z.number().nullable(), callsMean: z.number(), lagShareP95: z.number() })),
  bar: z.object({ maxLagShare: z.number(), seeds: z.array(BarSeed), passed: z.boolean() }),
});
export type PollingResult = z.infer<typeof PollingResult>;

export function runPollingBench(options: PollingOptions): PollingResult {
  const startedAtMs = Date.now();
  const bounds = resolvePollBounds();
  const corpus = buildCorpus({ seed: options.seed, count: options.count });
  const entries = benchPolicies(bounds.maxLagShare);
  const outcomes = new Map(entries.map((e) => [e.policy.id, corpus.map((t) => simulate(e.policy, t, options.seed))]));
  const fixed10Total = sum((outcomes.get('fixed-10s') ?? []).map((o) => o.calls));
  const policies = entries.map((e) => policyResult(e, corpus, outcomes.get(e.policy.id) ?? [], fixed10Total, bounds.minDelayMs));
  const barSeeds = [...(options.barSeeds ?? DEFAULT_BAR_SEEDS)];
  const seeds = barSeeds.map((seed) => (seed === options.seed ? barFromResults(seed, policies) : barOnSeed(seed, options.count)));
  return {
    ...envelope('polling', options.quick, options.command, startedAtMs),
    bench: 'polling',
    params: { seed: options.seed, count: options.count, barSeeds },
    corpus: describeCorpus(corpus),
    productBounds: { minDelayMs: bounds.minDelayMs, maxDelayMs: bounds.maxDelayMs, maxLagShare: bounds.maxLagShare },
    policies,
    frontier: policies
      .filter((p) => p.family !== 'oracle')
      .map((p) => ({ id: p.id, label: p.label, family: p.family, maxLagShare: p.maxLagShare, callsMean: p.calls.mean, lagShareP95: p.lagShare.p95 })),
    bar: { maxLagShare: bounds.maxLagShare, seeds, passed: seeds.length > 0 && seeds.every((s) => s.passed) },
  };
}

function policyResult(entry: BenchPolicy, corpus: CorpusTraining[], outcomes: PollOutcome[], fixed10Total: number, minDelayMs: number): PolicyResult {
  const { policy } = entry;
  const totalCalls = sum(outcomes.map((o) => o.calls));
  const callsByRule: Record<string, number> = {};
  for (const o of outcomes) for (const [rule, n] of Object.entries(o.callsByRule)) callsByRule[rule] = (callsByRule[rule] ?? 0) + n;
  const group = (id: string, label: string, member: (t: CorpusTraining) => boolean): GroupResult[] => {
    const inGroup = outcomes.filter((_, i) => {
      const t = corpus[i];
      return t !== undefined && member(t);
    });
    if (inGroup.length === 0) return [];
    return [{ group: id, label, trainings: inGroup.length, ...outcomeSummaries(inGroup) }];
  };
  return {
    id: policy.id,
    label: policy.label,
    source: policy.source,
    family: entry.family,
    headline: entry.headline,
    maxLagShare: entry.maxLagShare ?? null,
    totalCalls,
    ...outcomeSummaries(outcomes),
    fewerCallsThanFixed10s: totalCalls > 0 ? fixed10Total / totalCalls : null,
    byDuration: DURATION_BUCKETS.flatMap((b) => group(b.label, b.label, (t) => t.durationS >= b.fromS && t.durationS < b.toS)),
    byEnding: ENDING_GROUPS.flatMap((g) => group(g.id, g.label, g.member)),
    lagByCoveringRule: lagByRule(outcomes),
    callsByRule,
    promise: entry.maxLagShare === undefined ? null : promiseCheck(corpus, outcomes, entry.maxLagShare, minDelayMs),
  };
}

function outcomeSummaries(outcomes: PollOutcome[]): { calls: Summary; lagS: Summary; lagShare: Summary } {
  return {
    calls: summarize(outcomes.map((o) => o.calls)),
    lagS: summarize(outcomes.map((o) => o.lagS)),
    lagShare: summarize(outcomes.map((o) => o.lagShare)),
  };
}

/** The promise, training by training: lag ≤ max(minDelay, maxLagShare × duration). */
export function promiseCheck(corpus: CorpusTraining[], outcomes: PollOutcome[], maxLagShare: number, minDelayMs: number): z.infer<typeof PromiseResult> {
  let breaches = 0;
  let worstRatio = 0;
  outcomes.forEach((o, i) => {
    const durationS = corpus[i]?.durationS ?? 0;
    const promisedS = Math.max(minDelayMs / 1000, maxLagShare * durationS);
    if (o.lagS > promisedS + PROMISE_TOLERANCE_S) breaches++;
    worstRatio = Math.max(worstRatio, o.lagS / promisedS);
  });
  return { maxLagShare, breaches, worstRatio };
}

function lagByRule(outcomes: PollOutcome[]): PolicyResult['lagByCoveringRule'] {
  const groups = new Map<string, number[]>();
  for (const o of outcomes) {
    const rule = o.coveringRule ?? '(call at the end)';
    groups.set(rule, [...(groups.get(rule) ?? []), o.lagS]);
  }
  return [...groups.entries()]
    .map(([rule, lags]) => ({ rule, trainings: lags.length, lagS: summarize(lags) }))
    .sort((a, b) => b.lagS.p95 - a.lagS.p95);
}

// ----------------------------------------------------------------------------------------------------------- bar

/** The bar on another seed: only the three policies it compares, over that seed's own corpus. */
function barOnSeed(seed: number, count: number, maxLagShare?: number, peers = new SeedPeers(seed, count)): BarSeed {
  const bounds = resolvePollBounds(maxLagShare === undefined ? {} : { maxLagShare });
  const product = peers.run(productPolicy({ maxLagShare: bounds.maxLagShare }));
  const promise = promiseCheck(peers.corpus, product, bounds.maxLagShare, bounds.minDelayMs);
  const lag = summarize(product.map((o) => o.lagShare));
  return barSeed(
    seed,
    { callsMean: summarize(product.map((o) => o.calls)).mean, lagShareP95: lag.p95, lagShareMax: lag.max, promiseBreaches: promise.breaches },
    peers.fixed10s,
    peers.fixed60s,
  );
}

/** One seed's corpus and the two fixed peers the bar compares with, measured once. */
class SeedPeers {
  readonly corpus: CorpusTraining[];
  readonly fixed10s: BarSeed['fixed10s'];
  readonly fixed60s: BarSeed['fixed60s'];

  constructor(
    readonly seed: number,
    count: number,
  ) {
    this.corpus = buildCorpus({ seed, count });
    const peer = (seconds: number) => {
      const outcomes = this.run(fixedInterval(seconds, `fixed ${seconds} s`, ''));
      return { callsMean: summarize(outcomes.map((o) => o.calls)).mean, lagShareP95: summarize(outcomes.map((o) => o.lagShare)).p95 };
    };
    this.fixed10s = peer(10);
    this.fixed60s = peer(60);
  }

  run(policy: BenchPolicy['policy']): PollOutcome[] {
    return this.corpus.map((t) => simulate(policy, t, this.seed));
  }
}

/** Shares tried by --choose-share: 3 % to 12 % in steps of 0.5 %. */
export const SHARE_GRID: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((0.03 + 0.005 * i) * 1000) / 1000);

export interface ShareChoice {
  rows: { maxLagShare: number; seeds: BarSeed[]; passed: boolean }[];
  /** The tightest promise at which the bar passes on every seed, if any. */
  chosen?: number;
}

/**
 * The default maxLagShare is chosen here: the tightest promise of the grid at which the bar passes on every seed.
 * Each share runs the product alone; the fixed peers are measured once per seed.
 */
export function chooseShare(options: { count: number; seeds: readonly number[]; grid?: readonly number[] }): ShareChoice {
  const peers = options.seeds.map((seed) => new SeedPeers(seed, options.count));
  const rows = (options.grid ?? SHARE_GRID).map((maxLagShare) => {
    const seeds = peers.map((p) => barOnSeed(p.seed, options.count, maxLagShare, p));
    return { maxLagShare, seeds, passed: seeds.every((b) => b.passed) };
  });
  return { rows, chosen: rows.find((r) => r.passed)?.maxLagShare };
}

export function shareChoiceTable(choice: ShareChoice): string {
  const peers = choice.rows[0]?.seeds ?? [];
  const limits: Cell[] = [
    'limit',
    `≤ ${peers.map((b) => s(Math.min(b.fixed10s.callsMean / CALLS_VS_FIXED_10S, b.fixed60s.callsMean))).join(' / ')}`,
    `< ${peers.map((b) => formatPercent(Math.min(b.fixed10s.lagShareP95, b.fixed60s.lagShareP95 / LAG_VS_FIXED_60S))).join(' / ')}`,
    '',
    '',
  ];
  const rows: Cell[][] = choice.rows.map((r) => [
    shareLabel(r.maxLagShare),
    r.seeds.map((b) => s(b.product.callsMean)).join(' / '),
    r.seeds.map((b) => formatPercent(b.product.lagShareP95)).join(' / '),
    r.seeds.filter((b) => b.passed).length,
    r.passed ? 'passed' : '–',
  ]);
  return renderTable(['maxLagShare', 'calls mean, seed by seed', 'lag/duration p95, seed by seed', 'seeds passed', 'bar'], [limits, ...rows]);
}

function barFromResults(seed: number, policies: PolicyResult[]): BarSeed {
  const row = (id: string) => {
    const p = policies.find((x) => x.id === id);
    if (!p) throw new Error(`polling bench: the bar needs the ${id} policy`);
    return p;
  };
  const product = row('product');
  const peer = (p: PolicyResult) => ({ callsMean: p.calls.mean, lagShareP95: p.lagShare.p95 });
  return barSeed(
    seed,
    { callsMean: product.calls.mean, lagShareP95: product.lagShare.p95, lagShareMax: product.lagShare.max, promiseBreaches: product.promise?.breaches ?? 0 },
    peer(row('fixed-10s')),
    peer(row('fixed-60s')),
  );
}

export function barSeed(seed: number, product: BarSeed['product'], fixed10s: BarSeed['fixed10s'], fixed60s: BarSeed['fixed60s']): BarSeed {
  const conditions = {
    callsAtMostFifthOfFixed10s: product.callsMean <= fixed10s.callsMean / CALLS_VS_FIXED_10S,
    lagP95BelowFixed10s: product.lagShareP95 < fixed10s.lagShareP95,
    callsBelowFixed60s: product.callsMean < fixed60s.callsMean,
    lagP95AtMostQuarterOfFixed60s: product.lagShareP95 <= fixed60s.lagShareP95 / LAG_VS_FIXED_60S,
    withinPromise: product.promiseBreaches === 0,
  };
  return { seed, product, fixed10s, fixed60s, conditions, passed: Object.values(conditions).every(Boolean) };
}

function describeCorpus(corpus: CorpusTraining[]): PollingResult['corpus'] {
  const count = (key: (t: CorpusTraining) => string) =>
    corpus.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
  return {
    trainings: corpus.length,
    durationS: summarize(corpus.map((t) => t.durationS)),
    byType: count((t) => t.type),
    byQueue: count((t) => t.queue),
    byEnding: count((t) => t.ending),
    earlyStopped: corpus.filter((t) => t.timeline.earlyStopping).length,
    failed: corpus.filter((t) => t.timeline.outcome === 'FAILED').length,
    longLoad: corpus.filter((t) => t.longLoad).length,
  };
}

// ------------------------------------------------------------------------------------------------------- tables

const s = (value: number) => Math.round(value * 10) / 10;

const MEASURE_HEADERS = ['calls mean', 'calls p95', 'lag p50 (s)', 'lag p95 (s)', 'lag max (s)', 'lag/duration p50', 'lag/duration p95', 'lag/duration max'];

function measureCells(m: { calls: Summary; lagS: Summary; lagShare: Summary }): Cell[] {
  return [
    s(m.calls.mean),
    m.calls.p95,
    s(m.lagS.p50),
    s(m.lagS.p95),
    s(m.lagS.max),
    formatPercent(m.lagShare.p50),
    formatPercent(m.lagShare.p95),
    formatPercent(m.lagShare.max),
  ];
}

/** One row per policy: calls and lag over the whole corpus. */
export function policiesTable(result: PollingResult, filter: (p: PolicyResult) => boolean = () => true): string {
  const rows: Cell[][] = result.policies
    .filter(filter)
    .map((p) => [p.label, p.calls.p50, ...measureCells(p), p.id === 'fixed-10s' ? '1×' : formatRatio(p.fewerCallsThanFixed10s ?? undefined)]);
  return renderTable(['policy', 'calls p50', ...MEASURE_HEADERS, 'fewer calls than 10 s'], rows);
}

function groupTable(result: PollingResult, key: 'byDuration' | 'byEnding', header: string, filter: (p: PolicyResult) => boolean): string {
  const rows: Cell[][] = [];
  for (const p of result.policies.filter(filter)) for (const g of p[key]) rows.push([p.label, g.label, g.trainings, ...measureCells(g)]);
  return renderTable(['policy', header, 'trainings', ...MEASURE_HEADERS], rows);
}

export function durationTable(result: PollingResult, filter: (p: PolicyResult) => boolean = () => true): string {
  return groupTable(result, 'byDuration', 'duration', filter);
}

export function endingTable(result: PollingResult, filter: (p: PolicyResult) => boolean = () => true): string {
  return groupTable(result, 'byEnding', 'ending', filter);
}

export function coveringRuleTable(result: PollingResult): string {
  const productResult = result.policies.find((p) => p.id === 'product');
  const rows: Cell[][] = (productResult?.lagByCoveringRule ?? []).map((r) => [r.rule, r.trainings, s(r.lagS.p50), s(r.lagS.p95), s(r.lagS.max)]);
  return renderTable(['rule of the sleep that spanned the end', 'trainings', 'lag p50 (s)', 'lag p95 (s)', 'lag max (s)'], rows);
}

const FAMILY_ORDER: readonly PolicyFamily[] = ['product', 'geometric', 'fixed', 'airflow'];

/** The frontier as a table: calls against p95 and max lag/duration, by family, fewest calls last. */
export function frontierTable(result: PollingResult): string {
  const rows: Cell[][] = FAMILY_ORDER.flatMap((family) =>
    result.policies
      .filter((p) => p.family === family)
      .sort((a, b) => b.calls.mean - a.calls.mean)
      .map((p) => [
        p.label,
        p.maxLagShare === null ? '–' : shareLabel(p.maxLagShare),
        s(p.calls.mean),
        formatPercent(p.lagShare.p50),
        formatPercent(p.lagShare.p95),
        formatPercent(p.lagShare.max),
        p.promise === null ? '–' : p.promise.breaches,
      ]),
  );
  return renderTable(['policy', 'maxLagShare', 'calls mean', 'lag/duration p50', 'lag/duration p95', 'lag/duration max', 'promise breaches'], rows);
}

export function barTable(result: PollingResult): string {
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  const rows: Cell[][] = result.bar.seeds.map((b) => [
    b.seed,
    `${s(b.product.callsMean)} ≤ ${s(b.fixed10s.callsMean / CALLS_VS_FIXED_10S)}: ${yes(b.conditions.callsAtMostFifthOfFixed10s)}`,
    `${formatPercent(b.product.lagShareP95)} < ${formatPercent(b.fixed10s.lagShareP95)}: ${yes(b.conditions.lagP95BelowFixed10s)}`,
    `${s(b.product.callsMean)} < ${s(b.fixed60s.callsMean)}: ${yes(b.conditions.callsBelowFixed60s)}`,
    `${formatPercent(b.product.lagShareP95)} ≤ ${formatPercent(b.fixed60s.lagShareP95 / LAG_VS_FIXED_60S)}: ${yes(b.conditions.lagP95AtMostQuarterOfFixed60s)}`,
    `${formatPercent(b.product.lagShareMax)}, ${b.product.promiseBreaches} over: ${yes(b.conditions.withinPromise)}`,
    b.passed ? 'passed' : 'FAILED',
  ]);
  return renderTable(
    ['seed', 'calls ≤ 1/5 of fixed 10 s', 'lag/dur p95 < fixed 10 s', 'calls < fixed 60 s', 'lag/dur p95 ≤ 1/4 of fixed 60 s', 'lag/dur max within promise', 'bar'],
    rows,
  );
}

export function barLine(result: PollingResult): string {
  const { bar } = result;
  const seeds = bar.seeds.map((b) => b.seed).join(', ');
  const failed = bar.seeds.filter((b) => !b.passed).map((b) => b.seed);
  return [
    `bar: ${bar.passed ? 'PASSED' : 'FAILED'} — maxLagShare ${shareLabel(bar.maxLagShare)}, seeds ${seeds}${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}:`,
    `calls ≤ 1/${CALLS_VS_FIXED_10S} of fixed 10 s and p95 lag/duration below it; calls below fixed 60 s and p95 lag/duration ≤ 1/${LAG_VS_FIXED_60S} of it;`,
    'every lag within max(minDelay, maxLagShare × duration)',
  ].join(' ');
}

export function printPollingReport(result: PollingResult, out: (line: string) => void = console.log): void {
  const c = result.corpus;
  const endings = ENDINGS.map((e) => `${c.byEnding[e.ending] ?? 0} ${e.label}`).join(', ');
  out(
    `Polling policies over ${c.trainings} seeded trainings (seed ${result.params.seed}): durations ${s(c.durationS.min / 60)} min – ` +
      `${s(c.durationS.max / 3600)} h, median ${s(c.durationS.p50 / 60)} min; ${endings}; ${c.byQueue['long'] ?? 0} with a long queue, ` +
      `${c.longLoad} with a long dataset load.`,
  );
  out(`The product at its defaults: minDelay ${result.productBounds.minDelayMs / 1000} s, maxDelay ${result.productBounds.maxDelayMs / 60_000} min, maxLagShare ${shareLabel(result.productBounds.maxLagShare)}.`);
  out('');
  out(policiesTable(result));
  out('');
  out('By ending:');
  out(endingTable(result));
  out('');
  out('By duration:');
  out(durationTable(result));
  out('');
  out('einstein-retrain: detection lag by the rule whose sleep spanned the end:');
  out(coveringRuleTable(result));
  out('');
  out('Frontier (mean calls against p95 lag/duration):');
  out(frontierTable(result));
  out('');
  out(`The bar at maxLagShare ${shareLabel(result.bar.maxLagShare)}, seed by seed:`);
  out(barTable(result));
  out('');
  out(barLine(result));
}

export type { Summary };
