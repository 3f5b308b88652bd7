/**
 * Drives nextPollDelay over synthetic trainings, as the workflow would, and compares it with fixed-interval polling.
 * Every number asserted is computed from the simulation; the thresholds are the promise (lag within
 * max(minDelay, maxLagShare × duration)) and the project's targets on calls (at least 5x fewer than polling every
 * 10 s). The seeded corpus of bench:polling checks the full bar; these are small, fast cases of it.
 */
import { DEFAULT_POLL_BOUNDS } from '../../../src/polling/poll-schedule';
import { buildTraining, pollAdaptively, pollEvery, trainingPopulation, type SyntheticTraining } from './synthetic-training';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const timelines: Record<string, SyntheticTraining> = {
  'one minute, 10 epochs': buildTraining({ seed: 11, epochs: 10, epochMs: 5.5 * SECOND, loadMs: 3 * SECOND }),
  'one hour, 30 epochs': buildTraining({ seed: 12, epochs: 30, epochMs: 118 * SECOND, loadMs: MINUTE, saveMs: 20 * SECOND }),
  'six hours, 20 epochs': buildTraining({ seed: 13, epochs: 20, epochMs: 17.5 * MINUTE, loadMs: 5 * MINUTE, saveMs: MINUTE }),
  'one hour, converges after 48 of 1000 epochs': buildTraining({ seed: 14, epochs: 1000, stopAfterEpochs: 48, epochMs: 72 * SECOND, loadMs: MINUTE, saveMs: 30 * SECOND }),
  'six hours, converges after 38 of 50 epochs': buildTraining({ seed: 15, epochs: 50, stopAfterEpochs: 38, epochMs: 9 * MINUTE, loadMs: 10 * MINUTE, saveMs: 3 * MINUTE }),
};

const p95 = (lags: number[]): number => {
  const sorted = [...lags].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0;
};
const sumCalls = (runs: { calls: number }[]): number => runs.reduce((sum, r) => sum + r.calls, 0);
/** The lag promised for a training of this duration at the default bounds. */
const promisedMs = (durationMs: number): number => Math.max(DEFAULT_POLL_BOUNDS.minDelayMs, DEFAULT_POLL_BOUNDS.maxLagShare * durationMs);

describe('adaptive polling on synthetic timelines', () => {
  const results = Object.entries(timelines).map(([name, training]) => ({
    name,
    training,
    adaptive: pollAdaptively(training),
    every10s: pollEvery(training, 10 * SECOND),
    every60s: pollEvery(training, 60 * SECOND),
  }));

  it.each(results.map((r) => [r.name, r] as const))('sees the end of "%s" within the promise', (_name, r) => {
    expect(r.adaptive.lagMs).toBeGreaterThanOrEqual(0);
    expect(r.adaptive.lagMs).toBeLessThanOrEqual(promisedMs(r.training.endAtMs));
  });

  it.each(results.filter((r) => r.training.endAtMs >= HOUR).map((r) => [r.name, r] as const))(
    'makes far fewer calls than polling every 10 s on "%s"',
    (_name, r) => {
      expect(r.adaptive.calls * 4).toBeLessThanOrEqual(r.every10s.calls);
    },
  );

  it('makes at least 5x fewer calls than polling every 10 s over all of them', () => {
    expect(sumCalls(results.map((r) => r.adaptive)) * 5).toBeLessThanOrEqual(sumCalls(results.map((r) => r.every10s)));
  });

  it.each(results.filter((r) => r.training.endAtMs >= 5 * HOUR).map((r) => [r.name, r] as const))(
    'makes fewer calls than polling every 60 s on "%s"',
    (_name, r) => {
      expect(r.adaptive.calls).toBeLessThan(r.every60s.calls);
    },
  );
});

describe('adaptive polling on a mixed population of 120 trainings (1 min – 6 h)', () => {
  const population = trainingPopulation(1, 120);
  const adaptive = population.map((t) => pollAdaptively(t));
  const every10s = population.map((t) => pollEvery(t, 10 * SECOND));
  const every60s = population.map((t) => pollEvery(t, 60 * SECOND));

  it('makes at least 5x fewer status calls than polling every 10 s', () => {
    expect(sumCalls(adaptive) * 5).toBeLessThanOrEqual(sumCalls(every10s));
  });

  it('has a p95 lag/duration at most a quarter of polling every 60 s', () => {
    const shares = (runs: { lagMs: number }[]) => runs.map((r, i) => r.lagMs / population[i]!.endAtMs);
    expect(p95(shares(adaptive)) * 4).toBeLessThanOrEqual(p95(shares(every60s)));
  });

  it('keeps every lag within the promise', () => {
    for (const run of adaptive) expect(run.lagMs).toBeLessThanOrEqual(promisedMs(run.durationMs));
  });

  it('keeps the observation window small', () => {
    expect(Math.max(...adaptive.map((r) => r.largestWindow))).toBeLessThanOrEqual(16);
  });
});
