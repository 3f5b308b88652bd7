/**
 * The life of one training as a pure function of a seed and a few parameters: when it leaves the queue, when each
 * epoch ends, whether it stops early, when it ends and how. `observe()` answers what GET /train/{modelId} shows at a
 * given moment. The emulator's simulator and the polling benchmark both use this module, so the benchmark measures
 * the same trainings the emulator serves. All times are simulated seconds counted from the submission.
 */
import { Rng, type Range } from './rng';

export type { Range } from './rng';

/** How a training ends. KILLED and FAILED_WITH_RETRIES are documented terminal statuses the emulator reaches only by plan. */
export const TRAINING_OUTCOMES = ['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'] as const;
export type TrainingOutcome = (typeof TRAINING_OUTCOMES)[number];
export type TrainingStatus = 'QUEUED' | 'RUNNING' | TrainingOutcome;
export type TrainingPhase = 'queued' | 'datasetLoad' | 'training' | 'modelSave' | 'done';

/**
 * The queue seen by one training: its position at submission, and the moments (ascending) at which a training ahead
 * of it leaves the queue, each lowering its position by one. Compact on purpose: a burst of a thousand trainings
 * costs one number per training ahead, not one object.
 */
export interface QueuePlan {
  /** RUNNING begins. */
  startAt: number;
  position: number;
  departures: number[];
}

export interface EarlyStoppingSpec {
  /** Chance that the training converges before its planned epochs; default 1. */
  probability?: number;
  /** Epoch of convergence as a share of the planned epochs (e.g. {min: 0.5, max: 0.9}). */
  atFraction?: Range;
  /** Epoch of convergence as an absolute number (language models converge after tens of epochs). Wins over atFraction. */
  atEpoch?: Range;
}

export interface TimelineSpec {
  seed: number;
  /** Planned epochs (≥ 1). */
  epochs: number;
  /** Actual RUNNING time, dataset load to model save. When set, epoch durations are derived from it. */
  runSeconds?: Range;
  /** Mean duration of one epoch, used when runSeconds is absent; default 10. */
  epochSeconds?: Range;
  /** Default: 3% of runSeconds, or 2–5 s. */
  datasetLoadSeconds?: Range;
  /** Default: 1% of runSeconds, or 0.5–2 s. */
  modelSaveSeconds?: Range;
  /** Time spent QUEUED; default 0. Ignored when `queue` is given. */
  queueSeconds?: Range;
  /** Queue position at submission when queueSeconds > 0; it falls to 1 at seeded moments. Default 1. */
  queuePosition?: number;
  /** An explicit queue (the emulator's shared queue decides it). */
  queue?: QueuePlan;
  /** false or absent: every planned epoch runs. */
  earlyStopping?: false | EarlyStoppingSpec;
  /** Relative jitter of each epoch's duration, 0–0.9; default 0.1. */
  noise?: number;
  outcome?: TrainingOutcome;
  failureMsg?: string;
  /**
   * For a failure outcome (FAILED, KILLED, FAILED_WITH_RETRIES): completed epochs before the failure, which strikes
   * part-way through the next epoch (0 = fails during dataset load). Default: seeded, 20–80 %.
   */
  failAfterEpochs?: number;
  /**
   * For SUCCEEDED: the training converges after this many completed epochs and stops part-way through the next one
   * (the stop is decided mid-epoch), then saves the model. Wins over `earlyStopping`; ≥ epochs means no early stop.
   */
  earlyStopAfterEpochs?: number;
}

export interface Timeline {
  epochs: number;
  queue: QueuePlan;
  /** RUNNING begins (same as queue.startAt). */
  startAt: number;
  /** Dataset load ends (epochs begin). */
  datasetLoadEnd: number;
  /** End time of each completed epoch, ascending. Its length is lastEpochDone. */
  epochEnds: number[];
  /** Terminal time (any outcome). */
  endAt: number;
  lastEpochDone: number;
  /** True when the training converged before its planned epochs. */
  earlyStopping: boolean;
  outcome: TrainingOutcome;
  failureMsg?: string;
  datasetLoadSeconds: number;
  trainingSeconds: number;
  modelSaveSeconds: number;
}

export interface TrainingObservation {
  status: TrainingStatus;
  phase: TrainingPhase;
  /** 0–1, stepwise per epoch, never decreasing, exactly 1 at SUCCEEDED. */
  progress: number;
  /** Present only while QUEUED. */
  queuePosition?: number;
  epochsDone: number;
  terminal: boolean;
  failureMsg?: string;
  /** The true moments (not visible through the API): when RUNNING starts and when the training ends. */
  startAt: number;
  endAt: number;
  /** Last status change at or before t (drives `updatedAt`). */
  lastChangeAt: number;
}

