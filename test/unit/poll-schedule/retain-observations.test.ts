import { estimateEta } from '../../../src/polling/eta';
import { RECENT_OBSERVATIONS, retainObservations, type PollObservation } from '../../../src/polling/poll-schedule';
import { buildTraining, observeTraining } from './synthetic-training';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('retainObservations', () => {
  const training = buildTraining({ seed: 21, epochs: 30, epochMs: 10 * MINUTE, loadMs: 5 * MINUTE, queueMs: 4 * MINUTE, queuePosition: 3 });
  const everyMs = 45 * SECOND;

  function replay(untilMs: number): { window: PollObservation[]; full: PollObservation[]; largest: number } {
    let window: PollObservation[] = [];
    const full: PollObservation[] = [];
    let largest = 0;
    for (let t = 0; t < untilMs; t += everyMs) {
      const { terminal: _terminal, ...seen } = observeTraining(training, t);
      full.push(seen);
      window = retainObservations(window, seen);
      largest = Math.max(largest, window.length);
    }
    return { window, full, largest };
  }

  it('keeps the window bounded however long the training runs', () => {
    const { full, largest } = replay(training.endAtMs);
    expect(full.length).toBeGreaterThan(400);
    expect(largest).toBeLessThanOrEqual(RECENT_OBSERVATIONS + 8);
  });

  it('keeps the anchors: the last queued observation and the first running one', () => {
    const { window, full } = replay(training.endAtMs * 0.7);
    const firstRunning = full.findIndex((o) => o.status === 'RUNNING');
    expect(window).toContainEqual(full[firstRunning]);
    expect(window).toContainEqual(full[firstRunning - 1]);
    expect(window[window.length - 1]).toEqual(full[full.length - 1]);
  });

  it('estimates the end as well from the window as from the whole history', () => {
    for (const share of [0.3, 0.6, 0.9]) {
      const { window, full } = replay(training.endAtMs * share);
      const fromWindow = estimateEta(window, 0)!;
      const fromFull = estimateEta(full, 0)!;
      expect(Math.abs(fromWindow.etaMs - fromFull.etaMs)).toBeLessThan(0.01 * training.endAtMs);
    }
  });

  it('orders and de-duplicates nothing away: the newest observation is always kept', () => {
    const older: PollObservation = { atMs: 5_000, status: 'QUEUED', progress: 0, queuePosition: 2 };
    const newer: PollObservation = { atMs: 9_000, status: 'QUEUED', progress: 0, queuePosition: 1 };
    expect(retainObservations([newer], older)).toEqual([older, newer]);
  });
});
