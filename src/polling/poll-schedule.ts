/**
 * Adaptive poll schedule: how long the retrain workflow waits before its next `GET /train/{modelId}`.
 *
 * Users feel detection lag relative to the training: 45 s after a 2-minute training is a long tail on the pipeline,
 * 5 minutes after a 6-hour one is nothing. So the schedule makes one promise, with one knob, `maxLagShare`:
 *
 *   whatever happens (success, early stop, failure, a status this code does not know), the call that sees the end
 *   comes at most max(minDelayMs, maxLagShare × time from submission to the end) after it.
 *
 * The scheduler does not know when the end will come, so it keeps the promise the only way that holds for an end at
 * any moment: no sleep is longer than the *lag bound*, max(minDelayMs, maxLagShare × time since submission), at the
 * moment the sleep starts (an end just after a call is seen one sleep later, and the bound only grows with time).
 * Sleeping exactly the bound is a geometric backoff; it is the fewest calls the promise allows. Everything else
 * Einstein tells us only ever makes a sleep *shorter*, to spend calls where the end is likely:
 *
 * - QUEUED, loading the dataset, an unknown status: nothing marks a likely end; sleep the bound. The queue position
 *   and its pace only feed the status line.
 * - Epochs advancing: the cadence (eta.ts) places the last planned epoch in a window; once it is within the bound, the
 *   calls close in on the window, so a training that runs to plan is seen soon after its end rather than up to a bound
 *   later. Before that, a training may stop early after any epoch: when an expected epoch boundary lies just short of
 *   the bound, the sleep is cut to land right after it, so an early stop there is seen at once. Early stops that end
 *   mid-epoch and failures have no such moment; the bound alone covers them.
 * - Every planned epoch done: only the model save is left; poll at a growing share of the time since the last epoch
 *   ended, so the lag is a share of the save, not of the whole run.
 * - A server's Retry-After always wins: the next call is never sooner than it asks, even beyond the bound and
 *   `maxDelayMs`; the decision says so (rule 'retry-after', `retryAfterApplied`).
 *
 * Every delay lies in [minDelayMs, min(lag bound, maxDelayMs)] (Retry-After aside), whatever the bounds, and the
 * decision carries a reason in plain words for the CLI and the workflow query.
 *
 * Pure and deterministic: Temporal workflow code imports this file, so it reads no clock, draws no random numbers and
 * imports nothing from Node. All times come in as inputs (ms since the epoch, or any consistent origin).
 */
import { isTerminal } from '../contract/training-status';
import type { PollObservation } from './training-observation';
import {
  currentRun,
  estimateCadence,
  estimateRunEta,
  normalizeObservations,
  stepInterval,
  stepWindow,
  type EpochCadence,
  type EtaEstimate,
  type TrainingRun,
} from './eta';

export type { PollObservation };

/** The schedule's knobs; every field has a documented default in DEFAULT_POLL_BOUNDS. */
export interface PollBounds {
  /**
   * Floor for every delay (Einstein's rate limits), and so the lag promised to the shortest trainings: below
   * minDelayMs / maxLagShare of elapsed time the bound is minDelayMs. @default 5 s
   */
  minDelayMs: number;
  /**
   * Ceiling for every delay (Retry-After aside). It can only shorten sleeps, never loosen the promise. A value below
   * minDelayMs is raised to minDelayMs: the floor wins, as it protects the API. @default 15 min
   */
  maxDelayMs: number;
  /**
   * The promise: the call that sees the end comes at most max(minDelayMs, maxLagShare × (end − submission)) after
   * the end. In (0, 1]. @default 0.07 (chosen by `npm run bench:polling`: see BENCHMARKS.md)
   */
  maxLagShare: number;
}

export const DEFAULT_POLL_BOUNDS: Readonly<PollBounds> = Object.freeze({
  minDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  maxLagShare: 0.07,
});

export interface PollInput {
  /** When the training was submitted (or adopted, or the wait began): the promise is relative to this moment. */
  submittedAtMs: number;
  /** The moment of the decision: the sleep starts now. */
  nowMs: number;
  /**
   * Recent observations, any order; keep the window small with retainObservations(). The POST's own answer counts:
   * the first delay after a submission is computed from it, with no immediate re-read.
   */
  observations: readonly PollObservation[];
  /**
   * The server's Retry-After from the last call, in ms, when it answered 429/503 with one. It wins over the schedule
   * and over the promise (the decision then says `retryAfterApplied`); leave it out otherwise.
   */
  retryAfterMs?: number;
  bounds?: Partial<PollBounds>;
}

