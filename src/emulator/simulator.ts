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
import type { TrainingPlan } from './control-types';
import { Rng, deriveSeed } from './rng';
import { snapshotOf, type DatasetState, type ModelState, type TrainingParams, type TrainingRun } from './state';
import { buildTimeline, observe, type QueuePlan, type TrainingObservation } from './timeline';
import { MIN_EXAMPLES_PER_LABEL, SYSTEM_ERROR_FAILURE_PREFIX, TOO_FEW_EXAMPLES_FAILURE, trainingSpec } from './training-defaults';

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
  private readonly originMs: number;
  /** Simulated time at which each RUNNING slot becomes free. */
  private readonly slotFreeAt: number[];
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
    return ((this.clock.nowMs() - this.originMs) / 1000) * this.timeScale;
  }

  /** Real timestamp (ms) of a simulated moment. */
  toMs(sim: number): number {
    return this.originMs + (sim * 1000) / this.timeScale;
  }

  planNext(modelId: string, plan: TrainingPlan): void {
    this.plans.set(modelId, plan);
  }

  observe(run: TrainingRun): TrainingObservation {
    return observe(run.timeline, this.simNow() - run.submittedSim);
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
    const failureMsg = ctx.plan?.failureMsg ?? (tooFew ? TOO_FEW_EXAMPLES_FAILURE : `${SYSTEM_ERROR_FAILURE_PREFIX} ${model.modelId}`);
    const spec = trainingSpec({
      seed: ctx.seed,
      type: model.modelType,
      examples: snapshot.examples,
      ...(params.epochs !== undefined ? { epochs: params.epochs } : {}),
      trainSplitRatio: params.trainSplitRatio,
      ...(ctx.plan?.durationSeconds !== undefined ? { runSeconds: ctx.plan.durationSeconds } : {}),
      queue: ctx.queue,
      outcome,
      failureMsg,
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