const DEFAULT_NOISE = 0.1;
const DEFAULT_FAILURE_MESSAGES: Record<TrainingOutcome, string> = {
  SUCCEEDED: '',
  FAILED: 'System error, training failed to complete',
  KILLED: 'The training was killed before it completed',
  FAILED_WITH_RETRIES: 'System error, training failed to complete after retries',
};
const RUNNING_PROGRESS_CAP = 0.99;

export function buildTimeline(spec: TimelineSpec): Timeline {
  if (!Number.isInteger(spec.epochs) || spec.epochs < 1) throw new RangeError('TimelineSpec.epochs must be an integer ≥ 1');
  const rng = new Rng(spec.seed);
  const queue = spec.queue ?? sampleQueue(rng, spec);
  const plannedDone = sampleLastEpoch(rng, spec);
  const outcome = spec.outcome ?? 'SUCCEEDED';
  const failed = isFailure(outcome);
  const plannedStop = failed ? undefined : plannedEarlyStop(spec);
  const lastEpoch = failed ? sampleFailurePoint(rng, spec, plannedDone) : (plannedStop ?? plannedDone);
  // A failure after some epochs, and a planned early stop, end part-way through the next epoch.
  const endsMidEpoch = failed ? lastEpoch > 0 : plannedStop !== undefined;
  const durations = sampleDurations(rng, spec, failed, lastEpoch, endsMidEpoch);

  const datasetLoadEnd = queue.startAt + durations.load;
  const epochEnds: number[] = [];
  let t = datasetLoadEnd;
  for (let i = 0; i < lastEpoch; i++) {
    t += durations.epochs[i] ?? 0;
    epochEnds.push(t);
  }
  const trainingEnd = t + durations.partialEpoch;
  const endAt = trainingEnd + durations.save;
  return {
    epochs: spec.epochs,
    queue,
    startAt: queue.startAt,
    datasetLoadEnd,
    epochEnds,
    endAt,
    lastEpochDone: epochEnds.length,
    earlyStopping: !failed && lastEpoch < spec.epochs,
    outcome,
    ...(failed ? { failureMsg: spec.failureMsg ?? DEFAULT_FAILURE_MESSAGES[outcome] } : {}),
    datasetLoadSeconds: durations.load,
    trainingSeconds: trainingEnd - datasetLoadEnd,
    modelSaveSeconds: durations.save,
  };
}

/** What GET /train/{modelId} shows `t` simulated seconds after the submission. */
export function observe(timeline: Timeline, t: number): TrainingObservation {
  const base = { startAt: timeline.startAt, endAt: timeline.endAt };
  if (t < timeline.startAt) {
    return {
      ...base,
      status: 'QUEUED',
      phase: 'queued',
      progress: 0,
      queuePosition: Math.max(1, timeline.queue.position - countAtOrBefore(timeline.queue.departures, t)),
      epochsDone: 0,
      terminal: false,
      lastChangeAt: 0,
    };
  }
  const epochsDone = countAtOrBefore(timeline.epochEnds, t);
  if (t >= timeline.endAt) {
    const succeeded = timeline.outcome === 'SUCCEEDED';
    return {
      ...base,
      status: timeline.outcome,
      phase: 'done',
      progress: succeeded ? 1 : runningProgress(timeline, epochsDone),
      epochsDone,
      terminal: true,
      ...(succeeded ? {} : { failureMsg: timeline.failureMsg }),
      lastChangeAt: timeline.endAt,
    };
  }
  return {
    ...base,
    status: 'RUNNING',
    phase: runningPhase(timeline, t, epochsDone),
    progress: runningProgress(timeline, epochsDone),
    epochsDone,
    terminal: false,
    lastChangeAt: timeline.startAt,
  };
}

export function isFailure(outcome: TrainingOutcome): boolean {
  return outcome !== 'SUCCEEDED';
}

function runningPhase(timeline: Timeline, t: number, epochsDone: number): TrainingPhase {
  if (t < timeline.datasetLoadEnd) return 'datasetLoad';
  // A failure never saves a model; a success saves once its last epoch, and any partial epoch after it, is over.
  const trainingEnd = timeline.datasetLoadEnd + timeline.trainingSeconds;
  const saving = timeline.outcome === 'SUCCEEDED' && epochsDone >= timeline.lastEpochDone && t >= trainingEnd;
  return saving ? 'modelSave' : 'training';
}

