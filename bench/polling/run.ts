/**
 * bench:polling — every policy over the same seeded corpus, side by side, with the project's bar:
 * the product's scheduler makes ≥ 5× fewer status calls than fixed 10 s polling (totals over the corpus) AND has a
 * lower p95 detection lag than fixed 60 s polling.
 */
import { z } from 'zod';
import { summarize, sum, type Summary } from '../lib/stats';
import { envelope, ResultEnvelope } from '../lib/results';
import { formatPercent, formatRatio, renderTable, type Cell } from '../lib/table';
import { buildCorpus, type CorpusTraining } from './corpus';
import { POLICIES, type PollingPolicy } from './policies';
import { simulate, type PollOutcome } from './simulate';

export const CALLS_BAR = 5;
export const FULL_CORPUS = 600;
export const QUICK_CORPUS = 40;

export interface PollingOptions {
  seed: number;
  count: number;
  quick: boolean;
  command: string;
}

const DURATION_BUCKETS: readonly { label: string; fromS: number; toS: number }[] = [
  { label: '1–10 min', fromS: 0, toS: 600 },
  { label: '10–60 min', fromS: 600, toS: 3600 },
  { label: '1–6 h', fromS: 3600, toS: Infinity },
];

const SummarySchema = z.object({ count: z.number(), min: z.number(), p50: z.number(), p95: z.number(), max: z.number(), mean: z.number() });

const BucketResult = z.object({ bucket: z.string(), trainings: z.number().int(), calls: SummarySchema, lagS: SummarySchema });

const RuleResult = z.object({ rule: z.string(), trainings: z.number().int(), lagS: SummarySchema });

const PolicyResult = z.object({
  id: z.string(),
  label: z.string(),
  source: z.string(),
  totalCalls: z.number().int(),
  calls: SummarySchema,
  lagS: SummarySchema,
  lagShare: SummarySchema,
  /** Total calls of fixed 10 s over this policy's total calls. */
  fewerCallsThanFixed10s: z.number().nullable(),
  byDuration: z.array(BucketResult),
  /** Which rule chose the sleep in which the training ended, with the lags it caused. */
  lagByCoveringRule: z.array(RuleResult),
  callsByRule: z.record(z.string(), z.number().int()),
});
export type PolicyResult = z.infer<typeof PolicyResult>;

export const PollingResult = ResultEnvelope.extend({
  bench: z.literal('polling'),
  params: z.object({ seed: z.number().int(), count: z.number().int() }),
  corpus: z.object({
    trainings: z.number().int(),
    durationS: SummarySchema,
    byType: z.record(z.string(), z.number().int()),
    byQueue: z.record(z.string(), z.number().int()),
    earlyStopped: z.number().int(),
    failed: z.number().int(),
  }),
  policies: z.array(PolicyResult),
  bar: z.object({
    callsRatioVsFixed10s: z.number().nullable(),
    callsRatioRequired: z.number(),
    productLagP95S: z.number(),
    fixed60sLagP95S: z.number(),
    passed: z.boolean(),
  }),
});
export type PollingResult = z.infer<typeof PollingResult>;

export function runPollingBench(options: PollingOptions): PollingResult {
  const startedAtMs = Date.now();
  const corpus = buildCorpus({ seed: options.seed, count: options.count });
  const outcomes = new Map(POLICIES.map((p) => [p.id, corpus.map((t) => simulate(p, t, options.seed))]));
  const fixed10Total = sum((outcomes.get('fixed-10s') ?? []).map((o) => o.calls));
  const policies = POLICIES.map((p) => policyResult(p, corpus, outcomes.get(p.id) ?? [], fixed10Total));
  const productResult = policies.find((p) => p.id === 'product');
  const fixed60 = policies.find((p) => p.id === 'fixed-60s');
  if (!productResult || !fixed60) throw new Error('polling bench: the product and fixed 60 s policies must both run');
  const ratio = productResult.fewerCallsThanFixed10s;
  return {
    ...envelope('polling', options.quick, options.command, startedAtMs),
    bench: 'polling',
    params: { seed: options.seed, count: options.count },
    corpus: describeCorpus(corpus),
    policies,
    bar: {
      callsRatioVsFixed10s: ratio,
      callsRatioRequired: CALLS_BAR,
      productLagP95S: productResult.lagS.p95,
      fixed60sLagP95S: fixed60.lagS.p95,
      passed: ratio !== null && ratio >= CALLS_BAR && productResult.lagS.p95 < fixed60.lagS.p95,
    },
  };
}

