/**
 * Adaptive poll schedule: how long the retrain workflow waits before its next `GET /train/{modelId}`.
 *
 * The goal is two numbers at once: few status calls, and a short detection lag (the time between the true end of a
 * training and the call that sees it). Fixed intervals must trade one for the other; this policy spends calls only
 * where an end is possible and sleeps where it is not:
 *
 * - QUEUED: nothing can end, so back off — a share of the time since submission, or, once `queuePosition` has fallen
 *   at least once, half the time until the position is expected to reach the front. Capped at `queuedMaxDelayMs`
 *   so that a short training that starts during the sleep is still seen soon after it ends.
 * - RUNNING, no epoch done yet (dataset load): grow geometrically from `minDelayMs` as a share of the run's elapsed
 *   time. A share of elapsed time bounds the lag to a share of the duration, and costs only a logarithmic number of
 *   calls however long the load takes.
 * - RUNNING, epochs advancing: the end of the *planned* run is estimated from the epoch cadence (eta.ts) and polls
 *   close in on its uncertainty window. But the estimate is never trusted blindly. A training may converge early
 *   (`earlyStopping`; language models plan 1000 epochs and stop after tens) and then end after a model save of
 *   unknown length, or fail, at any moment — so `progress` overstates the time left, and sleeping "half the time
 *   left" would mean minutes or hours of lag. While epochs run, every sleep is therefore capped by an absolute
 *   `watchMaxDelayMs` (and by a share of the run's elapsed time, so a short training's lag stays a small share of
 *   its duration). When epochs are long (≥ 3 watch intervals), each one is watched right after its step (the end
 *   after converging comes within a model save) and again from the moment the next step can arrive; the quiet
 *   middle of the epoch is slept through.
 * - RUNNING with every planned epoch done: only the model save is left; poll soon and back off gently.
 * - Unknown status values are not terminal (einstein-api.md §13): poll at a moderate `unknownStatusDelayMs`.
 * - A server's Retry-After always wins: the next call is never sooner than it asks, even beyond `maxDelayMs`.
 *
 * Every delay lies in [minDelayMs, maxDelayMs] (Retry-After aside), and the decision carries a reason in plain words
 * for the CLI and the workflow query.
 *
 * Pure and deterministic: Temporal workflow code imports this file, so it reads no clock, draws no random numbers and
 * imports nothing from Node. All times come in as inputs (ms since the epoch, or any consistent origin).
 */
import {
  currentRun,
  estimateCadence,
  estimateRunEta,
  normalizeObservations,
  stepWindow,
  type EpochCadence,
  type EtaEstimate,
  type RunView,
} from './eta';

/** One `GET /train/{modelId}` answer, reduced to what scheduling needs. */
export interface PollObservation {
  /** When the answer was received. */
  atMs: number;
  /** The raw `status` string (unknown values are tolerated). */
  status: string;
  /** 0–1, share of planned epochs done. */
  progress: number;
  /** Present only while QUEUED. */
  queuePosition?: number;
  /** Planned epochs, when the response reports them (0 or absent = unknown). */
  epochs?: number;
  /** Completed epochs, when the response reports them. */
  lastEpochDone?: number;
}

/** Tuning knobs of the schedule; every field has a documented default in DEFAULT_POLL_BOUNDS. */
export interface PollBounds {
  /** Floor for every delay. @default 5 s */
  minDelayMs: number;
  /** Ceiling for every delay (Retry-After aside). @default 15 min */
  maxDelayMs: number;
  /** Ceiling while QUEUED. @default 2 min */
  queuedMaxDelayMs: number;
  /** Ceiling while epochs run: bounds the lag of an early stop or failure nobody could foresee. @default 55 s */
  watchMaxDelayMs: number;
  /** Delay after a status value this code does not know. @default 60 s */
  unknownStatusDelayMs: number;
  /**
   * Share of the elapsed time slept where nothing can end (queued, dataset load before the first epoch): the
   * backoff growth there. @default 0.5
   */
  idleFraction: number;
  /**
   * Share of the elapsed time slept where an end is possible but not foreseeable (short trainings, past the expected
   * end, model save): bounds the lag to this share of the duration. @default 0.25
   */
  elapsedFraction: number;
  /** Share of the time left until an expected event (queue front) slept before checking again. @default 0.5 */
  remainingFraction: number;
  /**
   * Share of an epoch watched after each step before sleeping through the rest of a long epoch: a training that
   * converged ends after its model save, which takes a fraction of an epoch. @default 0.35
   */
  saveWatchShare: number;
}

