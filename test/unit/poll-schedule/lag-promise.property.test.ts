/**
 * The promise of the poll schedule, as a property over thousands of generated timelines: whatever happens — a queue
 * of any length (and a failure while queued), a dataset load of any length (and a failure during it), epochs of any
 * cadence and jitter, a run to plan, an early stop on an epoch boundary or in the middle of an epoch, a failure at any
 * moment, status values this code does not know, observations with or without epoch counts, calls answered with
 * Retry-After — the first call after the end comes at most max(minDelayMs, maxLagShare × (end − submission)) after
 * it, unless the sleep that spanned the end was stretched by a Retry-After, and then no later than that sleep.
 * Calls that fail see nothing, so the time after them is not the schedule's lag; it is accounted for separately.
 *
 * The generator draws from the emulator's seeded stream (mulberry32): every failure names its seed, and replays from
 * it alone.
 */
import { isTerminal } from '../../../src/contract/training-status';
import { Rng } from '../../../src/emulator/simulator/rng';
import {
  lagBoundMs,
  nextPollDelay,
  resolvePollBounds,
  retainObservations,
  type PollBounds,
  type PollDecision,
  type PollObservation,
} from '../../../src/polling/poll-schedule';

const TIMELINES = 3_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The emulator's seeded stream, with the draws this generator needs besides. */
class Random extends Rng {
  log(min: number, max: number): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Ending = 'ran-to-plan' | 'early-stop-boundary' | 'early-stop-mid-epoch' | 'failure' | 'load-failure' | 'queue-failure';

interface Timeline {
  seed: number;
  submittedAtMs: number;
  ending: Ending;
  /** All times in ms after submission. */
  queueEndMs: number;
  queuePosition: number;
  departuresMs: number[];
  loadEndMs: number;
  plannedEpochs: number;
  epochEndsMs: number[];
  endMs: number;
  endStatus: string;
  reportsEpochs: boolean;
  /** Epochs reads 0 while queued, as Einstein does when none were asked for. */
  zeroEpochsWhileQueued: boolean;
  unknownWindows: { fromMs: number; toMs: number; status: string }[];
  /** Probability that a call is answered 429/503, and whether such answers carry Retry-After. */
  errorRate: number;
  retryAfter: boolean;
  bounds: Partial<PollBounds> | undefined;
}

const UNKNOWN_STATUSES = ['PAUSED', 'PREEMPTED', 'DELETE_PENDING_TRAIN', 'RESTARTING', ''];

function generate(seed: number): Timeline {
  const r = new Random(seed);
  const queueKind = r.pick(['none', 'none', 'short', 'long'] as const);
  const queueEndMs = Math.round(queueKind === 'none' ? r.between(0, 5 * SECOND) : queueKind === 'short' ? r.log(SECOND, 10 * MINUTE) : r.log(10 * MINUTE, 3 * HOUR));
  const queuePosition = queueKind === 'long' ? r.int(2, 40) : r.int(1, 5);
  const departuresMs = Array.from({ length: queuePosition - 1 }, () => Math.round(r.between(0, queueEndMs))).sort((a, b) => a - b);
  const loadEndMs = queueEndMs + Math.round(r.log(0.2 * SECOND, HOUR));
  const plannedEpochs = r.pick([1, 2, r.int(3, 50), 20, r.int(1, 200), 1000]);
  const epochMeanMs = r.log(0.2 * SECOND, plannedEpochs >= 200 ? MINUTE : 30 * MINUTE);
  const jitter = r.between(0, 0.5);
  const ending = r.pick<Ending>(['ran-to-plan', 'ran-to-plan', 'early-stop-boundary', 'early-stop-mid-epoch', 'failure', 'load-failure', 'queue-failure']);
  const runEpochs =
    ending === 'early-stop-boundary' || ending === 'early-stop-mid-epoch' || ending === 'failure'
      ? r.int(0, Math.max(0, Math.min(plannedEpochs - 1, 120)))
      : ending === 'ran-to-plan'
        ? plannedEpochs
        : 0;
  const epochEndsMs: number[] = [];
  let t = loadEndMs;
  for (let i = 0; i < runEpochs; i++) {
    t += Math.max(1, Math.round(epochMeanMs * (1 + jitter * (2 * r.next() - 1))));
    epochEndsMs.push(t);
  }
  const saveMs = Math.round(r.log(0.1 * SECOND, 30 * MINUTE));
  const partialMs = Math.round(epochMeanMs * r.between(0.02, 0.98));
  let endMs: number;
  let endStatus: string;
  switch (ending) {
    case 'queue-failure':
      endMs = Math.round(r.between(0, queueEndMs));
      endStatus = r.pick(['FAILED', 'KILLED']);
      epochEndsMs.length = 0;
      break;
    case 'load-failure':
      endMs = Math.round(r.between(queueEndMs, loadEndMs));
      endStatus = r.pick(['FAILED', 'FAILED_WITH_RETRIES']);
      break;
    case 'failure':
      endMs = t + partialMs;
      endStatus = r.pick(['FAILED', 'KILLED', 'FAILED_WITH_RETRIES']);
      break;
    case 'early-stop-mid-epoch':
      endMs = t + partialMs + saveMs;
      endStatus = 'SUCCEEDED';
      break;
    default:
      endMs = t + saveMs;
      endStatus = 'SUCCEEDED';
  }
  const unknownWindows = r.chance(0.15)
    ? Array.from({ length: r.int(1, 3) }, () => {
        const fromMs = Math.round(r.between(queueEndMs, endMs));
        return { fromMs, toMs: fromMs + Math.round(r.log(SECOND, HOUR)), status: r.pick(UNKNOWN_STATUSES) };
      })
    : [];
  const errorRate = r.chance(0.5) ? 0 : r.between(0.02, 0.3);
  const boundsKind = r.int(0, 3);
  const bounds: Partial<PollBounds> | undefined =
    boundsKind === 0
      ? undefined
      : {
          maxLagShare: r.log(0.02, 0.5),
          ...(r.chance(0.5) && { minDelayMs: Math.round(r.log(100, 10 * MINUTE)) }),
          ...(r.chance(0.5) && { maxDelayMs: r.chance(0.1) ? Number.POSITIVE_INFINITY : Math.round(r.log(30 * SECOND, 6 * HOUR)) }),
        };
  return {
    seed,
    submittedAtMs: Date.UTC(2025, 0, 1) + r.int(0, 365 * 24) * HOUR,
    ending,
    queueEndMs,
    queuePosition,
    departuresMs,
    loadEndMs,
    plannedEpochs,
    epochEndsMs,
    endMs,
    endStatus,
    reportsEpochs: r.chance(0.7),
    zeroEpochsWhileQueued: r.chance(0.5),
    unknownWindows,
    errorRate,
    retryAfter: r.chance(0.8),
    bounds,
  };
}

/** What GET /train/{modelId} answers `tMs` after submission. */
function observe(tl: Timeline, tMs: number): PollObservation {
  const atMs = tl.submittedAtMs + tMs;
  const done = tl.epochEndsMs.filter((e) => e <= tMs).length;
  const epochFields = (queued: boolean) =>
    tl.reportsEpochs ? { epochs: queued && tl.zeroEpochsWhileQueued ? 0 : tl.plannedEpochs, ...(queued ? {} : { lastEpochDone: done }) } : {};
  if (tMs >= tl.endMs) {
    const progress = tl.endStatus === 'SUCCEEDED' ? 1 : Math.min(0.99, Math.floor((done / tl.plannedEpochs) * 1e4) / 1e4);
    return { atMs, status: tl.endStatus, progress, ...epochFields(false) };
  }
  if (tMs < tl.queueEndMs) {
    const queuePosition = Math.max(1, tl.queuePosition - tl.departuresMs.filter((d) => d <= tMs).length);
    return { atMs, status: 'QUEUED', progress: 0, queuePosition, ...epochFields(true) };
  }
  const unknown = tl.unknownWindows.find((w) => w.fromMs <= tMs && tMs < w.toMs);
  const progress = Math.min(0.99, Math.floor((done / tl.plannedEpochs) * 1e4) / 1e4);
  return { atMs, status: unknown ? unknown.status : 'RUNNING', progress, ...epochFields(false) };
}

interface Sleep {
  fromMs: number;
  toMs: number;
  decision: PollDecision;
  retryAfterMs?: number;
}

/** Polls as the activity does: the POST's answer first, then one call per decision, failed calls included. */
function poll(tl: Timeline): { sleeps: Sleep[]; seenAtMs: number; failedCalls: number[] } {
  const r = new Random(tl.seed ^ 0x5bd1e995);
  let window = retainObservations([], observe(tl, 0));
  let nowMs = 0;
  let retryAfterMs: number | undefined;
  const sleeps: Sleep[] = [];
  const failedCalls: number[] = [];
  for (let calls = 0; calls < 200_000; calls++) {
    const decision = nextPollDelay({
      submittedAtMs: tl.submittedAtMs,
      nowMs: tl.submittedAtMs + nowMs,
      observations: window,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(tl.bounds && { bounds: tl.bounds }),
    });
    sleeps.push({ fromMs: nowMs, toMs: nowMs + decision.delayMs, decision, ...(retryAfterMs !== undefined && { retryAfterMs }) });
    nowMs += decision.delayMs;
    retryAfterMs = undefined;
    if (r.chance(tl.errorRate)) {
      failedCalls.push(nowMs);
      if (tl.retryAfter) retryAfterMs = Math.round(r.log(SECOND, 10 * MINUTE));
      continue;
    }
    const seen = observe(tl, nowMs);
    if (isTerminal(seen.status)) return { sleeps, seenAtMs: nowMs, failedCalls };
    window = retainObservations(window, seen);
  }
  throw new Error(`seed ${tl.seed}: polling never saw the end`);
}

describe('the lag promise, over generated timelines', () => {
  const cases = Array.from({ length: TIMELINES }, (_, i) => generate(1_000 + i));
  const runs = cases.map((tl) => ({ tl, ...poll(tl) }));

  it('covers every ending, unknown statuses, failed calls and Retry-After', () => {
    const endings = new Set(cases.map((c) => c.ending));
    expect(endings.size).toBe(6);
    expect(cases.filter((c) => c.unknownWindows.length > 0).length).toBeGreaterThan(TIMELINES / 10);
    expect(cases.filter((c) => c.errorRate > 0 && c.retryAfter).length).toBeGreaterThan(TIMELINES / 4);
    expect(cases.filter((c) => c.endMs > 6 * HOUR).length).toBeGreaterThan(TIMELINES / 40);
    expect(cases.filter((c) => c.endMs < MINUTE).length).toBeGreaterThan(TIMELINES / 50);
  });

  it('sees every end within max(minDelayMs, maxLagShare × (end − submission)), Retry-After aside', () => {
    const broken: string[] = [];
    let stretched = 0;
    for (const { tl, sleeps, seenAtMs } of runs) {
      const bounds = resolvePollBounds(tl.bounds);
      const promisedMs = Math.max(bounds.minDelayMs, bounds.maxLagShare * tl.endMs);
      // The sleep that spanned the end: the first call after it is where the schedule's lag stops.
      const spanning = sleeps.find((s) => s.fromMs < tl.endMs && tl.endMs <= s.toMs) ?? sleeps.find((s) => s.toMs >= tl.endMs);
      if (!spanning) {
        broken.push(`seed ${tl.seed}: no call after the end`);
        continue;
      }
      const lagMs = spanning.toMs - tl.endMs;
      const allowedMs = spanning.decision.retryAfterApplied ? Math.max(promisedMs, spanning.decision.delayMs) : promisedMs;
      if (spanning.decision.retryAfterApplied && spanning.decision.delayMs > promisedMs) stretched++;
      if (lagMs > allowedMs) broken.push(`seed ${tl.seed} (${tl.ending}): first call ${lagMs} ms after the end, promised ${promisedMs} ms`);
      // Every call after that one, until the end is seen, failed: the rest of the wait is theirs, not the schedule's.
      if (seenAtMs < spanning.toMs) broken.push(`seed ${tl.seed}: saw the end before calling after it`);
    }
    expect(broken).toEqual([]);
    // Retry-After did stretch some spanning sleeps beyond the promise, and the decision said so each time.
    expect(stretched).toBeGreaterThan(0);
  });

  it('keeps every sleep within [minDelayMs, the lag bound] unless Retry-After asked for longer, and says when it did', () => {
    const broken: string[] = [];
    for (const { tl, sleeps } of runs) {
      const bounds = resolvePollBounds(tl.bounds);
      for (const { fromMs, decision, retryAfterMs } of sleeps) {
        const boundMs = lagBoundMs(bounds, fromMs);
        const where = `seed ${tl.seed} at ${fromMs} ms (${decision.rule})`;
        if (decision.boundMs !== boundMs) broken.push(`${where}: bound ${decision.boundMs}, expected ${boundMs}`);
        if (!Number.isInteger(decision.delayMs) || decision.delayMs < bounds.minDelayMs) broken.push(`${where}: delay ${decision.delayMs} below the floor`);
        if (decision.retryAfterApplied) {
          if (retryAfterMs === undefined || decision.delayMs !== Math.ceil(retryAfterMs) || decision.rule !== 'retry-after') {
            broken.push(`${where}: says Retry-After applied, delay ${decision.delayMs}, Retry-After ${retryAfterMs}`);
          }
        } else if (decision.delayMs > boundMs || decision.delayMs > bounds.maxDelayMs) {
          broken.push(`${where}: delay ${decision.delayMs} beyond the bound ${boundMs}`);
        } else if (retryAfterMs !== undefined && retryAfterMs > decision.delayMs) {
          broken.push(`${where}: Retry-After ${retryAfterMs} ignored`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
