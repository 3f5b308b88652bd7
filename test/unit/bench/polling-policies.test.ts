import { buildTimeline } from '../../../src/emulator/timeline';
import { DEFAULT_POLL_BOUNDS } from '../../../src/workflows/poll-schedule';
import type { CorpusTraining } from '../../../bench/polling/corpus';
import { airflowBackoffS, airflowExponentialBackoff, fixedInterval, oracle, POLICIES, product } from '../../../bench/polling/policies';
import { simulate } from '../../../bench/polling/simulate';

/** A hand-made training: no queue to speak of, 10 epochs, ends at `endAt` seconds. */
function training(runSeconds: number, options: { outcome?: 'SUCCEEDED' | 'FAILED'; index?: number } = {}): CorpusTraining {
  const spec = { seed: 3, epochs: 10, runSeconds, queueSeconds: 2, outcome: options.outcome ?? 'SUCCEEDED', noise: 0.1 } as const;
  const timeline = buildTimeline(spec);
  return { index: options.index ?? 0, type: 'image', examples: 500, queue: 'none', spec, timeline, durationS: timeline.endAt };
}

describe('Airflow exponential backoff (BaseSensorOperator, poke_interval 60 s)', () => {
  it('waits min_backoff + hash % min_backoff with min_backoff = 60 · 2^(poke − 2): 30–60 s, 60–120 s, 120–240 s', () => {
    expect(airflowBackoffS(1, 0)).toBe(30);
    expect(airflowBackoffS(1, 0.999)).toBe(59);
    expect(airflowBackoffS(2, 0)).toBe(60);
    expect(airflowBackoffS(2, 0.5)).toBe(90);
    expect(airflowBackoffS(3, 0)).toBe(120);
    expect(airflowBackoffS(10, 0)).toBe(60 * 256);
  });

  it('keeps doubling over a long training: few calls, and a lag that grows with the duration', () => {
    const long = simulate(airflowExponentialBackoff, training(6 * 3600), 1);
    const short = simulate(airflowExponentialBackoff, training(600), 1);
    expect(long.calls).toBeLessThan(15);
    expect(long.calls).toBeGreaterThan(short.calls);
    expect(long.lagS).toBeGreaterThan(60);
  });
});

describe('the simulation loop', () => {
  it('fixed polling calls at submission and then every interval until a call sees the end', () => {
    const t = training(300);
    const outcome = simulate(fixedInterval(60, 'fixed 60 s', 'test'), t, 1);
    const expectedCalls = Math.ceil(t.timeline.endAt / 60) + 1;
    expect(outcome.calls).toBe(expectedCalls);
    expect(outcome.lagS).toBeCloseTo((expectedCalls - 1) * 60 - t.timeline.endAt, 6);
    expect(outcome.lagShare).toBeCloseTo(outcome.lagS / t.timeline.endAt, 9);
    expect(outcome.callsByRule).toEqual({ 'first call': 1, fixed: expectedCalls - 1 });
  });

  it('the oracle makes one call and sees the end with no lag', () => {
    const outcome = simulate(oracle, training(4000), 1);
    expect(outcome).toMatchObject({ calls: 1, lagS: 0, lagShare: 0 });
    expect(outcome.coveringRule).toBeUndefined();
  });

  it('sees failures too', () => {
    const failed = training(1200, { outcome: 'FAILED' });
    for (const policy of POLICIES) {
      const outcome = simulate(policy, failed, 1);
      expect(outcome.lagS).toBeGreaterThanOrEqual(0);
      expect(outcome.calls).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a policy that chooses no delay, instead of looping', () => {
    const stuck = { id: 'stuck', label: 'stuck', source: 'test', start: () => ({ firstCallAtS: 0, next: () => ({ delayS: 0, rule: 'x' }) }) };
    expect(() => simulate(stuck, training(300), 1)).toThrow(/chose a delay of 0 s/);
  });
});

describe('the product policy', () => {
  it('calls first at submission, then sleeps as nextPollDelay decides, within its bounds', () => {
    const t = training(3600);
    const outcome = simulate(product, t, 1);
    expect(outcome.callsByRule['first call']).toBe(1);
    expect(Object.keys(outcome.callsByRule).filter((r) => r !== 'first call').length).toBeGreaterThan(0);
    // A sleep never exceeds maxDelayMs, so nor does the lag.
    expect(outcome.lagS).toBeLessThanOrEqual(DEFAULT_POLL_BOUNDS.maxDelayMs / 1000);
    // Far fewer calls than every 10 s on an hour-long training.
    expect(outcome.calls * 3).toBeLessThan(simulate(fixedInterval(10, 'fixed 10 s', 'test'), t, 1).calls);
  });

  it('is deterministic', () => {
    const t = training(2000);
    expect(simulate(product, t, 1)).toEqual(simulate(product, t, 1));
  });
});
