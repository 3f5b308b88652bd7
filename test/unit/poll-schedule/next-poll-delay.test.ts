import {
  DEFAULT_POLL_BOUNDS,
  lagBoundMs,
  nextPollDelay,
  resolvePollBounds,
  type PollBounds,
  type PollInput,
  type PollObservation,
} from '../../../src/polling/poll-schedule';
import { buildTraining, observeTraining, pollAdaptively } from './synthetic-training';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
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

/** The lag bound of the default bounds `elapsedS` after submission. */
const boundAt = (elapsedS: number) => lagBoundMs(resolvePollBounds(), elapsedS * SECOND);

/** A language-like run: 1000 planned epochs, one every `epochS` seconds, observed every `everyS` seconds. */
function languageRun(untilS: number, epochS = 60, everyS = 45): PollObservation[] {
  const out: PollObservation[] = [queued(0, 1)];
  for (let t = 5; t <= untilS; t += everyS) out.push(running(t, Math.floor((t - 5) / epochS) / 1000));
  return out;
}

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

describe('nextPollDelay: the lag bound', () => {
  it('is max(minDelayMs, maxLagShare × time since submission), within maxDelayMs', () => {
    const b = resolvePollBounds();
    expect(lagBoundMs(b, 0)).toBe(b.minDelayMs);
    expect(lagBoundMs(b, 10 * MINUTE)).toBe(Math.floor(b.maxLagShare * 10 * MINUTE));
    expect(lagBoundMs(b, 100 * HOUR)).toBe(b.maxDelayMs);
    expect(lagBoundMs(b, -HOUR)).toBe(b.minDelayMs);
  });

  it.each(scenarios)('no delay exceeds it, at any moment (%s)', (_name, observations) => {
    const last = observations[observations.length - 1]?.atMs ?? T0;
    for (const lateS of [0, 1, 30, 600, 6 * 3600, 48 * 3600]) {
      const nowMs = last + lateS * SECOND;
      const decision = nextPollDelay({ submittedAtMs: T0, nowMs, observations });
      expect(decision.boundMs).toBe(lagBoundMs(resolvePollBounds(), nowMs - T0));
      expect(decision.delayMs).toBeLessThanOrEqual(decision.boundMs);
      expect(decision.delayMs).toBeGreaterThanOrEqual(DEFAULT_POLL_BOUNDS.minDelayMs);
      expect(decision.nextAtMs).toBe(nowMs + decision.delayMs);
      expect(decision.retryAfterApplied).toBe(false);
      expect(decision.reason.length).toBeGreaterThan(10);
    }
  });

  it('scales with maxLagShare: half the share, half the sleep', () => {
    const observations = [queued(0, 1), running(5, 0)];
    const at5 = decideAt(3600, observations, { bounds: { maxLagShare: 0.05 } });
    const at10 = decideAt(3600, observations, { bounds: { maxLagShare: 0.1 } });
    expect(at5.delayMs).toBe(0.05 * HOUR);
    expect(at10.delayMs).toBe(0.1 * HOUR);
  });
});

