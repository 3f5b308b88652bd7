/**
 * When will a training end? Estimates from the status observations the retrain workflow keeps.
 *
 * Einstein reports `progress` as the share of *planned* epochs done, so it moves in steps (one per epoch) and stays
 * flat in between. The estimate therefore works on epoch boundaries, not on the last two points: it counts the
 * epochs between two observed steps, brackets the moment of each step between the last observation before it and the
 * first one after it, and takes the pair of steps that pins the epoch duration most tightly. Without epoch
 * information (continuous progress) it falls back to the progress rate between the first and the latest change.
 *
 * The result is the end of the *planned* run. A training may converge early (`earlyStopping`), so the true end can be
 * much sooner: callers must treat the estimate as an upper guide, never as a promise.
 *
 * Pure and deterministic (Temporal workflow code imports it): no clock, no randomness, no Node modules.
 */
import type { PollObservation } from './training-observation';

/** Relative spread allowed between two epochs of one training (the emulator draws ±10 %). */
export const EPOCH_JITTER = 0.12;
/** Einstein keeps RUNNING progress below 1; from this value on, all planned epochs may be done. */
const PROGRESS_CAP = 0.99;
/** Progress is reported with 4 decimals (floored); a step is recognised within this tolerance. */
const PROGRESS_TOLERANCE = 1.5e-4;
const MAX_PLANNED_EPOCHS = 1000;

/** The RUNNING part of the current training. */
export interface TrainingRun {
  /** RUNNING observations, oldest first. */
  running: PollObservation[];
  /** The run began after this moment: the last observation before it, or the submission. */
  startedAfterMs: number;
}

/** One observed change of the completed-epoch count: it happened in (afterMs, byMs]. */
export interface StepEvent {
  fromStep: number;
  toStep: number;
  afterMs: number;
  byMs: number;
}

export interface EpochCadence {
  /** Mean duration of one epoch. */
  epochMs: number;
  /** Half-width of the uncertainty on epochMs. */
  epochErrorMs: number;
  /** Completed epochs at the latest observation. */
  stepsDone: number;
  /** Planned epochs, when known or inferable. */
  totalSteps?: number;
  /** The latest step happened in (afterMs, byMs]. */
  lastStep: StepEvent;
  /** Time of the latest observation: the next step had not happened yet then. */
  observedAtMs: number;
}

export type EtaBasis = 'epoch-cadence' | 'progress-rate' | 'all-epochs-done';

export interface EtaEstimate {
  /** Most likely end of the planned run (absolute ms). */
  etaMs: number;
  /** The planned run should not end before this... */
  earliestMs: number;
  /** ...nor, if epochs keep their pace, after this. */
  latestMs: number;
  basis: EtaBasis;
  /** Planned epochs still to run, when epochs are known. */
  remainingEpochs?: number;
}

/** Drops unusable observations, clamps progress to [0, 1] and orders by time (stable for equal times). */
export function normalizeObservations<T extends PollObservation>(observations: readonly T[]): T[] {
  return observations
    .filter((o) => Number.isFinite(o.atMs) && typeof o.status === 'string')
    .map((o) => ({ ...o, progress: Number.isFinite(o.progress) ? Math.min(1, Math.max(0, o.progress)) : 0 }))
    .map((o, index) => ({ o, index }))
    .sort((a, b) => a.o.atMs - b.o.atMs || a.index - b.index)
    .map(({ o }) => o);
}

/**
 * The trailing block of RUNNING observations. A fall in progress (a new training of the same model) starts a new run.
 * Expects normalized observations. Returns undefined when the latest observation is not RUNNING.
 */
export function currentRun(observations: readonly PollObservation[], submittedAtMs: number): TrainingRun | undefined {
  let start = observations.length;
  while (start > 0 && observations[start - 1]?.status === 'RUNNING') start--;
  if (start === observations.length) return undefined;
  for (let i = observations.length - 1; i > start; i--) {
    if (completedShare(observations[i]) + PROGRESS_TOLERANCE < completedShare(observations[i - 1])) {
      start = i;
      break;
    }
  }
  const before = observations[start - 1];
  return { running: observations.slice(start), startedAfterMs: before ? before.atMs : submittedAtMs };
}

