/**
 * The training simulator: a shared queue with limited capacity and one timeline per training (see timeline.ts).
 * Nothing runs in the background: a training's whole future is planned when it is submitted, and its state at any
 * moment is computed from the injected clock, so a thousand trainings cost a thousand small records.
 *
 * Time: the simulation runs in simulated seconds, `timeScale` of them per real second. Timestamps in responses stay
 * on the real clock (a client comparing `updatedAt` with its own clock sees consistent times); `trainStats` report
 * simulated durations, as the real service would for the same training.
 */
import type { Clock } from './clock';
import type { TrainingPlan } from '../control/control-types';
import type { SimState } from '../state/persisted-state';
import { Rng, deriveSeed } from './rng';
import { snapshotOf, type DatasetState, type ModelState, type TrainingParams, type TrainingRun } from '../state/state';
import { buildTimeline, observe, type QueuePlan, type TrainingObservation } from './timeline';
import { MIN_EXAMPLES_PER_LABEL, TOO_FEW_EXAMPLES_FAILURE, defaultFailureMsg, trainingSpec } from './training-defaults';

export interface SimulatorOptions {
  seed: number;
  /** Simulated seconds per real second. */
  timeScale: number;
  /** Trainings RUNNING at once across the emulator. */
  queueCapacity: number;
  clock: Clock;
}

export interface SubmitRequest {
  model: Pick<ModelState, 'modelId' | 'modelType'>;
  dataset: DatasetState;
  kind: 'train' | 'retrain';
  params: TrainingParams;
}

/** Any plan registered under this key applies to the next training of any model without a plan of its own. */
export const ANY_MODEL = '*';

export class TrainingSimulator {
  readonly seed: number;
  readonly timeScale: number;
  readonly queueCapacity: number;
  private readonly clock: Clock;
  /** Real time of simulated second 0; a restored simulator keeps the original, so trainings go on on the wall clock. */
  private originMs: number;
  /** Simulated time at which each RUNNING slot becomes free. */
  private slotFreeAt: number[];
  /** Start times of trainings that were still QUEUED at the last submission. */
  private waitingStarts: number[] = [];
  private submitted = 0;
  private readonly plans = new Map<string, TrainingPlan>();

  constructor(options: SimulatorOptions) {
    if (!(options.timeScale > 0)) throw new RangeError('timeScale must be > 0');
    if (!(Number.isInteger(options.queueCapacity) && options.queueCapacity >= 1)) {
      throw new RangeError('queueCapacity must be an integer ≥ 1');
    }
    this.seed = options.seed;
    this.timeScale = options.timeScale;
    this.queueCapacity = options.queueCapacity;
    this.clock = options.clock;
    this.originMs = options.clock.nowMs();
    this.slotFreeAt = Array.from({ length: options.queueCapacity }, () => -Infinity);
  }

  /** Simulated seconds since the simulator started. */
  simNow(): number {
    return this.simAt(this.clock.nowMs());
  }

  /** The simulated moment of a real timestamp (ms). */
  simAt(ms: number): number {
    return ((ms - this.originMs) / 1000) * this.timeScale;
  }

  /** Real timestamp (ms) of a simulated moment. */
  toMs(sim: number): number {
    return this.originMs + (sim * 1000) / this.timeScale;
  }

  planNext(modelId: string, plan: TrainingPlan): void {
    this.plans.set(modelId, plan);
  }

  /** What the training shows now, or at real time `atMs` (one clock reading for a view and what is recorded of it). */
  observe(run: TrainingRun, atMs?: number): TrainingObservation {
    const now = atMs === undefined ? this.simNow() : this.simAt(atMs);
    return observe(run.timeline, now - run.submittedSim);
  }

  /** True while the model's latest training is QUEUED or RUNNING. */
  isTraining(model: ModelState): boolean {
    const run = model.runs[model.runs.length - 1];
    return run !== undefined && !this.observe(run).terminal;
  }

  submit(request: SubmitRequest): TrainingRun {
    const now = this.simNow();
    const index = this.submitted++;
    const seed = deriveSeed(this.seed, 'training', index);
    const plan = this.takePlan(request.model.modelId);
    const queueWait = Math.max(0.001, plan?.queueSeconds ?? new Rng(deriveSeed(seed, 'queue')).between(1, 5));
    const { slot, queue } = this.enqueue(now, queueWait);
    const run = this.planRun(request, { seed, now, plan, queue });
    this.slotFreeAt[slot] = now + run.timeline.endAt;
    this.waitingStarts.push(now + queue.startAt);
    return run;
  }

  /** A training that ended `endedAgoSeconds` real seconds before the simulator started (the fixture's history). */
  pastRun(request: SubmitRequest, outcome: TrainingPlan, endedAgoSeconds: number): TrainingRun {
    const seed = deriveSeed(this.seed, 'fixture', request.model.modelId);
    const run = this.planRun(request, { seed, now: 0, plan: outcome, queue: { startAt: 3, position: 1, departures: [] } });
    run.submittedSim = -endedAgoSeconds * this.timeScale - run.timeline.endAt;
    return run;
  }

