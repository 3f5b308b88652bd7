/**
 * The polling corpus: seeded trainings from the emulator's own simulator (trainingSpec → buildTimeline), so the bench
 * polls exactly the trainings the emulator would serve. Every training lasts from one minute to six hours from
 * submission to its terminal status (log-uniform, so short and long ones are equally represented per decade), with:
 *
 * - the model types the emulator knows, with their epoch plans (image types from the dataset size, detection 20,
 *   language 1000 planned and converging after 25–90) and early stopping (half of the image trainings, every
 *   language one, never detection);
 * - sometimes epochs requested explicitly (1–100), as a user may;
 * - queue waits: half only the emulator's scheduling delay (1–5 s), a third a short queue (positions 1–5, up to
 *   5 minutes), the rest a long one (positions 5–40, up to an hour, never more than half the duration);
 * - per-epoch noise from 2 % to 30 %;
 * - 8 % failures part-way through the epochs and 2 % failures while loading the dataset;
 * - a long dataset load (10–50 % of the run instead of the emulator's 3 %) for one training in ten;
 * - early stops that end mid-epoch for half of the early stops: the emulator stops on an epoch boundary, but the
 *   service need not, and a scheduler that only watches boundaries must not be flattered by a corpus that never
 *   breaks that assumption. Such a training is re-timed so that it still ends when it was drawn to.
 *
 * Each training also carries its ending (ran to plan, early stop on a boundary or mid-epoch, failure, or ended before
 * its first epoch), so the bench can report lag by ending.
 */
import { Rng, deriveSeed } from '../../src/emulator/simulator/rng';
import { buildTimeline, type Timeline, type TimelineSpec } from '../../src/emulator/simulator/timeline';
import { trainingSpec } from '../../src/emulator/simulator/training-defaults';
import type { DatasetType } from '../../src/emulator/state/fixture';

export const MIN_DURATION_S = 60;
export const MAX_DURATION_S = 6 * 3600;

export type QueueKind = 'none' | 'short' | 'long';

/** How a training ended, as the bench groups them. */
export type Ending = 'ran-to-plan' | 'early-stop-boundary' | 'early-stop-mid-epoch' | 'failure' | 'before-first-epoch';

export const ENDINGS: readonly { ending: Ending; label: string }[] = [
  { ending: 'ran-to-plan', label: 'ran to plan' },
  { ending: 'early-stop-boundary', label: 'early stop, on an epoch boundary' },
  { ending: 'early-stop-mid-epoch', label: 'early stop, mid-epoch' },
  { ending: 'failure', label: 'failure after ≥ 1 epoch' },
  { ending: 'before-first-epoch', label: 'ended before the first epoch' },
];

/** Share of the early stops that end part-way through an epoch. */
export const MID_EPOCH_STOP_SHARE = 0.5;
/** Share of the trainings whose dataset load is long, and how long (share of the run). */
export const LONG_LOAD_SHARE = 0.1;
export const LONG_LOAD_RUN_SHARE = { min: 0.1, max: 0.5 } as const;

export interface CorpusTraining {
  index: number;
  type: DatasetType;
  examples: number;
  /** Epochs the request asked for; undefined = the model type's default (Einstein reports 0 while QUEUED). */
  requestedEpochs?: number;
  queue: QueueKind;
  /** The dataset load took 10–50 % of the run. */
  longLoad: boolean;
  ending: Ending;
  spec: TimelineSpec;
  timeline: Timeline;
  /** Submission → terminal status, seconds (what a user waits). */
  durationS: number;
}

const TYPES: readonly { type: DatasetType; weight: number; examples: [number, number] }[] = [
  { type: 'image', weight: 0.35, examples: [100, 5000] },
  { type: 'image-multi-label', weight: 0.15, examples: [200, 5000] },
  { type: 'image-detection', weight: 0.15, examples: [100, 1500] },
  { type: 'text-intent', weight: 0.2, examples: [100, 3000] },
  { type: 'text-sentiment', weight: 0.15, examples: [100, 3000] },
];

export function buildCorpus(options: { seed: number; count: number }): CorpusTraining[] {
  if (!(Number.isInteger(options.count) && options.count >= 1)) throw new RangeError(`corpus count must be an integer ≥ 1, got ${options.count}`);
  return Array.from({ length: options.count }, (_, index) => corpusTraining(options.seed, index));
}