export const DEFAULT_POLL_BOUNDS: Readonly<PollBounds> = Object.freeze({
  minDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  queuedMaxDelayMs: 2 * 60_000,
  watchMaxDelayMs: 55_000,
  unknownStatusDelayMs: 60_000,
  idleFraction: 0.5,
  elapsedFraction: 0.25,
  remainingFraction: 0.5,
  saveWatchShare: 0.35,
});

export interface PollInput {
  /** When the training was submitted (or adopted). */
  submittedAtMs: number;
  /** The moment of the decision. */
  nowMs: number;
  /** Recent observations, any order; keep the window small with retainObservations(). */
  observations: readonly PollObservation[];
  /** The server's Retry-After from the last call, in ms. */
  retryAfterMs?: number;
  bounds?: Partial<PollBounds>;
}

/** Which rule chose the delay (stable codes for tests, logs and metrics). */
export type PollRule =
  | 'awaiting-status'
  | 'terminal'
  | 'queued-backoff'
  | 'queued-position-rate'
  | 'loading'
  | 'epoch-watch'
  | 'epoch-quiet'
  | 'epoch-boundary'
  | 'epoch-overdue'
  | 'approaching-eta'
  | 'in-eta-window'
  | 'past-eta'
  | 'finishing'
  | 'unknown-status'
  | 'retry-after';

export interface PollDecision {
  delayMs: number;
  /** Estimated end of the planned run (absolute ms), when known. Early stopping can make the true end sooner. */
  etaMs?: number;
  rule: PollRule;
  reason: string;
}

/** Status values after which the training will not change again (einstein-api.md §13). */
export const TERMINAL_TRAINING_STATUSES: readonly string[] = Object.freeze(['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES']);

export function isTerminalTrainingStatus(status: string): boolean {
  return TERMINAL_TRAINING_STATUSES.includes(status);
}

/** How many recent observations retainObservations() keeps besides the anchors. */
export const RECENT_OBSERVATIONS = 8;

