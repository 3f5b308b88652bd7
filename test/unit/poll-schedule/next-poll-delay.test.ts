import {
  DEFAULT_POLL_BOUNDS,
  nextPollDelay,
  resolvePollBounds,
  type PollBounds,
  type PollInput,
  type PollObservation,
} from '../../../src/workflows/poll-schedule';
import { buildTraining, observeTraining, pollAdaptively } from './synthetic-training';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);

const queued = (atS: number, queuePosition?: number): PollObservation => ({
  atMs: T0 + atS * SECOND,
  status: 'QUEUED',
  progress: 0,
  ...(queuePosition !== undefined ? { queuePosition } : {}),
});
const running = (atS: number, progress: number): PollObservation => ({ atMs: T0 + atS * SECOND, status: 'RUNNING', progress });

function decideAt(nowS: number, observations: PollObservation[], extra: Partial<PollInput> = {}) {
  return nextPollDelay({ submittedAtMs: T0, nowMs: T0 + nowS * SECOND, observations, ...extra });
}

/** A language-like run: 1000 planned epochs, one every `epochS` seconds, observed every `everyS` seconds. */
function languageRun(untilS: number, epochS = 60, everyS = 45): PollObservation[] {
  const out: PollObservation[] = [queued(0, 1)];
  for (let t = 5; t <= untilS; t += everyS) out.push(running(t, Math.floor((t - 5) / epochS) / 1000));
  return out;
}

describe('nextPollDelay: bounds', () => {
  const custom: Partial<PollBounds> = { minDelayMs: 2 * SECOND, maxDelayMs: 90 * SECOND, queuedMaxDelayMs: 60 * SECOND, watchMaxDelayMs: 30 * SECOND, unknownStatusDelayMs: 45 * SECOND };
  const scenarios: [string, PollObservation[]][] = [
    ['nothing seen', []],
    ['queued, no position', [queued(0)]],
    ['queued, position falling', [queued(0, 9), queued(60, 7), queued(300, 2)]],
    ['loading', [queued(0, 1), running(5, 0)]],
    ['epochs running', languageRun(4 * 3600)],
    ['all epochs done', [queued(0, 1), running(5, 0.5), running(600, 0.99)]],
    ['unknown status', [queued(0, 1), { atMs: T0 + 10 * SECOND, status: 'PAUSED', progress: 0.2 }]],
    ['terminal', [queued(0, 1), { atMs: T0 + 10 * SECOND, status: 'SUCCEEDED', progress: 1 }]],
  ];

  it.each(scenarios)('stays within [minDelayMs, maxDelayMs] at every moment (%s)', (_name, observations) => {
    const last = observations[observations.length - 1]?.atMs ?? T0;
    for (const bounds of [undefined, custom]) {
      const b = resolvePollBounds(bounds);
      for (const lateS of [0, 1, 30, 600, 6 * 3600, 48 * 3600]) {
        const decision = nextPollDelay({ submittedAtMs: T0, nowMs: last + lateS * SECOND, observations, ...(bounds ? { bounds } : {}) });
        expect(decision.delayMs).toBeGreaterThanOrEqual(b.minDelayMs);
        expect(decision.delayMs).toBeLessThanOrEqual(b.maxDelayMs);
        expect(decision.reason.length).toBeGreaterThan(10);
      }
    }
  });

  it('rejects bounds that make no schedule, naming the field', () => {
    expect(() => resolvePollBounds({ minDelayMs: 0 })).toThrow(/minDelayMs/);
    expect(() => resolvePollBounds({ minDelayMs: 10 * MINUTE, maxDelayMs: MINUTE })).toThrow(/between minDelayMs/);
    expect(() => resolvePollBounds({ elapsedFraction: 1.5 })).toThrow(/elapsedFraction must be in \(0, 1\]/);
    expect(() => resolvePollBounds({ watchMaxDelayMs: Number.NaN })).toThrow(/watchMaxDelayMs/);
  });

  it('ignores overrides left undefined', () => {
    expect(resolvePollBounds({ minDelayMs: undefined } as unknown as Partial<PollBounds>)).toEqual(DEFAULT_POLL_BOUNDS);
  });
});