  snapshot(): SimState {
    return {
      originMs: this.originMs,
      slotFreeAt: this.slotFreeAt.map((t) => (Number.isFinite(t) ? t : null)),
      waitingStarts: [...this.waitingStarts],
      submitted: this.submitted,
      plans: Object.fromEntries(this.plans),
    };
  }

  /** Continues a saved simulator. The queue keeps its saved slots; a different queueCapacity is refused. */
  restore(state: SimState): void {
    if (state.slotFreeAt.length !== this.queueCapacity) {
      throw new RangeError(`the saved queue has ${state.slotFreeAt.length} slots, not queueCapacity ${this.queueCapacity}`);
    }
    this.originMs = state.originMs;
    this.slotFreeAt = state.slotFreeAt.map((t) => t ?? -Infinity);
    this.waitingStarts = [...state.waitingStarts];
    this.submitted = state.submitted;
    this.plans.clear();
    for (const [modelId, plan] of Object.entries(state.plans)) this.plans.set(modelId, plan);
  }

  /** Queue state for debugging: what occupies each slot and which trainings wait. */
  queueState(): { now: number; slotFreeAt: (number | null)[]; waitingStarts: number[] } {
    const now = this.simNow();
    return {
      now,
      slotFreeAt: this.slotFreeAt.map((t) => (Number.isFinite(t) ? t : null)),
      waitingStarts: this.waitingStarts.filter((t) => t > now),
    };
  }

  private takePlan(modelId: string): TrainingPlan | undefined {
    for (const key of [modelId, ANY_MODEL]) {
      const plan = this.plans.get(key);
      if (plan) {
        this.plans.delete(key);
        return plan;
      }
    }
    return undefined;
  }

  /**
   * Chooses a RUNNING slot and the start time. The training starts when a slot is free, but not before its own
   * scheduling wait; among slots free by then it takes the one freed last, so a long planned wait does not keep an
   * early slot idle. Queue positions count the trainings still waiting that will start before this one.
   */
  private enqueue(now: number, wait: number): { slot: number; queue: QueuePlan } {
    this.waitingStarts = this.waitingStarts.filter((start) => start > now);
    const earliest = Math.min(...this.slotFreeAt);
    const startAt = Math.max(now + wait, earliest);
    let slot = this.slotFreeAt.indexOf(earliest);
    this.slotFreeAt.forEach((free, i) => {
      if (free <= startAt && free > (this.slotFreeAt[slot] ?? -Infinity)) slot = i;
    });
    const departures = this.waitingStarts
      .filter((start) => start <= startAt)
      .map((start) => start - now)
      .sort((a, b) => a - b);
    return { slot, queue: { startAt: startAt - now, position: departures.length + 1, departures } };
  }

  private planRun(
    request: SubmitRequest,
    ctx: { seed: number; now: number; plan: TrainingPlan | undefined; queue: QueuePlan },
  ): TrainingRun {
    const { model, dataset, params } = request;
    const snapshot = snapshotOf(dataset, params.withFeedback);
    const tooFew = snapshot.labels.length === 0 || snapshot.labels.some((l) => l.uploaded + l.feedback < MIN_EXAMPLES_PER_LABEL);
    const outcome = ctx.plan?.outcome ?? (tooFew ? 'FAILED' : 'SUCCEEDED');
    const failureMsg =
      ctx.plan?.failureMsg ??
      (outcome === 'SUCCEEDED' ? undefined : tooFew && outcome === 'FAILED' ? TOO_FEW_EXAMPLES_FAILURE : defaultFailureMsg(outcome, model.modelId));
    const spec = trainingSpec({
      seed: ctx.seed,
      type: model.modelType,
      examples: snapshot.examples,
      ...(params.epochs !== undefined ? { epochs: params.epochs } : {}),
      trainSplitRatio: params.trainSplitRatio,
      ...(ctx.plan?.durationSeconds !== undefined ? { runSeconds: ctx.plan.durationSeconds } : {}),
      queue: ctx.queue,
      outcome,
      ...(failureMsg !== undefined ? { failureMsg } : {}),
      ...(ctx.plan?.failAfterEpochs !== undefined ? { failAfterEpochs: ctx.plan.failAfterEpochs } : {}),
      ...(ctx.plan?.earlyStopAfterEpochs !== undefined ? { earlyStopAfterEpochs: ctx.plan.earlyStopAfterEpochs } : {}),
    });
    const timeline = buildTimeline(spec);
    dataset.lastVersionId += 1;
    return {
      kind: request.kind,
      submittedSim: ctx.now,
      params,
      epochs: spec.epochs,
      datasetVersionId: dataset.lastVersionId,
      snapshot,
      timeline,
      metricsSeed: deriveSeed(ctx.seed, 'metrics'),
    };
  }
}
