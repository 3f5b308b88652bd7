/**
 * Synthetic trainings for the poll-schedule tests: a queue, a dataset load, epochs of jittered length with stepwise
 * progress (floored to 4 decimals and held below 1 while RUNNING, as the emulator reports it), an optional early
 * stop, a model save, and the end. Deterministic from a seed. Plus a driver that polls one training with
 * nextPollDelay (or at a fixed interval) and reports the calls made and the detection lag.
 */
import {
  nextPollDelay,
  retainObservations,
  type PollBounds,
  type PollDecision,
  type PollObservation,
} from '../../../src/polling/poll-schedule';

export interface TrainingScript {
  seed: number;
  /** Planned epochs. */
  epochs: number;
  /** Mean epoch duration. */
  epochMs: number;
  /** Epochs actually run (early stop when < epochs); default all. */
  stopAfterEpochs?: number;
  loadMs?: number;
  saveMs?: number;
  queueMs?: number;
  /** Position at submission; falls evenly to 1 during the queue wait. */
  queuePosition?: number;
  /** Relative epoch jitter, default 0.1. */
  jitter?: number;
  outcome?: 'SUCCEEDED' | 'FAILED';
}

export interface SyntheticTraining {
  script: TrainingScript;
  startAtMs: number;
  epochEndsMs: number[];
  endAtMs: number;
}

/** A small deterministic generator (LCG): the tests need repeatable jitter, not statistical quality. */
function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function buildTraining(script: TrainingScript): SyntheticTraining {
  const random = lcg(script.seed);
  const jitter = script.jitter ?? 0.1;
  const startAtMs = script.queueMs ?? 0;
  const done = Math.min(script.epochs, script.stopAfterEpochs ?? script.epochs);
  const epochEndsMs: number[] = [];
  let t = startAtMs + (script.loadMs ?? 2_000);
  for (let i = 0; i < done; i++) {
    t += script.epochMs * (1 + jitter * (2 * random() - 1));
    epochEndsMs.push(t);
  }
  return { script, startAtMs, epochEndsMs, endAtMs: t + (script.saveMs ?? 1_000) };
}

/** Submission at 0; what GET /train/{modelId} shows at `atMs`. */
export function observeTraining(training: SyntheticTraining, atMs: number, withEpochs = false): PollObservation & { terminal: boolean } {
  const { script } = training;
  if (atMs < training.startAtMs) {
    const initial = script.queuePosition ?? 1;
    const share = training.startAtMs > 0 ? atMs / training.startAtMs : 1;
    const queuePosition = Math.max(1, initial - Math.floor(share * initial));
    return { atMs, status: 'QUEUED', progress: 0, queuePosition, terminal: false };
  }
  const doneEpochs = training.epochEndsMs.filter((end) => end <= atMs).length;
  const epochFields = withEpochs ? { epochs: script.epochs, lastEpochDone: doneEpochs } : {};
  if (atMs >= training.endAtMs) {
    const status = script.outcome ?? 'SUCCEEDED';
    return { atMs, status, progress: status === 'SUCCEEDED' ? 1 : stepProgress(doneEpochs, script.epochs), ...epochFields, terminal: true };
  }
  return { atMs, status: 'RUNNING', progress: stepProgress(doneEpochs, script.epochs), ...epochFields, terminal: false };
}

function stepProgress(done: number, planned: number): number {
  return Math.min(0.99, Math.floor((done / planned) * 10_000) / 10_000);
}

export interface PollRun {
  calls: number;
  /** Time between the true end and the call that saw it. */
  lagMs: number;
  durationMs: number;
  decisions: PollDecision[];
  /** Largest observation window the workflow would have kept. */
  largestWindow: number;
}

/** Polls like the workflow: the submission answer is the first observation, then one GET per decision. */
export function pollAdaptively(training: SyntheticTraining, options: { bounds?: Partial<PollBounds>; withEpochs?: boolean } = {}): PollRun {
  let window = retainObservations([], observeTraining(training, 0, options.withEpochs));
  let nowMs = 0;
  const decisions: PollDecision[] = [];
  let largestWindow = window.length;
  for (let calls = 1; calls < 100_000; calls++) {
    const decision = nextPollDelay({ submittedAtMs: 0, nowMs, observations: window, ...(options.bounds ? { bounds: options.bounds } : {}) });
    decisions.push(decision);
    nowMs += decision.delayMs;
    const seen = observeTraining(training, nowMs, options.withEpochs);
    if (seen.terminal) return { calls, lagMs: nowMs - training.endAtMs, durationMs: training.endAtMs, decisions, largestWindow };
    window = retainObservations(window, seen);
    largestWindow = Math.max(largestWindow, window.length);
  }
  throw new Error('polling never saw the end');
}

/** Fixed-interval polling: GET at k × interval until one sees the end. */
export function pollEvery(training: SyntheticTraining, intervalMs: number): { calls: number; lagMs: number } {
  const calls = Math.max(1, Math.ceil(training.endAtMs / intervalMs));
  return { calls, lagMs: calls * intervalMs - training.endAtMs };
}

/**
 * A mixed, seeded population of trainings from one minute to six hours (log-uniform), shaped like Einstein's:
 * image models plan 3–50 epochs and stop early half the time (at 60–95 %), detection runs all 20, language plans
 * 1000 and converges after 25–90. Model saves are either a few seconds or 1 % of the run; 30 % wait in a queue.
 */
export function trainingPopulation(seed: number, count: number): SyntheticTraining[] {
  const random = lcg(seed);
  const between = (min: number, max: number) => min + (max - min) * random();
  const out: SyntheticTraining[] = [];
  for (let i = 0; i < count; i++) {
    const durationMs = Math.exp(between(Math.log(60_000), Math.log(6 * 3_600_000)));
    const kind = Math.floor(random() * 3);
    const epochs = kind === 0 ? 3 + Math.floor(random() * 48) : kind === 1 ? 20 : 1000;
    const earlyStop = kind === 0 ? random() < 0.5 : kind === 2;
    const stopAfterEpochs = !earlyStop ? epochs : kind === 2 ? 25 + Math.floor(random() * 66) : Math.max(1, Math.round(epochs * between(0.6, 0.95)));
    const queued = random() < 0.3;
    out.push(
      buildTraining({
        seed: seed * 10_000 + i,
        epochs,
        stopAfterEpochs,
        epochMs: (durationMs * 0.96) / stopAfterEpochs,
        loadMs: durationMs * 0.03,
        saveMs: random() < 0.5 ? between(500, 3_000) : durationMs * 0.01,
        ...(queued ? { queueMs: between(10_000, 600_000), queuePosition: 1 + Math.floor(random() * 5) } : {}),
      }),
    );
  }
  return out;
}