describe('nextPollDelay: queued', () => {
  it('backs off while queued, up to queuedMaxDelayMs', () => {
    const observations = [queued(0, 3)];
    const delays = [0, 10, 60, 180, 600, 3600].map((s) => decideAt(s, [...observations, queued(s, 3)]));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!.delayMs).toBeGreaterThanOrEqual(delays[i - 1]!.delayMs);
    expect(delays[0]!.delayMs).toBe(DEFAULT_POLL_BOUNDS.minDelayMs);
    expect(delays[delays.length - 1]!.delayMs).toBe(DEFAULT_POLL_BOUNDS.queuedMaxDelayMs);
    expect(delays.every((d) => d.rule === 'queued-backoff')).toBe(true);
  });

  it('uses the rate at which queuePosition falls to sleep half the time to the front', () => {
    // one place every 40 s; at 120 s the position is 3, so the start is expected at 120 + 3 * 40 = 240 s
    const observations = [queued(0, 6), queued(40, 5), queued(80, 4), queued(120, 3)];
    const decision = decideAt(120, observations);
    expect(decision.rule).toBe('queued-position-rate');
    expect(decision.delayMs).toBe(DEFAULT_POLL_BOUNDS.remainingFraction * (240 - 120) * SECOND);
    expect(decision.reason).toMatch(/position 3/);
  });

  it('checks sooner when the front is near than when it is far', () => {
    // both move up one place every 60 s; one is at position 20, the other at 1
    const far = decideAt(120, [queued(0, 22), queued(60, 21), queued(120, 20)]);
    const near = decideAt(120, [queued(0, 3), queued(60, 2), queued(120, 1)]);
    expect(near.delayMs).toBeLessThan(far.delayMs);
    expect(far.delayMs).toBe(DEFAULT_POLL_BOUNDS.queuedMaxDelayMs);
  });

  it('starts at minDelayMs when no status has been seen yet, and grows with time since submission', () => {
    const first = decideAt(0, []);
    const later = decideAt(600, []);
    expect(first).toMatchObject({ rule: 'awaiting-status', delayMs: DEFAULT_POLL_BOUNDS.minDelayMs });
    expect(later.delayMs).toBeGreaterThan(first.delayMs);
  });
});

describe('nextPollDelay: running', () => {
  it('grows geometrically from minDelayMs while no epoch is done (dataset load)', () => {
    const base = [queued(0, 1), running(5, 0)];
    const delays = [5, 20, 60, 600, 1800].map((s) => decideAt(s, [...base, running(s, 0)]));
    expect(delays.every((d) => d.rule === 'loading')).toBe(true);
    expect(delays[0]!.delayMs).toBe(DEFAULT_POLL_BOUNDS.minDelayMs);
    // a share of the run's elapsed time: doubling the elapsed time doubles the delay once above the floor
    expect(delays[4]!.delayMs / delays[3]!.delayMs).toBeCloseTo(1795 / 595, 1);
  });

  it('never trusts a distant planned end: a training may stop early, so sleeps stay within the watch interval', () => {
    const observations = languageRun(40 * 60);
    const decision = decideAt(40 * 60, observations);
    // 1000 planned epochs of ~60 s: the planned end is more than 15 hours away...
    expect(decision.etaMs! - (T0 + 40 * MINUTE)).toBeGreaterThan(15 * 3600 * SECOND);
    // ...but an early stop can end it any minute
    expect(decision.delayMs).toBeLessThanOrEqual(DEFAULT_POLL_BOUNDS.watchMaxDelayMs);
    expect(decision.rule).toBe('epoch-watch');
  });

  it('sleeps through the quiet middle of long epochs, and wakes before the next epoch can end', () => {
    const training = buildTraining({ seed: 3, epochs: 20, epochMs: 20 * MINUTE, loadMs: 2 * MINUTE });
    const run = pollAdaptively(training);
    let nowMs = 0;
    let quietSleeps = 0;
    for (const decision of run.decisions) {
      if (decision.rule === 'epoch-quiet') {
        quietSleeps++;
        expect(decision.delayMs).toBeGreaterThan(DEFAULT_POLL_BOUNDS.watchMaxDelayMs);
        // the sleep must not step over an epoch boundary: nothing changes while it lasts
        const before = observeTraining(training, nowMs);
        const after = observeTraining(training, nowMs + decision.delayMs);
        expect(after.progress).toBe(before.progress);
      }
      nowMs += decision.delayMs;
    }
    expect(quietSleeps).toBeGreaterThan(10);
  });

  it('polls soon once every planned epoch is done (only the model save is left)', () => {
    const decision = decideAt(1210, [queued(0, 1), running(5, 0), running(400, 0.3333), running(800, 0.6666), running(1200, 0.99)]);
    expect(decision.rule).toBe('finishing');
    expect(decision.delayMs).toBeLessThanOrEqual(DEFAULT_POLL_BOUNDS.watchMaxDelayMs);
  });

  it('closes in on the expected end of a short training', () => {
    // 10 epochs of 6 s; at 57 s, 9 are done: the end is due within seconds
    const observations = [queued(0, 1), ...[5, 12, 20, 29, 39, 50, 57].map((t) => running(t, Math.floor((t - 3) / 6) / 10))];
    const decision = decideAt(57, observations);
    expect(['approaching-eta', 'in-eta-window']).toContain(decision.rule);
    expect(decision.delayMs).toBeLessThan(15 * SECOND);
    expect(decision.etaMs!).toBeGreaterThan(T0 + 57 * SECOND);
    expect(decision.etaMs!).toBeLessThan(T0 + 75 * SECOND);
  });
});