/** Which rule chose the delay (stable codes for tests, logs and metrics). */
export type PollRule =
  | 'awaiting-status'
  | 'terminal'
  | 'queued'
  | 'loading'
  | 'epoch-watch'
  | 'epoch-boundary'
  | 'approaching-eta'
  | 'in-eta-window'
  | 'past-eta'
  | 'finishing'
  | 'unknown-status'
  | 'retry-after';

export interface PollDecision {
  /** How long to wait before the next status call. */
  delayMs: number;
  /** When to call next (nowMs + delayMs): schedule from this, not from a later clock, to keep the promise. */
  nextAtMs: number;
  /** The lag bound at this moment: no sleep of the schedule is longer (Retry-After aside). */
  boundMs: number;
  /** Estimated end of the planned run (absolute ms), when known. Early stopping can make the true end sooner. */
  etaMs?: number;
  rule: PollRule;
  reason: string;
  /** True when the server's Retry-After made the delay longer than the schedule's (it may then exceed boundMs). */
  retryAfterApplied: boolean;
}

/** How many recent observations retainObservations() keeps besides the anchors. */
export const RECENT_OBSERVATIONS = 8;

/** Past the window of the planned end, each sleep is this share of the time since the window closed. */
const OVERDUE_SHARE = 0.5;
/**
 * While the model is saved after the last planned epoch, each sleep is this share of the time since the epoch ended:
 * the lag stays a share of the save, for a handful of calls however long the save.
 */
const SAVE_SHARE = 0.5;
/**
 * How much shorter than the bound a sleep may be made to land just after an expected epoch boundary. Larger catches
 * more early stops at once but costs calls on every epoch: on the bench:polling corpus, 0.15 bought the most p95
 * lag per extra call of the values tried (0.1 to 0.3), measured against the geometric backoff at equal calls.
 */
const BOUNDARY_SLACK = 0.15;
/** Boundaries looked at within one bound (language models run hundreds of short epochs). */
const MAX_BOUNDARIES_AHEAD = 64;

/**
 * Merges defaults with overrides. Any finite positive minDelayMs and maxDelayMs make a schedule (a maxDelayMs below
 * minDelayMs is raised to it); only values that are no duration at all, or a share outside (0, 1], are rejected,
 * naming the field.
 */