describe('nextPollDelay: extreme bounds never throw and never leave [minDelayMs, maxDelayMs]', () => {
  const extremes: [string, Partial<PollBounds>][] = [
    ['a 60 s maximum (once made every poll throw)', { maxDelayMs: 60_000 }],
    ['a 1 s maximum', { maxDelayMs: 1_000 }],
    ['a 100 ms minimum', { minDelayMs: 100 }],
    ['a one-hour minimum', { minDelayMs: HOUR }],
    ['a six-hour maximum', { maxDelayMs: 6 * HOUR }],
    ['a minimum above the maximum', { minDelayMs: 30 * MINUTE, maxDelayMs: MINUTE }],
    ['equal minimum and maximum', { minDelayMs: 20_000, maxDelayMs: 20_000 }],
    ['no maximum at all', { maxDelayMs: Number.POSITIVE_INFINITY }],
    ['fractional milliseconds', { minDelayMs: 1_234.5, maxDelayMs: 5_678.9 }],
    ['the tightest share', { maxLagShare: 1e-6 }],
    ['the loosest share', { maxLagShare: 1 }],
  ];

  it.each(extremes)('%s', (_name, bounds) => {
    const resolved = resolvePollBounds(bounds);
    expect(resolved.maxDelayMs).toBeGreaterThanOrEqual(resolved.minDelayMs);
    for (const [, observations] of scenarios) {
      const last = observations[observations.length - 1]?.atMs ?? T0;
      for (const lateS of [0, 1, 59, 61, 3600, 30 * 24 * 3600]) {
        const decision = nextPollDelay({ submittedAtMs: T0, nowMs: last + lateS * SECOND, observations, bounds });
        expect(Number.isInteger(decision.delayMs)).toBe(true);
        expect(decision.delayMs).toBeGreaterThanOrEqual(resolved.minDelayMs);
        expect(decision.delayMs).toBeLessThanOrEqual(resolved.maxDelayMs);
        expect(decision.delayMs).toBeLessThanOrEqual(decision.boundMs);
      }
    }
  });

  it('lets the floor win when the maximum is below it', () => {
    expect(resolvePollBounds({ minDelayMs: 30 * MINUTE, maxDelayMs: MINUTE })).toMatchObject({ minDelayMs: 30 * MINUTE, maxDelayMs: 30 * MINUTE });
  });

  it('rejects only values that are no duration or no share, naming the field', () => {
    expect(() => resolvePollBounds({ minDelayMs: 0 })).toThrow(/minDelayMs/);
    expect(() => resolvePollBounds({ minDelayMs: Number.NaN })).toThrow(/minDelayMs/);
    expect(() => resolvePollBounds({ maxDelayMs: -1 })).toThrow(/maxDelayMs/);
    expect(() => resolvePollBounds({ maxLagShare: 0 })).toThrow(/maxLagShare must be in \(0, 1\]/);
    expect(() => resolvePollBounds({ maxLagShare: 1.5 })).toThrow(/maxLagShare/);
  });

  it('ignores overrides left undefined', () => {
    expect(resolvePollBounds({ minDelayMs: undefined } as unknown as Partial<PollBounds>)).toEqual(DEFAULT_POLL_BOUNDS);
  });
});

describe('nextPollDelay: where nothing marks the end, it sleeps the whole bound', () => {
  it('computes the first delay from the POST answer itself: the floor, not an immediate re-read', () => {
    const decision = decideAt(0, [queued(0, 4)]);
    expect(decision).toMatchObject({ rule: 'queued', delayMs: DEFAULT_POLL_BOUNDS.minDelayMs });
  });

  it('backs off geometrically while queued, and reports the queue pace', () => {
    const observations = [queued(0, 6), queued(40, 5), queued(80, 4), queued(120, 3)];
    const decision = decideAt(3600, [...observations, queued(3600, 3)]);
    expect(decision).toMatchObject({ rule: 'queued', delayMs: boundAt(3600) });
    expect(decision.reason).toMatch(/position 3/);
    expect(decideAt(120, observations).reason).toMatch(/moving up one place every ~40s/);
  });

  it('sleeps the bound while the dataset loads, however long', () => {
    const base = [queued(0, 1), running(5, 0)];
    for (const s of [5, 60, 600, 3 * 3600]) expect(decideAt(s, [...base, running(s, 0)])).toMatchObject({ rule: 'loading', delayMs: boundAt(s) });
  });

  it('treats an unknown status as not finished, within the bound', () => {
    const decision = decideAt(100, [queued(0, 1), { atMs: T0 + 90 * SECOND, status: 'DELETE_PENDING_TRAIN', progress: 0.4 }]);
    expect(decision).toMatchObject({ rule: 'unknown-status', delayMs: boundAt(100) });
    expect(decision.reason).toContain('"DELETE_PENDING_TRAIN"');
  });

  it.each(['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'])('recognises %s as final', (status) => {
    expect(decideAt(100, [queued(0, 1), { atMs: T0 + 90 * SECOND, status, progress: 1 }]).rule).toBe('terminal');
  });
});

