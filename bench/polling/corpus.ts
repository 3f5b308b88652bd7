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
 * - 8 % failures part-way through the epochs and 2 % failures while loading the dataset.
 */
import { Rng, deriveSeed } from '../../src/emulator/rng';
import { buildTimeline, type Timeline, type TimelineSpec } from '../../src/emulator/timeline';
import { trainingSpec } from '../../src/emulator/training-defaults';
import type { DatasetType } from '../../src/emulator/fixture';

export const MIN_DURATION_S = 60;
export const MAX_DURATION_S = 6 * 3600;

export type QueueKind = 'none' | 'short' | 'long';

export interface CorpusTraining {
  index: number;
  type: DatasetType;
  examples: number;
  /** Epochs the request asked for; undefined = the model type's default (Einstein reports 0 while QUEUED). */
  requestedEpochs?: number;
  queue: QueueKind;
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
  const spec: TimelineSpec = {
    ...base,
    noise: rng.between(0.02, 0.3),
    ...(failure < 0.02 ? { failAfterEpochs: 0 } : {}),
  };
  const timeline = buildTimeline(spec);
  return {
    index,
    type,
    examples,
    ...(requestedEpochs !== undefined ? { requestedEpochs } : {}),
    queue: queue.kind,
    spec,
    timeline,
    durationS: timeline.endAt,
  };
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