function corpusTraining(seed: number, index: number): CorpusTraining {
  const rng = Rng.derive(seed, 'polling-corpus', index);
  const { type, examples: range } = pickWeighted(rng, TYPES);
  const examples = Math.round(logUniform(rng, range[0], range[1]));
  const durationS = logUniform(rng, MIN_DURATION_S, MAX_DURATION_S);
  const queue = pickQueue(rng, durationS);
  const isImage = type === 'image' || type === 'image-multi-label';
  const requestedEpochs = isImage && rng.next() < 0.2 ? rng.int(1, 100) : undefined;
  const failure = rng.next();
  const outcome = failure < 0.1 ? 'FAILED' : 'SUCCEEDED';
  const base = trainingSpec({
    seed: deriveSeed(seed, 'polling-timeline', index),
    type,
    examples,
    ...(requestedEpochs !== undefined ? { epochs: requestedEpochs } : {}),
    runSeconds: durationS - queue.seconds,
    queueSeconds: queue.seconds,
    queuePosition: queue.position,
    outcome,
    ...(outcome === 'FAILED' ? { failureMsg: 'System error, training failed to complete' } : {}),
  });
  const noise = rng.between(0.02, 0.3);
  // Drawn after the emulator's own parameters, so adding them left every earlier draw of a training unchanged.
  const longLoad = rng.next() < LONG_LOAD_SHARE;
  const loadShare = rng.between(LONG_LOAD_RUN_SHARE.min, LONG_LOAD_RUN_SHARE.max);
  const midEpoch = rng.next() < MID_EPOCH_STOP_SHARE;
  const stopShare = rng.between(0.05, 0.95);
  const runSeconds = durationS - queue.seconds;
  const spec: TimelineSpec = {
    ...base,
    noise,
    ...(failure < 0.02 ? { failAfterEpochs: 0 } : {}),
    ...(longLoad ? { datasetLoadSeconds: loadShare * runSeconds } : {}),
  };
  const drawn = buildTimeline(spec);
  const timeline = drawn.earlyStopping && midEpoch ? stopMidEpoch(drawn, stopShare) : drawn;
  return {
    index,
    type,
    examples,
    ...(requestedEpochs !== undefined ? { requestedEpochs } : {}),
    queue: queue.kind,
    longLoad,
    ending: endingOf(timeline),
    spec,
    timeline,
    durationS: timeline.endAt,
  };
}

/**
 * The same early stop, but ending `share` of the way through the last epoch it ran instead of on its boundary: that
 * epoch's boundary is dropped, the model save starts at the stop, and the run is stretched so the training still
 * ends at its drawn moment (the corpus keeps its durations; only where the end falls relative to the epochs moves).
 */
export function stopMidEpoch(t: Timeline, share: number): Timeline {
  const k = t.epochEnds.length;
  const to = t.epochEnds[k - 1];
  if (to === undefined) return t;
  const from = t.epochEnds[k - 2] ?? t.datasetLoadEnd;
  const stopAt = from + share * (to - from);
  const f = (t.endAt - t.startAt) / (stopAt + t.modelSaveSeconds - t.startAt);
  const stretch = (x: number) => t.startAt + (x - t.startAt) * f;
  const datasetLoadEnd = stretch(t.datasetLoadEnd);
  return {
    ...t,
    datasetLoadEnd,
    epochEnds: t.epochEnds.slice(0, k - 1).map(stretch),
    lastEpochDone: k - 1,
    datasetLoadSeconds: datasetLoadEnd - t.startAt,
    trainingSeconds: (stopAt - t.datasetLoadEnd) * f,
    modelSaveSeconds: t.modelSaveSeconds * f,
  };
}

export function endingOf(t: Timeline): Ending {
  if (t.lastEpochDone === 0) return 'before-first-epoch';
  if (t.outcome === 'FAILED') return 'failure';
  if (!t.earlyStopping) return 'ran-to-plan';
  const lastBoundary = t.epochEnds[t.epochEnds.length - 1] ?? t.datasetLoadEnd;
  return Math.abs(t.endAt - t.modelSaveSeconds - lastBoundary) < 1e-6 ? 'early-stop-boundary' : 'early-stop-mid-epoch';
}

function pickQueue(rng: Rng, durationS: number): { kind: QueueKind; seconds: number; position: number } {
  const draw = rng.next();
  if (draw < 0.5) return { kind: 'none', seconds: rng.between(1, 5), position: 1 };
  if (draw < 0.85) return { kind: 'short', seconds: Math.min(durationS / 2, rng.between(10, 300)), position: rng.int(1, 5) };
  return { kind: 'long', seconds: Math.min(durationS / 2, rng.between(300, 3600)), position: rng.int(5, 40) };
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(rng.between(Math.log(min), Math.log(max)));
}

function pickWeighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  let draw = rng.next() * items.reduce((s, i) => s + i.weight, 0);
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item;
  }
  return items[items.length - 1] as T;
}