describe('nextPollDelay: other statuses and Retry-After', () => {
  it('treats an unknown status as not finished and polls at the moderate delay', () => {
    const decision = decideAt(100, [queued(0, 1), { atMs: T0 + 90 * SECOND, status: 'DELETE_PENDING_TRAIN', progress: 0.4 }]);
    expect(decision).toMatchObject({ rule: 'unknown-status', delayMs: DEFAULT_POLL_BOUNDS.unknownStatusDelayMs });
    expect(decision.reason).toContain('"DELETE_PENDING_TRAIN"');
  });

  it.each(['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'])('recognises %s as final', (status) => {
    expect(decideAt(100, [queued(0, 1), { atMs: T0 + 90 * SECOND, status, progress: 1 }]).rule).toBe('terminal');
  });

  it('never polls sooner than Retry-After asks, even beyond maxDelayMs', () => {
    const observations = [queued(0, 1), running(5, 0)];
    const plain = decideAt(6, observations);
    const asked = decideAt(6, observations, { retryAfterMs: 42 * SECOND });
    expect(plain.delayMs).toBeLessThan(42 * SECOND);
    expect(asked).toMatchObject({ delayMs: 42 * SECOND, rule: 'retry-after' });
    expect(asked.reason).toMatch(/retry after 42s/);
    const beyond = decideAt(6, observations, { retryAfterMs: 2 * DEFAULT_POLL_BOUNDS.maxDelayMs });
    expect(beyond.delayMs).toBe(2 * DEFAULT_POLL_BOUNDS.maxDelayMs);
  });

  it('keeps its own delay when Retry-After asks for less', () => {
    const observations = [queued(0, 3)];
    const plain = decideAt(3600, observations);
    expect(decideAt(3600, observations, { retryAfterMs: SECOND })).toEqual(plain);
  });
});

describe('nextPollDelay: determinism', () => {
  it('gives the same decision for the same inputs, whatever the order of the observations', () => {
    const observations = languageRun(3 * 3600);
    const input: PollInput = { submittedAtMs: T0, nowMs: T0 + 3 * 3600 * SECOND, observations };
    const first = nextPollDelay(input);
    expect(nextPollDelay(input)).toEqual(first);
    expect(nextPollDelay({ ...input, observations: [...observations].reverse() })).toEqual(first);
  });

  it('does not modify its inputs', () => {
    const observations = Object.freeze(languageRun(3600).map((o) => Object.freeze(o)));
    const snapshot = JSON.stringify(observations);
    expect(() => nextPollDelay({ submittedAtMs: T0, nowMs: T0 + 3600 * SECOND, observations })).not.toThrow();
    expect(JSON.stringify(observations)).toBe(snapshot);
  });
});