/** Share of planned epochs done, floored to 4 decimals, below 1 until the training has SUCCEEDED. */
function runningProgress(timeline: Timeline, epochsDone: number): number {
  const share = Math.floor((epochsDone / timeline.epochs) * 10_000) / 10_000;
  return Math.min(RUNNING_PROGRESS_CAP, share);
}

/** Number of sorted values ≤ t (binary search: a language training may plan 1000 epochs). */
function countAtOrBefore(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampleQueue(rng: Rng, spec: TimelineSpec): QueuePlan {
  const startAt = Math.max(0, rng.sample(spec.queueSeconds ?? 0));
  const position = Math.max(1, Math.floor(spec.queuePosition ?? 1));
  // The trainings ahead leave at seeded moments inside the wait.
  const departures = Array.from({ length: position - 1 }, () => rng.between(0, startAt)).sort((a, b) => a - b);
  return { startAt, position, departures };
}

function sampleLastEpoch(rng: Rng, spec: TimelineSpec): number {
  const early = spec.earlyStopping;
  const draw = rng.next();
  if (!early || draw >= (early.probability ?? 1)) return spec.epochs;
  const stopAt =
    early.atEpoch !== undefined
      ? rng.sample(early.atEpoch)
      : spec.epochs * rng.sample(early.atFraction ?? { min: 0.3, max: 0.9 });
  return Math.min(spec.epochs, Math.max(1, Math.round(stopAt)));
}

/** The planned early stop of a success, when it falls before the last planned epoch. */
function plannedEarlyStop(spec: TimelineSpec): number | undefined {
  if (spec.earlyStopAfterEpochs === undefined) return undefined;
  const stop = Math.max(1, Math.floor(spec.earlyStopAfterEpochs));
  return stop < spec.epochs ? stop : undefined;
}

function sampleFailurePoint(rng: Rng, spec: TimelineSpec, plannedDone: number): number {
  if (spec.failAfterEpochs !== undefined) return Math.min(plannedDone, Math.max(0, Math.floor(spec.failAfterEpochs)));
  return Math.floor(plannedDone * rng.between(0.2, 0.8));
}

interface Durations {
  load: number;
  epochs: number[];
  partialEpoch: number;
  save: number;
}

/**
 * Draws in a fixed order (load, save, epochs, partial epoch) so a spec without the newer fields replays the
 * timelines it always gave. A failure saves no model; one with no epoch done ends the dataset load.
 */
function sampleDurations(rng: Rng, spec: TimelineSpec, failed: boolean, epochCount: number, endsMidEpoch: boolean): Durations {
  const noise = Math.min(0.9, Math.max(0, spec.noise ?? DEFAULT_NOISE));
  const target = spec.runSeconds === undefined ? undefined : Math.max(0.001, rng.sample(spec.runSeconds));
  const load = rng.sample(spec.datasetLoadSeconds ?? (target !== undefined ? target * 0.03 : { min: 2, max: 5 }));
  const save = failed ? 0 : rng.sample(spec.modelSaveSeconds ?? (target !== undefined ? target * 0.01 : { min: 0.5, max: 2 }));
  const mean = rng.sample(spec.epochSeconds ?? 10);
  const epochs = Array.from({ length: epochCount }, () => rng.jitter(mean, noise));
  const partialEpoch = endsMidEpoch ? rng.jitter(mean, noise) * rng.between(0.1, 0.9) : 0;
  const raw: Durations = { load, epochs, partialEpoch, save };
  return target === undefined ? raw : scaleTo(raw, target);
}

/**
 * Stretches or shrinks the epochs so the RUNNING time is exactly `target` seconds. Dataset load and model save are
 * already sized from the target (3 % and 1 % by default), so only the training part absorbs the difference.
 */
function scaleTo(d: Durations, target: number): Durations {
  const fixed = Math.min(d.load + d.save, target);
  const training = d.epochs.reduce((a, b) => a + b, 0) + d.partialEpoch;
  const k = training > 0 ? (target - fixed) / training : 0;
  if (k === 0) {
    const save = Math.min(d.save, target);
    return { load: target - save, epochs: d.epochs.map(() => 0), partialEpoch: 0, save };
  }
  return { load: d.load, epochs: d.epochs.map((e) => e * k), partialEpoch: d.partialEpoch * k, save: d.save };
}
