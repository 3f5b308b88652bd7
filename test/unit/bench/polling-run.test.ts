import { frontierSvg } from '../../../bench/polling/chart';
import { ENDINGS } from '../../../bench/polling/corpus';
import {
  barSeed,
  chooseShare,
  durationTable,
  endingTable,
  frontierTable,
  policiesTable,
  PollingResult,
  runPollingBench,
} from '../../../bench/polling/run';
import { DEFAULT_POLL_BOUNDS } from '../../../src/polling/poll-schedule';

describe('runPollingBench', () => {
  const result = runPollingBench({ seed: 3, count: 30, quick: true, command: 'npm run bench:polling -- --quick', barSeeds: [3, 4] });
  const row = (id: string) => result.policies.find((p) => p.id === id)!;

  it('produces a result that matches its schema, with every policy over the same corpus', () => {
    expect(PollingResult.parse(result)).toBeDefined();
    expect(result.policies.slice(0, 9).map((p) => p.id)).toEqual([
      'product',
      'geometric',
      'fixed-5s',
      'fixed-10s',
      'fixed-20s',
      'fixed-60s',
      'fixed-120s',
      'airflow-exponential',
      'oracle',
    ]);
    for (const p of result.policies) expect(p.calls.count).toBe(30);
  });

  it('keeps the fields readers rely on: policies[].id, calls.mean, lagShare.p95, and lagShare.max', () => {
    const json = JSON.parse(JSON.stringify(result)) as { policies: { id: string; calls: { mean: number }; lagShare: { p95: number; max: number } }[] };
    for (const p of json.policies) {
      expect(typeof p.id).toBe('string');
      expect(Number.isFinite(p.calls.mean)).toBe(true);
      expect(Number.isFinite(p.lagShare.p95)).toBe(true);
      expect(p.lagShare.max).toBeGreaterThanOrEqual(p.lagShare.p95);
    }
  });

  it('measures the product at its default share and at the frontier shares, with the promise checked', () => {
    expect(row('product').maxLagShare).toBe(DEFAULT_POLL_BOUNDS.maxLagShare);
    for (const share of [0.02, 0.05, 0.1, 0.2]) expect(row(`product-${share}`).promise).toMatchObject({ maxLagShare: share, breaches: 0 });
    expect(row('product').promise!.worstRatio).toBeLessThanOrEqual(1 + 1e-6);
    expect(result.frontier.map((f) => f.id)).not.toContain('oracle');
  });

  it('groups every training by duration and by ending, and the long queues besides', () => {
    const product = row('product');
    expect(product.byDuration.reduce((n, g) => n + g.trainings, 0)).toBe(30);
    const endings = product.byEnding.filter((g) => g.group !== 'long-queue');
    expect(endings.reduce((n, g) => n + g.trainings, 0)).toBe(30);
    for (const g of endings) expect(ENDINGS.map((e) => e.ending)).toContain(g.group);
    expect(product.byEnding.find((g) => g.group === 'long-queue')?.trainings ?? 0).toBe(result.corpus.byQueue['long'] ?? 0);
  });

  it('checks the bar on every bar seed, the main seed from its own rows', () => {
    expect(result.bar.seeds.map((s) => s.seed)).toEqual([3, 4]);
    const main = result.bar.seeds[0]!;
    expect(main.product.callsMean).toBe(row('product').calls.mean);
    expect(main.fixed10s.lagShareP95).toBe(row('fixed-10s').lagShare.p95);
    expect(main.fixed60s.callsMean).toBe(row('fixed-60s').calls.mean);
    expect(result.bar.passed).toBe(result.bar.seeds.every((s) => s.passed));
  });

  it('the oracle is the floor of every policy', () => {
    const oracle = row('oracle');
    expect(oracle.totalCalls).toBe(30);
    for (const p of result.policies) {
      expect(p.totalCalls).toBeGreaterThanOrEqual(oracle.totalCalls);
      expect(p.lagS.min).toBeGreaterThanOrEqual(0);
    }
  });

  it('prints one row per policy, and per policy and group', () => {
    expect(policiesTable(result).split('\n')).toHaveLength(2 + result.policies.length);
    expect(policiesTable(result).split('\n')[0]).toMatch(/^\| policy\s+\| calls p50/);
    const groups = (key: 'byDuration' | 'byEnding') => result.policies.reduce((n, p) => n + p[key].length, 0);
    expect(durationTable(result).split('\n')).toHaveLength(2 + groups('byDuration'));
    expect(endingTable(result).split('\n')).toHaveLength(2 + groups('byEnding'));
    expect(frontierTable(result).split('\n')).toHaveLength(2 + result.frontier.length);
  });

  it('draws the frontier as a standalone SVG, one mark per policy', () => {
    const svg = frontierSvg(result);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(result.frontier.filter((f) => f.family === 'product').length);
    expect(svg).toContain('7 % (default)');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});

describe('the bar', () => {
  const product = { callsMean: 50, lagShareP95: 0.06, lagShareMax: 0.07, promiseBreaches: 0 };
  const fixed10s = { callsMean: 330, lagShareP95: 0.08 };
  const fixed60s = { callsMean: 56, lagShareP95: 0.6 };

  it('passes when all five conditions hold', () => {
    expect(barSeed(1, product, fixed10s, fixed60s).passed).toBe(true);
  });

  it.each([
    ['more than a fifth of fixed 10 s calls', { callsMean: 67 }, 'callsAtMostFifthOfFixed10s'],
    ['a p95 lag/duration not below fixed 10 s', { lagShareP95: 0.08 }, 'lagP95BelowFixed10s'],
    ['not fewer calls than fixed 60 s', { callsMean: 56 }, 'callsBelowFixed60s'],
    ['a lag beyond the promise', { promiseBreaches: 1 }, 'withinPromise'],
  ] as const)('fails on %s', (_name, change, condition) => {
    const b = barSeed(1, { ...product, ...change }, fixed10s, fixed60s);
    expect(b.passed).toBe(false);
    expect(b.conditions[condition]).toBe(false);
  });

  it('fails on a p95 lag/duration above a quarter of fixed 60 s', () => {
    const b = barSeed(1, { ...product, lagShareP95: 0.05 }, { callsMean: 330, lagShareP95: 0.08 }, { callsMean: 56, lagShareP95: 0.19 });
    expect(b.conditions.lagP95AtMostQuarterOfFixed60s).toBe(false);
  });

  it('chooses the tightest share of its grid that passes on every seed', () => {
    const choice = chooseShare({ count: 20, seeds: [1, 2], grid: [0.01, 0.07, 0.3] });
    expect(choice.rows.map((r) => r.maxLagShare)).toEqual([0.01, 0.07, 0.3]);
    expect(choice.chosen).toBe(choice.rows.find((r) => r.passed)?.maxLagShare);
    // 1 % costs more calls than fixed 60 s can allow
    expect(choice.rows[0]!.passed).toBe(false);
  });
});
