import { PollingResult, policiesTable, runPollingBench } from '../../../bench/polling/run';

describe('runPollingBench', () => {
  const result = runPollingBench({ seed: 3, count: 30, quick: true, command: 'npm run bench:polling -- --quick' });

  it('produces a result that matches its schema, with every policy over the same corpus', () => {
    expect(PollingResult.parse(result)).toBeDefined();
    expect(result.policies.map((p) => p.id)).toEqual(['product', 'fixed-10s', 'fixed-20s', 'fixed-60s', 'fixed-120s', 'airflow-exponential', 'oracle']);
    for (const p of result.policies) expect(p.calls.count).toBe(30);
  });

  it('derives the bar from the product, fixed 10 s and fixed 60 s rows', () => {
    const row = (id: string) => result.policies.find((p) => p.id === id)!;
    expect(result.bar.callsRatioVsFixed10s).toBeCloseTo(row('fixed-10s').totalCalls / row('product').totalCalls, 9);
    expect(result.bar.productLagP95S).toBe(row('product').lagS.p95);
    expect(result.bar.fixed60sLagP95S).toBe(row('fixed-60s').lagS.p95);
    const expected = (result.bar.callsRatioVsFixed10s ?? 0) >= 5 && result.bar.productLagP95S < result.bar.fixed60sLagP95S;
    expect(result.bar.passed).toBe(expected);
  });

  it('the oracle is the floor of every policy', () => {
    const oracle = result.policies.find((p) => p.id === 'oracle')!;
    expect(oracle.totalCalls).toBe(30);
    for (const p of result.policies) {
      expect(p.totalCalls).toBeGreaterThanOrEqual(oracle.totalCalls);
      expect(p.lagS.min).toBeGreaterThanOrEqual(0);
    }
  });

  it('prints one table row per policy', () => {
    expect(policiesTable(result).split('\n')).toHaveLength(2 + result.policies.length);
  });
});