function completedShare(o: PollObservation | undefined): number {
  if (!o) return 0;
  if (o.lastEpochDone !== undefined && o.epochs !== undefined && o.epochs > 0) return o.lastEpochDone / o.epochs;
  return o.progress;
}

/**
 * Planned epochs of the run: the reported `epochs` when present, else the smallest count that explains every
 * observed progress value as (completed epochs / planned epochs). Undefined when progress does not look stepwise.
 */
export function inferTotalSteps(running: readonly PollObservation[]): number | undefined {
  const reported = [...running].reverse().find((o) => o.epochs !== undefined && o.epochs > 0)?.epochs;
  if (reported !== undefined) return Math.round(reported);
  const values = distinct(running.map((o) => o.progress).filter((p) => p > PROGRESS_TOLERANCE && p < PROGRESS_CAP - 1e-9));
  if (values.length === 0) return undefined;
  for (let total = 1; total <= MAX_PLANNED_EPOCHS; total++) {
    if (values.every((p) => Math.abs(Math.round(p * total) / total - p) <= PROGRESS_TOLERANCE)) return total;
  }
  return undefined;
}

function distinct(values: number[]): number[] {
  const out: number[] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last === undefined || v - last > PROGRESS_TOLERANCE / 2) out.push(v);
  }
  return out;
}

/** Completed epochs shown by one observation (`lastEpochDone` when reported, else progress × planned epochs). */
export function stepsDoneAt(o: PollObservation, totalSteps: number): number {
  if (o.lastEpochDone !== undefined && o.lastEpochDone >= 0) return Math.round(o.lastEpochDone);
  if (o.progress >= PROGRESS_CAP - 1e-9) return Math.max(Math.round(o.progress * totalSteps), Math.ceil(PROGRESS_CAP * totalSteps - 1e-9));
  return Math.round(o.progress * totalSteps);
}

/** Every increase of the completed-epoch count seen in the run, with the interval that brackets it. */
export function stepEvents(run: TrainingRun, totalSteps: number): StepEvent[] {
  const events: StepEvent[] = [];
  let previousStep = 0;
  let previousAt = run.startedAfterMs;
  for (const o of run.running) {
    const step = stepsDoneAt(o, totalSteps);
    if (step > previousStep) events.push({ fromStep: previousStep, toStep: step, afterMs: previousAt, byMs: o.atMs });
    previousStep = Math.max(previousStep, step);
    previousAt = o.atMs;
  }
  return events;
}

/**
 * Epoch duration from the two observed steps that bound it most tightly. The first step of a run also contains the
 * dataset load, so it is only used on its own, as a coarse upper estimate, when nothing better exists.
 */
export function estimateCadence(run: TrainingRun): EpochCadence | undefined {
  const totalSteps = inferTotalSteps(run.running);
  if (totalSteps === undefined) return undefined;
  const events = stepEvents(run, totalSteps);
  const last = events[events.length - 1];
  if (!last) return undefined;
  const latest = run.running[run.running.length - 1];
  const stepsDone = latest ? stepsDoneAt(latest, totalSteps) : last.toStep;
  const observedAtMs = latest ? latest.atMs : last.byMs;
  const best = tightestPair(events);
  if (best) return { ...best, stepsDone, totalSteps, lastStep: last, observedAtMs };
  // One step only: it spans the dataset load too, so the epoch can be anything up to the whole elapsed time.
  const epochMs = (midpoint(last) - run.startedAfterMs) / last.toStep;
  return { epochMs, epochErrorMs: epochMs / 2, stepsDone, totalSteps, lastStep: last, observedAtMs };
}

function tightestPair(events: StepEvent[]): { epochMs: number; epochErrorMs: number } | undefined {
  let best: { epochMs: number; epochErrorMs: number } | undefined;
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const a = events[i];
      const b = events[j];
      if (!a || !b || b.toStep <= a.toStep) continue;
      // Each event brackets the moment its last epoch completed, so any two give the mean epoch between them.
      const epochs = b.toStep - a.toStep;
      const epochMs = (midpoint(b) - midpoint(a)) / epochs;
      const epochErrorMs = (width(a) + width(b)) / 2 / epochs;
      if (epochMs > 0 && (!best || epochErrorMs < best.epochErrorMs)) best = { epochMs, epochErrorMs };
    }
  }
  return best;
}