export function resolvePollBounds(overrides: Partial<PollBounds> = {}): PollBounds {
  const b: PollBounds = { ...DEFAULT_POLL_BOUNDS, ...stripUndefined(overrides) };
  if (!(Number.isFinite(b.minDelayMs) && b.minDelayMs > 0)) {
    throw new RangeError(`poll bounds: minDelayMs must be a finite number > 0 (ms), got ${b.minDelayMs}`);
  }
  if (!(b.maxDelayMs > 0)) throw new RangeError(`poll bounds: maxDelayMs must be a number > 0 (ms), got ${b.maxDelayMs}`);
  if (!(b.maxLagShare > 0 && b.maxLagShare <= 1)) throw new RangeError(`poll bounds: maxLagShare must be in (0, 1], got ${b.maxLagShare}`);
  // Whole milliseconds, so a rounded delay can never fall outside [minDelayMs, maxDelayMs].
  const minDelayMs = Math.ceil(b.minDelayMs);
  const maxDelayMs = Math.max(minDelayMs, Number.isFinite(b.maxDelayMs) ? Math.floor(b.maxDelayMs) : Number.MAX_SAFE_INTEGER);
  return { minDelayMs, maxDelayMs, maxLagShare: b.maxLagShare };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The lag bound `elapsedMs` after submission: the longest sleep that keeps the promise for an end at any moment.
 * Within [minDelayMs, maxDelayMs] of resolved bounds.
 */
export function lagBoundMs(bounds: PollBounds, elapsedMs: number): number {
  const share = bounds.maxLagShare * Math.max(0, Number.isFinite(elapsedMs) ? elapsedMs : 0);
  return Math.floor(clamp(share, bounds.minDelayMs, bounds.maxDelayMs));
}

/** The single entry point: how long to wait before the next status call, and why. */
export function nextPollDelay(input: PollInput): PollDecision {
  const bounds = resolvePollBounds(input.bounds);
  const observations = normalizeObservations(input.observations);
  const boundMs = lagBoundMs(bounds, input.nowMs - input.submittedAtMs);
  const ctx: Context = { bounds, boundMs, nowMs: input.nowMs, submittedAtMs: input.submittedAtMs, observations };
  const plan = decide(ctx);
  // The rules aim below the bound; this is the guard that makes the promise hold whatever a rule computed.
  const delayMs = Math.floor(clamp(Number.isFinite(plan.delayMs) ? plan.delayMs : boundMs, bounds.minDelayMs, boundMs));
  return applyRetryAfter({ ...plan, delayMs, boundMs, nowMs: input.nowMs }, input.retryAfterMs);
}

interface Context {
  bounds: PollBounds;
  /** The lag bound now. */
  boundMs: number;
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
  if (!latest) return atBound(ctx, 'awaiting-status', 'no status seen yet');
  if (isTerminal(latest.status)) {
    return { delayMs: ctx.bounds.minDelayMs, rule: 'terminal', reason: `status ${latest.status} is final: no further polling needed` };
  }
  if (latest.status === 'QUEUED') return queued(ctx);
  if (latest.status === 'RUNNING') return running(ctx);
  return atBound(ctx, 'unknown-status', `status "${latest.status}" is not one we know, treated as not finished`);
}

/** Nothing marks a likely end: sleep the whole bound. */
function atBound(ctx: Context, rule: PollRule, what: string, etaMs?: number): Plan {
  return { delayMs: ctx.boundMs, rule, reason: `${what}: next check in ${formatDuration(ctx.boundMs)} (the lag bound)`, ...(etaMs !== undefined && { etaMs }) };
}

/** A sleep aimed at a likely end, never beyond the bound. */
function aimed(ctx: Context, delayMs: number, rule: PollRule, what: string, etaMs?: number): Plan {
  if (delayMs >= ctx.boundMs) return atBound(ctx, rule, what, etaMs);
  return { delayMs, rule, reason: `${what}: next check in ${formatDuration(delayMs)}`, ...(etaMs !== undefined && { etaMs }) };
}

// ---------------------------------------------------------------------------------------------------------- queued

function queued(ctx: Context): Plan {
  const positions = queuePositionChanges(ctx.observations);
  const current = positions[positions.length - 1];
  const first = positions[0];
  if (!current) return atBound(ctx, 'queued', 'queued');
  const where = `queued at position ${current.position}`;
  if (!first || first.position <= current.position || current.atMs <= first.atMs) return atBound(ctx, 'queued', where);
  const msPerPlace = (current.atMs - first.atMs) / (first.position - current.position);
  const untilStart = current.atMs + current.position * msPerPlace - ctx.nowMs;
  const expectation = untilStart > 0 ? `start expected in ~${formatDuration(untilStart)}` : `start expected ${formatDuration(-untilStart)} ago`;
  return atBound(ctx, 'queued', `${where}, moving up one place every ~${formatDuration(msPerPlace)} (${expectation})`);
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
  if (!run) return atBound(ctx, 'loading', 'running');
  const cadence = estimateCadence(run);
  const eta = estimateRunEta(run, cadence);
  if (!eta) return atBound(ctx, 'loading', `running ${formatDuration(ctx.nowMs - run.startedAfterMs)}, no epoch done yet`);
  if (eta.basis === 'all-epochs-done') return finishing(ctx, eta);
  const progress = describeProgress(run, cadence);
  // The window as predicted, not clipped to the latest observation: once it has passed, the end is overdue.
  const window = cadence?.totalSteps !== undefined ? stepInterval(cadence, cadence.totalSteps) : eta;
  const planned = plannedEnd(ctx, eta, window, progress);
  if (planned || !cadence) return planned ?? atBound(ctx, 'epoch-watch', `${progress}; planned end in ~${formatDuration(eta.etaMs - ctx.nowMs)}`, eta.etaMs);
  return nextBoundary(ctx, cadence, eta, progress);
}

/**
 * Every planned epoch is done: the end comes once the model is saved. The last epoch ended in (earliestMs, latestMs];
 * each sleep is a share of the time since then, so the lag stays a share of the save.
 */
function finishing(ctx: Context, eta: EtaEstimate): Plan {
  const delayMs = SAVE_SHARE * (ctx.nowMs - eta.earliestMs);
  return aimed(ctx, delayMs, 'finishing', 'all planned epochs done, saving the model', Math.max(ctx.nowMs, eta.etaMs));
}

/**
 * The planned run ends in `window` (then the model save). Once the window is within the bound, the first call lands
 * in its middle, and each next one halves the time left to its close, so a training that runs to plan is seen within
 * a small share of the window. Past the window the last epoch is late (slower epochs than predicted, a wrong guess of
 * the planned epochs, or an early stop being saved): sleeps grow again as a share of the time since the window
 * closed, so an end that does not come costs a few calls, not one every minDelayMs. Undefined while the window is
 * beyond the bound.
 */
function plannedEnd(ctx: Context, eta: EtaEstimate, window: { earliestMs: number; latestMs: number }, progress: string): Plan | undefined {
  const { nowMs } = ctx;
  const floor = ctx.bounds.minDelayMs;
  if (nowMs < window.earliestMs) {
    const delayMs = window.earliestMs - nowMs + (window.latestMs - window.earliestMs) / 2;
    if (delayMs >= ctx.boundMs) return undefined;
    return aimed(ctx, delayMs, 'approaching-eta', `${progress}; planned end in ~${formatDuration(eta.etaMs - nowMs)}`, eta.etaMs);
  }
  if (nowMs < window.latestMs) {
    return aimed(ctx, Math.max(floor, (window.latestMs - nowMs) / 2), 'in-eta-window', `${progress}; planned end expected now`, eta.etaMs);
  }
  const delayMs = Math.max(floor, OVERDUE_SHARE * (nowMs - window.latestMs));
  return aimed(ctx, delayMs, 'past-eta', `${progress}; ${formatDuration(nowMs - window.latestMs)} past the planned end`, nowMs);
}

/**
 * The planned end is beyond the bound, so the run may still stop early, at an epoch boundary plus a model save, or
 * fail at any moment. The bound covers any moment; when the last expected boundary within reach is at most
 * BOUNDARY_SLACK of the bound short of it, the sleep is cut to end just after that boundary, so an early stop there
 * is seen at once instead of up to a bound later. When epochs are longer than the bound, the sleeps up to the next
 * boundary are evened out to land on it, for the same price cap. A boundary already overdue is skipped.
 */
function nextBoundary(ctx: Context, cadence: EpochCadence, eta: EtaEstimate, progress: string): Plan {
  const { nowMs, boundMs } = ctx;
  const what = `${progress}; planned end in ~${formatDuration(eta.etaMs - nowMs)}`;
  const lastPlanned = cadence.totalSteps ?? Number.POSITIVE_INFINITY;
  for (let step = cadence.stepsDone + 1; step < lastPlanned && step <= cadence.stepsDone + MAX_BOUNDARIES_AHEAD; step++) {
    const untilMs = stepWindow(cadence, step).latestMs - nowMs;
    if (untilMs <= 0) continue;
    if (untilMs <= boundMs && step + 1 < lastPlanned && stepWindow(cadence, step + 1).latestMs - nowMs <= boundMs) continue;
    const delayMs = untilMs / Math.ceil(untilMs / boundMs);
    if (delayMs < (1 - BOUNDARY_SLACK) * boundMs) break;
    return aimed(ctx, delayMs, 'epoch-boundary', `${what}; epoch ${step} should be done in ~${formatDuration(untilMs)}`, eta.etaMs);
  }
  return atBound(ctx, 'epoch-watch', what, eta.etaMs);
}

function describeProgress(run: TrainingRun, cadence: EpochCadence | undefined): string {
  const latest = run.running[run.running.length - 1];
  const percent = `${Math.floor((latest?.progress ?? 0) * 100)}%`;
  if (!cadence) return `running, ${percent}`;
  const epochs = cadence.totalSteps !== undefined ? `, epoch ${cadence.stepsDone}/${cadence.totalSteps}` : '';
  return `running, ${percent}${epochs} at ~${formatDuration(cadence.epochMs)} per epoch`;
}

// ------------------------------------------------------------------------------------------------- final touches

function applyRetryAfter(plan: Plan & { delayMs: number; boundMs: number; nowMs: number }, retryAfterMs: number | undefined): PollDecision {
  const { nowMs, ...rest } = plan;
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= plan.delayMs) {
    return { ...rest, nextAtMs: nowMs + plan.delayMs, retryAfterApplied: false };
  }
  const delayMs = Math.ceil(retryAfterMs);
  return {
    ...rest,
    delayMs,
    nextAtMs: nowMs + delayMs,
    rule: 'retry-after',
    reason: `the server asked to retry after ${formatDuration(delayMs)}, longer than the schedule's ${formatDuration(plan.delayMs)} (${plan.reason})`,
    retryAfterApplied: true,
  };
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