/** Merges defaults with overrides and rejects values that make no schedule, naming the field. */
export function resolvePollBounds(overrides: Partial<PollBounds> = {}): PollBounds {
  const b: PollBounds = { ...DEFAULT_POLL_BOUNDS, ...stripUndefined(overrides) };
  const durations: (keyof PollBounds)[] = ['minDelayMs', 'maxDelayMs', 'queuedMaxDelayMs', 'watchMaxDelayMs', 'unknownStatusDelayMs'];
  for (const key of durations) {
    if (!(Number.isFinite(b[key]) && b[key] > 0)) throw new RangeError(`poll bounds: ${key} must be a finite number > 0 (ms), got ${b[key]}`);
  }
  for (const key of ['queuedMaxDelayMs', 'watchMaxDelayMs', 'unknownStatusDelayMs'] as const) {
    if (b[key] < b.minDelayMs || b[key] > b.maxDelayMs) {
      throw new RangeError(`poll bounds: ${key} must lie between minDelayMs (${b.minDelayMs}) and maxDelayMs (${b.maxDelayMs}), got ${b[key]}`);
    }
  }
  for (const key of ['idleFraction', 'elapsedFraction', 'remainingFraction', 'saveWatchShare'] as const) {
    if (!(b[key] > 0 && b[key] <= 1)) throw new RangeError(`poll bounds: ${key} must be in (0, 1], got ${b[key]}`);
  }
  return b;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The single entry point: how long to wait before the next status call, and why. */
export function nextPollDelay(input: PollInput): PollDecision {
  const bounds = resolvePollBounds(input.bounds);
  const observations = normalizeObservations(input.observations);
  const ctx: Context = { bounds, nowMs: input.nowMs, submittedAtMs: input.submittedAtMs, observations };
  return applyRetryAfter(clampDecision(decide(ctx), bounds), input.retryAfterMs);
}

interface Context {
  bounds: PollBounds;
  nowMs: number;
  submittedAtMs: number;
  observations: PollObservation[];
}

interface Plan {
  delayMs: number;
  rule: PollRule;
  reason: string;
  etaMs?: number;
}

function decide(ctx: Context): Plan {
  const latest = ctx.observations[ctx.observations.length - 1];
  if (!latest) return awaitingStatus(ctx);
  if (isTerminalTrainingStatus(latest.status)) {
    return { delayMs: ctx.bounds.minDelayMs, rule: 'terminal', reason: `status ${latest.status} is final: no further polling needed` };
  }
  if (latest.status === 'QUEUED') return queued(ctx);
  if (latest.status === 'RUNNING') return running(ctx);
  return {
    delayMs: ctx.bounds.unknownStatusDelayMs,
    rule: 'unknown-status',
    reason: `status "${latest.status}" is not one we know: treated as not finished, next check in ${formatDuration(ctx.bounds.unknownStatusDelayMs)}`,
  };
}

function awaitingStatus(ctx: Context): Plan {
  const delayMs = idleBackoff(ctx, ctx.nowMs - ctx.submittedAtMs, ctx.bounds.queuedMaxDelayMs);
  return { delayMs, rule: 'awaiting-status', reason: `no status seen yet: first check in ${formatDuration(delayMs)}` };
}

/** A share of the elapsed time where an end is possible, within [minDelayMs, cap]. */
function backoff(ctx: Context, elapsedMs: number, capMs: number): number {
  return clamp(ctx.bounds.elapsedFraction * Math.max(0, elapsedMs), ctx.bounds.minDelayMs, capMs);
}

/** A share of the elapsed time where nothing can end, within [minDelayMs, cap]. */
function idleBackoff(ctx: Context, elapsedMs: number, capMs: number): number {
  return clamp(ctx.bounds.idleFraction * Math.max(0, elapsedMs), ctx.bounds.minDelayMs, capMs);
}

// ---------------------------------------------------------------------------------------------------------- queued

function queued(ctx: Context): Plan {
  const { bounds, nowMs } = ctx;
  const positions = queuePositionChanges(ctx.observations);
  const current = positions[positions.length - 1];
  const fallback = idleBackoff(ctx, nowMs - ctx.submittedAtMs, bounds.queuedMaxDelayMs);
  const where = current ? ` at position ${current.position}` : '';
  const first = positions[0];
  if (!current || !first || first.position <= current.position || current.atMs <= first.atMs) {
    return { delayMs: fallback, rule: 'queued-backoff', reason: `queued${where}: backing off, next check in ${formatDuration(fallback)}` };
  }
  const msPerPlace = (current.atMs - first.atMs) / (first.position - current.position);
  const startMs = current.atMs + current.position * msPerPlace;
  const untilStart = startMs - nowMs;
  const delayMs =
    untilStart > 0
      ? clamp(bounds.remainingFraction * untilStart, bounds.minDelayMs, bounds.queuedMaxDelayMs)
      : Math.min(fallback, idleBackoff(ctx, -untilStart, bounds.queuedMaxDelayMs));
  const expectation = untilStart > 0 ? `start expected in ~${formatDuration(untilStart)}` : `start expected ${formatDuration(-untilStart)} ago`;
  return {
    delayMs,
    rule: 'queued-position-rate',
    reason: `queued${where}, moving up one place every ~${formatDuration(msPerPlace)} (${expectation}): next check in ${formatDuration(delayMs)}`,
  };
}

/** First sighting of each queue position in the trailing QUEUED block, oldest first. */
function queuePositionChanges(observations: PollObservation[]): { atMs: number; position: number }[] {
  let start = observations.length;
  while (start > 0 && observations[start - 1]?.status === 'QUEUED') start--;
  const changes: { atMs: number; position: number }[] = [];
  for (const o of observations.slice(start)) {
    if (o.queuePosition === undefined || !Number.isFinite(o.queuePosition)) continue;
    const last = changes[changes.length - 1];
    if (!last || last.position !== o.queuePosition) changes.push({ atMs: o.atMs, position: o.queuePosition });
  }
  return changes;
}

// --------------------------------------------------------------------------------------------------------- running

function running(ctx: Context): Plan {
  const run = currentRun(ctx.observations, ctx.submittedAtMs);
  if (!run) return { delayMs: ctx.bounds.minDelayMs, rule: 'loading', reason: 'running: next check soon' };
  const cadence = estimateCadence(run);
  const eta = estimateRunEta(run, cadence);
  if (!eta) return loading(ctx, run);
  if (eta.basis === 'all-epochs-done') return finishing(ctx, eta);
  const progress = describeProgress(run, cadence);
  if (cadence && isLongEpoch(ctx, cadence)) return longEpochs(ctx, cadence, eta, progress);
  return epochsRunning(ctx, run, eta, progress);
}

/**
 * Epochs long enough to sleep through part of each: their pace is pinned by two observed steps, and an epoch spans
 * at least three watch intervals.
 */
function isLongEpoch(ctx: Context, cadence: EpochCadence): boolean {
  return cadence.epochErrorMs <= cadence.epochMs / 4 && cadence.epochMs >= 3 * ctx.bounds.watchMaxDelayMs;
}

/**
 * Long epochs. A training ends either at an epoch boundary plus a model save (after converging early, or after the
 * last planned epoch), or by failing. So each epoch is watched right after its step (a model save takes a fraction
 * of an epoch) and again from the moment the next boundary can arrive; the quiet middle of the epoch is slept
 * through. A step that is overdue means a slow epoch or a long save after converging: watch.
 */
function longEpochs(ctx: Context, cadence: EpochCadence, eta: EtaEstimate, progress: string): Plan {
  const { bounds, nowMs } = ctx;
  const watch = bounds.watchMaxDelayMs;
  const next = stepWindow(cadence, cadence.stepsDone + 1);
  const quietFrom = cadence.lastStep.byMs + bounds.saveWatchShare * cadence.epochMs;
  const etaMs = eta.etaMs;
  if (nowMs >= quietFrom && next.earliestMs - nowMs > watch) {
    const delayMs = next.earliestMs - nowMs;
    return { delayMs, etaMs, rule: 'epoch-quiet', reason: `${progress}; no end expected before the next epoch: sleeping ${formatDuration(delayMs)}` };
  }
  if (nowMs < quietFrom) {
    return { delayMs: watch, etaMs, rule: 'epoch-watch', reason: `${progress}; an epoch just ended (it may have been the last): next check in ${formatDuration(watch)}` };
  }
  if (nowMs <= next.latestMs) {
    return { delayMs: watch, etaMs, rule: 'epoch-boundary', reason: `${progress}; an epoch is ending: next check in ${formatDuration(watch)}` };
  }
  const overdue = nowMs - next.latestMs;
  return {
    delayMs: watch,
    etaMs,
    rule: 'epoch-overdue',
    reason: `${progress}; the next epoch is ${formatDuration(overdue)} overdue (slow epoch, or saving after an early stop): next check in ${formatDuration(watch)}`,
  };
}

function loading(ctx: Context, run: RunView): Plan {
  const elapsed = ctx.nowMs - run.startedAfterMs;
  const delayMs = idleBackoff(ctx, elapsed, ctx.bounds.maxDelayMs);
  return {
    delayMs,
    rule: 'loading',
    reason: `running ${formatDuration(elapsed)}, no epoch done yet: next check in ${formatDuration(delayMs)}`,
  };
}

function finishing(ctx: Context, eta: EtaEstimate): Plan {
  const since = ctx.nowMs - eta.earliestMs;
  const delayMs = backoff(ctx, since, ctx.bounds.watchMaxDelayMs);
  return {
    delayMs,
    etaMs: Math.max(ctx.nowMs, eta.etaMs),
    rule: 'finishing',
    reason: `all planned epochs done, saving the model: next check in ${formatDuration(delayMs)}`,
  };
}

/**
 * Epochs shorter than a few watch intervals (or a pace not yet pinned down): watch, and close in on the planned end
 * when it is near, polling its uncertainty window four times over.
 */
function epochsRunning(ctx: Context, run: RunView, eta: EtaEstimate, progress: string): Plan {
  const { bounds, nowMs } = ctx;
  const watch = backoff(ctx, nowMs - run.startedAfterMs, bounds.watchMaxDelayMs);
  const step = clamp((eta.latestMs - eta.earliestMs) / 4, bounds.minDelayMs, watch);
  if (nowMs < eta.earliestMs || step >= watch) {
    const untilWindow = eta.earliestMs - nowMs;
    if (untilWindow > 0 && untilWindow + step <= watch) {
      const delayMs = untilWindow + step;
      return { delayMs, etaMs: eta.etaMs, rule: 'approaching-eta', reason: `${progress}; end expected in ~${formatDuration(eta.etaMs - nowMs)}: next check in ${formatDuration(delayMs)}` };
    }
    return {
      delayMs: watch,
      etaMs: eta.etaMs,
      rule: 'epoch-watch',
      reason: `${progress}; planned end in ~${formatDuration(Math.max(0, eta.etaMs - nowMs))}, but it may stop early: next check in ${formatDuration(watch)}`,
    };
  }
  if (nowMs <= eta.latestMs) {
    return { delayMs: step, etaMs: eta.etaMs, rule: 'in-eta-window', reason: `${progress}; end expected now: next check in ${formatDuration(step)}` };
  }
  const delayMs = backoff(ctx, nowMs - eta.latestMs, watch);
  return {
    delayMs,
    etaMs: nowMs,
    rule: 'past-eta',
    reason: `${progress}; running ${formatDuration(nowMs - eta.etaMs)} past the expected end: next check in ${formatDuration(delayMs)}`,
  };
}

function describeProgress(run: RunView, cadence: EpochCadence | undefined): string {
  const latest = run.running[run.running.length - 1];
  const percent = `${Math.floor((latest?.progress ?? 0) * 100)}%`;
  if (!cadence) return `running, ${percent}`;
  const epochs = cadence.totalSteps !== undefined ? `, epoch ${cadence.stepsDone}/${cadence.totalSteps}` : '';
  return `running, ${percent}${epochs} at ~${formatDuration(cadence.epochMs)} per epoch`;
}

// ------------------------------------------------------------------------------------------------- final touches

function clampDecision(plan: Plan, bounds: PollBounds): Plan {
  return { ...plan, delayMs: Math.round(clamp(plan.delayMs, bounds.minDelayMs, bounds.maxDelayMs)) };
}

function applyRetryAfter(plan: Plan, retryAfterMs: number | undefined): PollDecision {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= plan.delayMs) return plan;
  const delayMs = Math.ceil(retryAfterMs);
  return { ...plan, delayMs, rule: 'retry-after', reason: `the server asked to retry after ${formatDuration(delayMs)} (${plan.reason})` };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** "45s", "2m05s", "1h03m": short enough for a status line. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

// -------------------------------------------------------------------------------------------- bounded history

/**
 * Adds an observation to the window the workflow keeps, so history stays small however long the training runs:
 * the `recent` latest observations plus the anchors the estimates need — the last observation before the current
 * run and its first one (when the run began), and the pair around the run's first progress change and around its
 * last two (they bracket epoch boundaries: the first pins the pace over the longest span, the last ones the phase
 * of the next boundary). At most `recent` + 8 observations.
 */
export function retainObservations<T extends PollObservation>(window: readonly T[], next: T, recent = RECENT_OBSERVATIONS): T[] {
  const all = normalizeObservations([...window, next]);
  const keep = new Set<number>();
  for (let i = Math.max(0, all.length - recent); i < all.length; i++) keep.add(i);
  for (const i of anchorIndexes(all)) keep.add(i);
  return all.filter((_, i) => keep.has(i));
}

function anchorIndexes(all: PollObservation[]): number[] {
  const run = currentRun(all, all[0]?.atMs ?? 0);
  if (!run) return [];
  const first = all.length - run.running.length;
  const changes: number[] = [];
  run.running.forEach((o, i) => {
    const before = i === 0 ? undefined : run.running[i - 1];
    if (before && (o.progress !== before.progress || o.lastEpochDone !== before.lastEpochDone)) changes.push(first + i);
  });
  const bracketed = [changes[0], ...changes.slice(-2)].filter((i): i is number => i !== undefined);
  return [first - 1, first, ...bracketed.flatMap((i) => [i - 1, i])].filter((i) => i >= 0);
}