function policyResult(policy: PollingPolicy, corpus: CorpusTraining[], outcomes: PollOutcome[], fixed10Total: number): PolicyResult {
  const totalCalls = sum(outcomes.map((o) => o.calls));
  const callsByRule: Record<string, number> = {};
  for (const o of outcomes) for (const [rule, n] of Object.entries(o.callsByRule)) callsByRule[rule] = (callsByRule[rule] ?? 0) + n;
  return {
    id: policy.id,
    label: policy.label,
    source: policy.source,
    totalCalls,
    calls: summarize(outcomes.map((o) => o.calls)),
    lagS: summarize(outcomes.map((o) => o.lagS)),
    lagShare: summarize(outcomes.map((o) => o.lagShare)),
    fewerCallsThanFixed10s: totalCalls > 0 ? fixed10Total / totalCalls : null,
    byDuration: DURATION_BUCKETS.flatMap((bucket) => {
      const inBucket = outcomes.filter((_, i) => inRange(corpus[i]?.durationS ?? NaN, bucket.fromS, bucket.toS));
      if (inBucket.length === 0) return [];
      return [{ bucket: bucket.label, trainings: inBucket.length, calls: summarize(inBucket.map((o) => o.calls)), lagS: summarize(inBucket.map((o) => o.lagS)) }];
    }),
    lagByCoveringRule: lagByRule(outcomes),
    callsByRule,
  };
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

const inRange = (value: number, from: number, to: number) => value >= from && value < to;

function describeCorpus(corpus: CorpusTraining[]): PollingResult['corpus'] {
  const count = (key: (t: CorpusTraining) => string) =>
    corpus.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
  return {
    trainings: corpus.length,
    durationS: summarize(corpus.map((t) => t.durationS)),
    byType: count((t) => t.type),
    byQueue: count((t) => t.queue),
    earlyStopped: corpus.filter((t) => t.timeline.earlyStopping).length,
    failed: corpus.filter((t) => t.timeline.outcome === 'FAILED').length,
  };
}

// ------------------------------------------------------------------------------------------------------- tables

const s = (value: number) => Math.round(value * 10) / 10;

export function policiesTable(result: PollingResult): string {
  const rows: Cell[][] = result.policies.map((p) => [
      p.label,
      p.calls.p50,
      p.calls.p95,
      s(p.calls.mean),
      p.id === 'fixed-10s' ? '1×' : formatRatio(p.fewerCallsThanFixed10s ?? undefined),
      s(p.lagS.p50),
      s(p.lagS.p95),
      formatPercent(p.lagShare.p50),
      formatPercent(p.lagShare.p95),
    ]);
  return renderTable(
    ['policy', 'calls p50', 'calls p95', 'calls mean', 'fewer calls than 10 s', 'lag p50 (s)', 'lag p95 (s)', 'lag/duration p50', 'lag/duration p95'],
    rows,
  );
}

export function durationTable(result: PollingResult): string {
  const shown = ['product', 'fixed-10s', 'fixed-60s', 'airflow-exponential'];
  const rows: Cell[][] = [];
  for (const p of result.policies.filter((x) => shown.includes(x.id))) {
    for (const b of p.byDuration) rows.push([p.label, b.bucket, b.trainings, b.calls.p50, b.calls.p95, s(b.lagS.p50), s(b.lagS.p95)]);
  }
  return renderTable(['policy', 'duration', 'trainings', 'calls p50', 'calls p95', 'lag p50 (s)', 'lag p95 (s)'], rows);
}

export function coveringRuleTable(result: PollingResult): string {
  const productResult = result.policies.find((p) => p.id === 'product');
  const rows: Cell[][] = (productResult?.lagByCoveringRule ?? []).map((r) => [r.rule, r.trainings, s(r.lagS.p50), s(r.lagS.p95), s(r.lagS.max)]);
  return renderTable(['rule of the sleep that spanned the end', 'trainings', 'lag p50 (s)', 'lag p95 (s)', 'lag max (s)'], rows);
}

export function barLine(result: PollingResult): string {
  const { bar } = result;
  const calls = bar.callsRatioVsFixed10s === null ? '–' : formatRatio(bar.callsRatioVsFixed10s);
  return [
    `bar: ${bar.passed ? 'PASSED' : 'FAILED'} —`,
    `status calls ${calls} fewer than fixed 10 s (need ≥ ${bar.callsRatioRequired}×),`,
    `p95 lag ${s(bar.productLagP95S)} s vs fixed 60 s ${s(bar.fixed60sLagP95S)} s (need lower)`,
  ].join(' ');
}

export function printPollingReport(result: PollingResult, out: (line: string) => void = console.log): void {
  const c = result.corpus;
  out(`Polling policies over ${c.trainings} seeded trainings (seed ${result.params.seed}): durations ${s(c.durationS.min / 60)} min – ${s(c.durationS.max / 3600)} h, median ${s(c.durationS.p50 / 60)} min; ${c.earlyStopped} stopped early, ${c.failed} failed.`);
  out('');
  out(policiesTable(result));
  out('');
  out('By duration:');
  out(durationTable(result));
  out('');
  out('einstein-retrain: detection lag by the rule whose sleep spanned the end:');
  out(coveringRuleTable(result));
  out('');
  out(barLine(result));
}

export type { Summary };
