import { currentRun, estimateEta, inferTotalSteps, normalizeObservations } from '../../../src/polling/eta';
import type { PollObservation } from '../../../src/polling/poll-schedule';
import { buildTraining, observeTraining, type TrainingScript } from './synthetic-training';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Observations of a synthetic training every `everyMs`, up to (not including) its end. */
function observeEvery(script: TrainingScript, everyMs: number, untilShare = 1, withEpochs = false): { observations: PollObservation[]; endAtMs: number } {
  const training = buildTraining(script);
  const observations: PollObservation[] = [];
  for (let t = 0; t < training.endAtMs * untilShare; t += everyMs) {
    const { terminal: _terminal, ...seen } = observeTraining(training, t, withEpochs);
    observations.push(seen);
  }
  return { observations, endAtMs: training.endAtMs };
}

describe('estimateEta', () => {
  const script: TrainingScript = { seed: 7, epochs: 40, epochMs: 90 * SECOND, loadMs: 3 * MINUTE, saveMs: 2 * SECOND };

  it('converges on the true end of a training that runs all its planned epochs', () => {
    const errors = [0.2, 0.5, 0.9].map((share) => {
      const { observations, endAtMs } = observeEvery(script, 30 * SECOND, share);
      const eta = estimateEta(observations, 0);
      expect(eta).toBeDefined();
      expect(eta!.earliestMs).toBeLessThanOrEqual(eta!.latestMs);
      return { relative: Math.abs(eta!.etaMs - endAtMs) / endAtMs, inWindow: eta!.earliestMs <= endAtMs && endAtMs <= eta!.latestMs + 5 * SECOND };
    });
    // the error shrinks as epochs accumulate, and the end falls inside the announced window
    expect(errors[2]!.relative).toBeLessThan(errors[0]!.relative + 1e-9);
    expect(errors[2]!.relative).toBeLessThan(0.02);
    expect(errors.every((e) => e.inWindow)).toBe(true);
  });

  it('uses epoch steps, not the last two points: flat progress between epochs leaves the estimate stable', () => {
    // observed every 10 s while an epoch lasts 90 s: most consecutive points show the same progress
    const { observations, endAtMs } = observeEvery(script, 10 * SECOND, 0.6);
    const last = observations[observations.length - 1]!;
    const flatTail = [1, 2, 3].map((k) => ({ ...last, atMs: last.atMs + k * 10 * SECOND }));
    const before = estimateEta(observations, 0)!;
    const after = estimateEta([...observations, ...flatTail], 0)!;
    expect(before.basis).toBe('epoch-cadence');
    expect(Math.abs(after.etaMs - before.etaMs)).toBeLessThan(0.01 * endAtMs);
    expect(Math.abs(after.etaMs - endAtMs) / endAtMs).toBeLessThan(0.05);
  });

  it('gives the same answer whether epochs are reported or inferred from progress', () => {
    const inferred = observeEvery(script, 30 * SECOND, 0.5);
    const reported = observeEvery(script, 30 * SECOND, 0.5, true);
    expect(estimateEta(inferred.observations, 0)!.etaMs).toBeCloseTo(estimateEta(reported.observations, 0)!.etaMs, -3);
  });

  it('extrapolates smooth progress to within half a sampling interval', () => {
    const everyMs = 60 * SECOND;
    const observations = [0, 1, 2, 3, 4].map((k) => ({ atMs: k * everyMs, status: 'RUNNING', progress: (k * everyMs) / (730 * SECOND) }));
    const eta = estimateEta(observations, 0)!;
    expect(Math.abs(eta.etaMs - 730 * SECOND)).toBeLessThanOrEqual(everyMs / 2 + 1);
  });

  it('overstates the end of a training that stops early (the caller must not trust it blindly)', () => {
    const early: TrainingScript = { seed: 9, epochs: 1000, stopAfterEpochs: 40, epochMs: 30 * SECOND, loadMs: MINUTE };
    const { observations, endAtMs } = observeEvery(early, 20 * SECOND, 0.99);
    const eta = estimateEta(observations, 0)!;
    expect(eta.remainingEpochs).toBeGreaterThan(900);
    expect(eta.etaMs).toBeGreaterThan(10 * endAtMs);
  });

  it('reports every planned epoch done once progress reaches the RUNNING cap', () => {
    const observations = [0, 400, 800, 1200].map((s, i) => ({ atMs: s * SECOND, status: 'RUNNING', progress: [0, 0.3333, 0.6666, 0.99][i]! }));
    expect(estimateEta(observations, 0)).toMatchObject({ basis: 'all-epochs-done', remainingEpochs: 0 });
  });

  it('knows nothing while queued or before the first epoch', () => {
    expect(estimateEta([{ atMs: 0, status: 'QUEUED', progress: 0, queuePosition: 2 }], 0)).toBeUndefined();
    expect(estimateEta([{ atMs: 0, status: 'RUNNING', progress: 0 }, { atMs: 9000, status: 'RUNNING', progress: 0 }], 0)).toBeUndefined();
  });

  it('starts afresh when progress falls (a new training of the same model)', () => {
    const observations = [
      { atMs: 0, status: 'RUNNING', progress: 0.5 },
      { atMs: 100, status: 'RUNNING', progress: 0.75 },
      { atMs: 200, status: 'RUNNING', progress: 0 },
      { atMs: 300, status: 'RUNNING', progress: 0 },
    ];
    const run = currentRun(normalizeObservations(observations), 0)!;
    expect(run.running.map((o) => o.atMs)).toEqual([200, 300]);
    expect(run.startedAfterMs).toBe(100);
  });
});

describe('inferTotalSteps', () => {
  it.each([3, 7, 20, 49, 81])('recovers %i planned epochs from progress floored to 4 decimals', (epochs) => {
    const floor4 = (x: number) => Math.floor(x * 10_000) / 10_000;
    const running = [1, 2].map((done, i) => ({ atMs: i, status: 'RUNNING', progress: floor4(done / epochs) }));
    expect(inferTotalSteps(running)).toBe(epochs);
  });

  it('prefers the reported epochs', () => {
    expect(inferTotalSteps([{ atMs: 0, status: 'RUNNING', progress: 0.5, epochs: 30 }])).toBe(30);
  });

  it('gives up before any epoch is done', () => {
    expect(inferTotalSteps([{ atMs: 0, status: 'RUNNING', progress: 0 }])).toBeUndefined();
  });
});