const midpoint = (e: StepEvent): number => (e.afterMs + e.byMs) / 2;
const width = (e: StepEvent): number => e.byMs - e.afterMs;

/**
 * The moment the run should complete step `step` (> stepsDone), as an interval. Epoch jitter adds up like a random
 * walk, so the spread grows with the square root of the epochs ahead; the error on the mean epoch grows linearly.
 * The interval is as the cadence predicts it, even when it lies wholly before the latest observation (the step is
 * then overdue); stepWindow() clips it to what is still possible.
 */
export function stepInterval(cadence: EpochCadence, step: number): { earliestMs: number; latestMs: number } {
  const ahead = Math.max(0, step - cadence.lastStep.toStep);
  const centre = midpoint(cadence.lastStep) + ahead * cadence.epochMs;
  const spread = width(cadence.lastStep) / 2 + EPOCH_JITTER * cadence.epochMs * Math.sqrt(ahead) + ahead * cadence.epochErrorMs;
  return { earliestMs: centre - spread, latestMs: centre + spread };
}

/** stepInterval() clipped to what is still possible: the step had not happened by the latest observation. */
export function stepWindow(cadence: EpochCadence, step: number): { earliestMs: number; latestMs: number } {
  const raw = stepInterval(cadence, step);
  const earliestMs = Math.max(cadence.observedAtMs, raw.earliestMs);
  return { earliestMs, latestMs: Math.max(earliestMs, raw.latestMs) };
}

/**
 * Estimated end of the planned run, or undefined while nothing is known (queued, or no progress yet).
 * `submittedAtMs` bounds the start of the run when the window holds no earlier observation.
 */
export function estimateEta(observations: readonly PollObservation[], submittedAtMs?: number): EtaEstimate | undefined {
  const sorted = normalizeObservations(observations);
  const run = currentRun(sorted, submittedAtMs ?? sorted[0]?.atMs ?? 0);
  return run ? estimateRunEta(run) : undefined;
}

/** estimateEta() for a run already extracted; pass its cadence when it is already known. */
export function estimateRunEta(run: TrainingRun, cadence: EpochCadence | undefined = estimateCadence(run)): EtaEstimate | undefined {
  return cadence ? etaFromCadence(cadence) : etaFromRate(run);
}

function etaFromCadence(cadence: EpochCadence): EtaEstimate {
  const total = cadence.totalSteps ?? cadence.stepsDone;
  if (cadence.stepsDone >= total) {
    const { afterMs, byMs } = cadence.lastStep;
    return { etaMs: byMs, earliestMs: afterMs, latestMs: byMs, basis: 'all-epochs-done', remainingEpochs: 0 };
  }
  const window = stepWindow(cadence, total);
  return {
    etaMs: (window.earliestMs + window.latestMs) / 2,
    ...window,
    basis: 'epoch-cadence',
    remainingEpochs: total - cadence.stepsDone,
  };
}

/** Continuous progress: the rate between the first and the latest change, extrapolated to 1. */
function etaFromRate(run: TrainingRun): EtaEstimate | undefined {
  const changes: { atMs: number; progress: number }[] = [];
  let previous = 0;
  for (const o of run.running) {
    if (o.progress > previous + PROGRESS_TOLERANCE / 2) changes.push({ atMs: o.atMs, progress: o.progress });
    previous = Math.max(previous, o.progress);
  }
  const first = changes[0];
  const last = changes[changes.length - 1];
  if (!first || !last) return undefined;
  const rate =
    last.progress > first.progress && last.atMs > first.atMs
      ? (last.progress - first.progress) / (last.atMs - first.atMs)
      : last.progress / Math.max(1, last.atMs - run.startedAfterMs);
  const etaMs = last.atMs + (1 - last.progress) / rate;
  const spread = (etaMs - last.atMs) * 0.25;
  return { etaMs, earliestMs: etaMs - spread, latestMs: etaMs + spread, basis: 'progress-rate' };
}
