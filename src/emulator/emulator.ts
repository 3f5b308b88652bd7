/**
 * One emulator instance: the store, the training simulator, tokens, faults, call counts and the submission log.
 * `reset()` returns to the seed fixture (tokens and accounts survive a reset; use expireTokens to drop tokens).
 */
import { CallCounter } from './call-counter';
import type { Clock } from './clock';
import type { Submission } from './control-types';
import { FaultInjector } from './faults';
import { loadFixture } from './fixture-seed';
import { Rng } from './rng';
import { TrainingSimulator } from './simulator';
import { EmulatorStore, type ModelState, type TrainingRun } from './state';
import { TokenStore } from './auth';

export interface EmulatorConfig {
  seed: number;
  timeScale: number;
  queueCapacity: number;
  clock: Clock;
}

export class Emulator {
  readonly tokens: TokenStore;
  readonly faults = new FaultInjector();
  store!: EmulatorStore;
  sim!: TrainingSimulator;
  calls!: CallCounter;
  /** Seeded stream of model and deletion ids. */
  idRng!: Rng;
  private submissionLog: Submission[] = [];
  private config: EmulatorConfig;

  constructor(config: EmulatorConfig) {
    this.config = config;
    this.tokens = new TokenStore(config.clock);
    this.reset({});
  }

  reset(opts: { seed?: number; timeScale?: number }): void {
    this.config = { ...this.config, ...definedOnly(opts) };
    const { seed, timeScale, queueCapacity, clock } = this.config;
    this.sim = new TrainingSimulator({ seed, timeScale, queueCapacity, clock });
    this.store = new EmulatorStore();
    this.idRng = Rng.derive(seed, 'ids');
    this.calls = new CallCounter();
    this.faults.clear();
    this.submissionLog = [];
    loadFixture(this.store, this.sim, this.idRng);
  }

  get seed(): number {
    return this.config.seed;
  }

  nowMs(): number {
    return this.config.clock.nowMs();
  }

  recordSubmission(model: ModelState, run: TrainingRun, params: Record<string, unknown>): void {
    this.submissionLog.push({
      modelId: model.modelId,
      datasetId: model.datasetId,
      domain: model.domain,
      kind: run.kind,
      at: new Date(this.sim.toMs(run.submittedSim)).toISOString(),
      params,
    });
  }

  submissions(): { byModel: Record<string, number>; log: Submission[] } {
    const byModel: Record<string, number> = {};
    for (const s of this.submissionLog) byModel[s.modelId] = (byModel[s.modelId] ?? 0) + 1;
    return { byModel, log: [...this.submissionLog] };
  }

  /** Debugging view of everything (GET /__emulator/state). */
  state(): Record<string, unknown> {
    const models = [...this.store.models.values()].map((m) => {
      const run = m.runs[m.runs.length - 1];
      const seen = run ? this.sim.observe(run) : undefined;
      return {
        modelId: m.modelId,
        datasetId: m.datasetId,
        domain: m.domain,
        modelType: m.modelType,
        name: m.name,
        deleted: m.deleted,
        trainings: m.runs.length,
        status: seen?.status,
        progress: seen?.progress,
        phase: seen?.phase,
        endsAt: run && seen ? new Date(this.sim.toMs(run.submittedSim + seen.endAt)).toISOString() : undefined,
      };
    });
    const datasets = [...this.store.datasets.values()].map((d) => ({
      id: d.id,
      domain: d.domain,
      type: d.type,
      name: d.name,
      status: d.status,
      labels: d.labels.map((l) => ({ name: l.name, uploaded: l.uploaded, feedback: l.feedback })),
    }));
    const { seed, timeScale, queueCapacity } = this.config;
    return { seed, timeScale, queueCapacity, queue: this.sim.queueState(), datasets, models, faults: this.faults.pending() };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