describe('nextPollDelay: where the end is likely, it sleeps less', () => {
  it('never trusts a distant planned end: a language model may stop after any epoch', () => {
    const observations = languageRun(40 * 60);
    const decision = decideAt(40 * 60, observations);
    // 1000 planned epochs of ~60 s: the planned end is more than 15 hours away, the bound about three minutes
    expect(decision.etaMs! - (T0 + 40 * MINUTE)).toBeGreaterThan(15 * HOUR);
    expect(decision.delayMs).toBeLessThanOrEqual(boundAt(40 * 60));
    expect(['epoch-watch', 'epoch-boundary']).toContain(decision.rule);
  });

  it('lands just after an expected epoch boundary when it lies a little short of the bound', () => {
    // 20-minute epochs, longer than the bound for most of the run
    const training = buildTraining({ seed: 3, epochs: 20, epochMs: 20 * MINUTE, loadMs: 2 * MINUTE, jitter: 0.02 });
    const run = pollAdaptively(training);
    const aimed = run.decisions.filter((d) => d.rule === 'epoch-boundary');
    expect(aimed.length).toBeGreaterThan(5);
    let landed = 0;
    for (const d of aimed) {
      expect(d.delayMs).toBeLessThan(d.boundMs);
      expect(d.delayMs).toBeGreaterThanOrEqual(0.85 * d.boundMs - 1);
      // Aimed calls either land just after the boundary and see the epoch done, or (epochs longer than the bound)
      // are the evened-out sleeps that lead up to it.
      if (observeTraining(training, d.nextAtMs).progress > observeTraining(training, d.nextAtMs - d.delayMs).progress) landed++;
    }
    expect(landed).toBeGreaterThanOrEqual(3);
  });

  it('polls the window of the planned end when it is within the bound', () => {
    // 10 epochs of 6 s; at 57 s, 9 are done: the end is due within seconds
    const observations = [queued(0, 1), ...[5, 12, 20, 29, 39, 50, 57].map((t) => running(t, Math.floor((t - 3) / 6) / 10))];
    const decision = decideAt(57, observations);
    expect(['approaching-eta', 'in-eta-window']).toContain(decision.rule);
    expect(decision.delayMs).toBeLessThanOrEqual(boundAt(57));
    expect(decision.etaMs!).toBeGreaterThan(T0 + 57 * SECOND);
    expect(decision.etaMs!).toBeLessThan(T0 + 75 * SECOND);
  });

  it('polls the model save after the last planned epoch at a share of its elapsed time', () => {
    // the last epoch ended between 3590 s and 3600 s
    const observations = [queued(0, 1), running(5, 0), running(1200, 0.3333), running(2400, 0.6666), running(3590, 0.6666), running(3600, 0.99)];
    const soon = decideAt(3610, [...observations, running(3610, 0.99)]);
    const later = decideAt(3700, [...observations, running(3700, 0.99)]);
    expect(soon).toMatchObject({ rule: 'finishing', delayMs: 10 * SECOND });
    expect(later).toMatchObject({ rule: 'finishing', delayMs: 55 * SECOND });
    expect(later.delayMs).toBeLessThan(boundAt(3700));
  });

  it('spends a few calls more than the bound alone, and sees a training that runs to plan sooner', () => {
    const training = buildTraining({ seed: 12, epochs: 30, epochMs: 118 * SECOND, loadMs: MINUTE, saveMs: 20 * SECOND });
    const adaptive = pollAdaptively(training);
    const geometric = pollGeometric(training.endAtMs);
    expect(adaptive.calls).toBeGreaterThanOrEqual(geometric.calls);
    expect(adaptive.calls).toBeLessThanOrEqual(geometric.calls + 8);
    expect(adaptive.lagMs).toBeLessThan(0.01 * training.endAtMs);
  });
});

/** Sleeps the whole default bound each time, from the POST on. */
function pollGeometric(endAtMs: number): { calls: number; lagMs: number } {
  const b = resolvePollBounds();
  let t = 0;
  let calls = 0;
  while (t < endAtMs) {
    t += lagBoundMs(b, t);
    calls++;
  }
  return { calls, lagMs: t - endAtMs };
}

describe('nextPollDelay: Retry-After', () => {
  it('never polls sooner than Retry-After asks, even beyond the bound and maxDelayMs, and says so', () => {
    const observations = [queued(0, 1), running(5, 0)];
    const plain = decideAt(6, observations);
    const asked = decideAt(6, observations, { retryAfterMs: 42 * SECOND });
    expect(plain.delayMs).toBeLessThan(42 * SECOND);
    expect(asked).toMatchObject({ delayMs: 42 * SECOND, rule: 'retry-after', retryAfterApplied: true, boundMs: plain.boundMs });
    expect(asked.reason).toMatch(/retry after 42s/);
    const beyond = decideAt(6, observations, { retryAfterMs: 2 * DEFAULT_POLL_BOUNDS.maxDelayMs });
    expect(beyond.delayMs).toBe(2 * DEFAULT_POLL_BOUNDS.maxDelayMs);
    expect(beyond.nextAtMs).toBe(T0 + 6 * SECOND + 2 * DEFAULT_POLL_BOUNDS.maxDelayMs);
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
