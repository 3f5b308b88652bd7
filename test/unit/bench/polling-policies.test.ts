import { Rng } from '../../../src/emulator/simulator/rng';
import { buildTimeline } from '../../../src/emulator/simulator/timeline';
import { DEFAULT_POLL_BOUNDS, lagBoundMs, nextPollDelay, resolvePollBounds } from '../../../src/polling/poll-schedule';
import { endingOf, type CorpusTraining } from '../../../bench/polling/corpus';
import {
  airflowBackoffS,
  airflowExponentialBackoff,
  benchPolicies,
  fixedInterval,
  geometricPolicy,
  oracle,
  POLICIES,
  product,
  productPolicy,
} from '../../../bench/polling/policies';
import { simulate } from '../../../bench/polling/simulate';
import { productObservation, SUBMITTED_AT_MS } from '../../../bench/polling/status-view';

/** A hand-made training: no queue to speak of, 10 epochs, ends at `endAt` seconds. */
function training(runSeconds: number, options: { outcome?: 'SUCCEEDED' | 'FAILED'; index?: number } = {}): CorpusTraining {
  const spec = { seed: 3, epochs: 10, runSeconds, queueSeconds: 2, outcome: options.outcome ?? 'SUCCEEDED', noise: 0.1 } as const;
  const timeline = buildTimeline(spec);
  return { index: options.index ?? 0, type: 'image', examples: 500, queue: 'none', longLoad: false, ending: endingOf(timeline), spec, timeline, durationS: timeline.endAt };
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
  it('does not re-read the POST: its first call comes after the delay nextPollDelay computes from the POST answer', () => {
    const t = training(3600);
    const submitted = productObservation(t, 0);
    const first = nextPollDelay({ submittedAtMs: SUBMITTED_AT_MS, nowMs: SUBMITTED_AT_MS, observations: [submitted] });
    const run = product.start({ submitted, submittedAtMs: SUBMITTED_AT_MS, endAtS: t.timeline.endAt, rng: new Rng(1) });
    expect(run.firstCallAtS).toBe(first.delayMs / 1000);
    expect(run.firstCallAtS).toBe(DEFAULT_POLL_BOUNDS.minDelayMs / 1000);
    expect(run.firstRule).toBe(first.rule);
  });

  it('sleeps as nextPollDelay decides, and sees the end within the promise', () => {
    const t = training(3600);
    const outcome = simulate(product, t, 1);
    expect(outcome.callsByRule['first call']).toBeUndefined();
    expect(Object.keys(outcome.callsByRule).length).toBeGreaterThan(1);
    expect(outcome.lagS).toBeLessThanOrEqual(Math.max(DEFAULT_POLL_BOUNDS.minDelayMs / 1000, DEFAULT_POLL_BOUNDS.maxLagShare * t.durationS));
    // Far fewer calls than every 10 s on an hour-long training.
    expect(outcome.calls * 3).toBeLessThan(simulate(fixedInterval(10, 'fixed 10 s', 'test'), t, 1).calls);
  });

  it('takes its bounds: a tighter share, more calls and a shorter lag', () => {
    const t = training(3 * 3600);
    const tight = simulate(productPolicy({ maxLagShare: 0.02 }), t, 1);
    const loose = simulate(productPolicy({ maxLagShare: 0.2 }), t, 1);
    expect(tight.calls).toBeGreaterThan(loose.calls);
    expect(tight.lagS).toBeLessThanOrEqual(0.02 * t.durationS);
  });

  it('is deterministic', () => {
    const t = training(2000);
    expect(simulate(product, t, 1)).toEqual(simulate(product, t, 1));
  });
});

describe('the geometric backoff with the same bound', () => {
  it('sleeps the whole lag bound each time, from the POST on', () => {
    const bounds = resolvePollBounds({ maxLagShare: 0.1 });
    const run = geometricPolicy({ maxLagShare: 0.1 }).start({ submitted: productObservation(training(600), 0), submittedAtMs: SUBMITTED_AT_MS, endAtS: 600, rng: new Rng(1) });
    expect(run.firstCallAtS).toBe(bounds.minDelayMs / 1000);
    expect(run.next(productObservation(training(600), 500), 500).delayS).toBe(lagBoundMs(bounds, 500_000) / 1000);
  });

  it('never makes more calls than the product at the same share, which only ever sleeps less', () => {
    for (const seconds of [90, 600, 3600, 4 * 3600]) {
      const t = training(seconds);
      expect(simulate(geometricPolicy(), t, 1).calls).toBeLessThanOrEqual(simulate(product, t, 1).calls);
    }
  });
});

describe('the policies of the bench', () => {
  it('holds the product and the same-bound backoff at the default share, the peers, the floor, then the frontier shares', () => {
    const entries = benchPolicies(0.07);
    expect(entries.map((e) => e.policy.id)).toEqual([
      'product',
      'geometric',
      'fixed-5s',
      'fixed-10s',
      'fixed-20s',
      'fixed-60s',
      'fixed-120s',
      'airflow-exponential',
      'oracle',
      'product-0.02',
      'product-0.05',
      'product-0.1',
      'product-0.2',
      'geometric-0.02',
      'geometric-0.05',
      'geometric-0.1',
      'geometric-0.2',
    ]);
    expect(new Set(POLICIES.map((p) => p.id)).size).toBe(POLICIES.length);
  });

  it('does not measure the default share twice when it is one of the frontier shares', () => {
    expect(benchPolicies(0.05).filter((e) => e.maxLagShare === 0.05)).toHaveLength(2);
  });
});
