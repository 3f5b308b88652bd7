/**
 * One emulator instance: the store, the training simulator, tokens, faults, call counts and the submission log.
 * `reset()` returns to the seed fixture (tokens and accounts survive a reset; use expireTokens to drop tokens).
 * `snapshot()` and `restore()` carry all of it through the state file (state-file.ts).
 */
import { TokenStore } from './routes/auth';
import { CallCounter } from './control/call-counter';
import type { Clock } from './simulator/clock';
import type { Submission, TrainingRecord, TrainingRecords } from './control/control-types';
import { FaultInjector } from './control/faults';
import { loadFixture } from './state/fixture-seed';
import { STATE_FILE_FORMAT, STATE_FILE_VERSION, type PersistedState, type SubmissionState } from './state/persisted-state';
import { Rng } from './simulator/rng';
import { TrainingSimulator } from './simulator/simulator';
import { EmulatorStore, type ModelState, type TrainingRun } from './state/state';

export interface EmulatorConfig {
  seed: number;
  timeScale: number;
  queueCapacity: number;
  clock: Clock;
}

/** Where the emulator's state goes after a change: the state file, or nowhere. */
export interface StateSink {
  /** A change the file must hold before the client hears of it (an accepted training, a reset, a read recorded). */
  now(): void;
  /** A change that may wait a moment (call counts). */
  soon(): void;
  /** Writes what is pending (at close). */
  flush(): void;
  /** For GET /__emulator/state. */
  describe(): Record<string, unknown>;
}

const NO_SINK: StateSink = { now: () => undefined, soon: () => undefined, flush: () => undefined, describe: () => ({}) };

/** A status read that showed a terminal training, recorded once the answer reached the client. */
export interface TerminalRead {
  modelId: string;
  runIndex: number;
  atMs: number;
}

export class Emulator {
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  store!: EmulatorStore;
  sim!: TrainingSimulator;
  calls!: CallCounter;
  /** Seeded stream of model and deletion ids. */
  idRng!: Rng;
  sink: StateSink = NO_SINK;
  private submissionLog: SubmissionState[] = [];
  private config: EmulatorConfig;
  /** Aborted when the server closes, so held requests (latency faults) end at once instead of blocking the close. */
  private readonly holds = new AbortController();

  constructor(config: EmulatorConfig) {
    this.config = config;
    this.tokens = new TokenStore(config.clock);
    this.faults = new FaultInjector(config.clock, config.seed);
    this.reset({});
  }

  reset(opts: { seed?: number; timeScale?: number }): void {
    this.config = { ...this.config, ...definedOnly(opts) };
    const { seed, timeScale, queueCapacity, clock } = this.config;
    this.sim = new TrainingSimulator({ seed, timeScale, queueCapacity, clock });
    this.store = new EmulatorStore();
    this.idRng = Rng.derive(seed, 'ids');
    this.calls = new CallCounter();
    this.faults.reset(seed);
    this.submissionLog = [];
    loadFixture(this.store, this.sim, this.idRng);
  }

  get seed(): number {
    return this.config.seed;
  }

  get settings(): { seed: number; timeScale: number; queueCapacity: number } {
    const { seed, timeScale, queueCapacity } = this.config;
    return { seed, timeScale, queueCapacity };
  }

  nowMs(): number {
    return this.config.clock.nowMs();
  }

  get holdSignal(): AbortSignal {
    return this.holds.signal;
  }

  abortHolds(): void {
    this.holds.abort();
  }

  recordSubmission(model: ModelState, run: TrainingRun, params: Record<string, unknown>): void {
    this.submissionLog.push({
      modelId: model.modelId,
      datasetId: model.datasetId,
      domain: model.domain,
      kind: run.kind,
      at: new Date(this.sim.toMs(run.submittedSim)).toISOString(),
      params,
      runIndex: model.runs.indexOf(run),
    });
  }

  submissions(): { byModel: Record<string, number>; log: Submission[] } {
    return { byModel: this.acceptedByModel(), log: this.submissionLog.map(({ runIndex: _runIndex, ...submission }) => submission) };
  }

  /** Keeps the first terminal read of a training only; true when this one was the first. */
  recordTerminalRead(read: TerminalRead): boolean {
    const run = this.store.models.get(read.modelId)?.runs[read.runIndex];
    if (!run || run.firstTerminalReadMs !== undefined) return false;
    run.firstTerminalReadMs = read.atMs;
    return true;
  }

  /** Every training accepted through the API since the last reset, with its end and whether that end was seen. */
  trainings(): TrainingRecords {
    return { acceptedByModel: this.acceptedByModel(), trainings: this.submissionLog.map((s) => this.trainingRecord(s)) };
  }

  snapshot(): PersistedState {
    return {
      format: STATE_FILE_FORMAT,
      version: STATE_FILE_VERSION,
      savedAt: new Date(this.nowMs()).toISOString(),
      config: this.settings,
      idRngState: this.idRng.savedState(),
      store: this.store.snapshot(),
      sim: this.sim.snapshot(),
      faults: this.faults.snapshot(),
      calls: this.calls.snapshot(),
      submissions: this.submissionLog,
      tokens: this.tokens.snapshot(),
    };
  }

  /** Continues from a snapshot: its seed, time scale and queue capacity win over the ones this emulator had. */
  restore(state: PersistedState): void {
    this.config = { ...this.config, ...state.config };
    const { seed, timeScale, queueCapacity, clock } = this.config;
    this.sim = new TrainingSimulator({ seed, timeScale, queueCapacity, clock });
    this.sim.restore(state.sim);
    this.store = EmulatorStore.restore(state.store);
    this.idRng = new Rng(state.idRngState);
    this.calls = CallCounter.restore(state.calls);
    this.faults.reset(seed);
    this.faults.restore(state.faults);
    this.submissionLog = state.submissions.map((s) => ({ ...s }));
    this.tokens.restore(state.tokens);
    this.submissionLog.forEach((s, i) => this.runOf(s, `submissions[${i}]`));
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
    const stateFile = this.sink.describe();
    return {
      ...this.settings,
      queue: this.sim.queueState(),
      datasets,
      models,
      faults: this.faults.pending(),
      ...(Object.keys(stateFile).length > 0 ? { stateFile } : {}),
    };
  }

  private acceptedByModel(): Record<string, number> {
    const byModel: Record<string, number> = {};
    for (const s of this.submissionLog) byModel[s.modelId] = (byModel[s.modelId] ?? 0) + 1;
    return byModel;
  }

  private trainingRecord(submission: SubmissionState): TrainingRecord {
    const run = this.runOf(submission, `submission of ${submission.modelId}`);
    const seen = this.sim.observe(run);
    const endsAt = new Date(this.sim.toMs(run.submittedSim + run.timeline.endAt)).toISOString();
    return {
      modelId: submission.modelId,
      datasetId: submission.datasetId,
      domain: submission.domain,
      kind: submission.kind,
      submittedAt: submission.at,
      status: seen.status,
      terminal: seen.terminal,
      outcome: run.timeline.outcome,
      endsAt,
      endedAt: seen.terminal ? endsAt : null,
      ...(run.timeline.failureMsg !== undefined ? { failureMsg: run.timeline.failureMsg } : {}),
      firstTerminalReadAt: run.firstTerminalReadMs !== undefined ? new Date(run.firstTerminalReadMs).toISOString() : null,
    };
  }

  private runOf(submission: SubmissionState, where: string): TrainingRun {
    const run = this.store.models.get(submission.modelId)?.runs[submission.runIndex];
    if (!run) throw new Error(`${where} names training ${submission.runIndex} of model ${submission.modelId}, which does not exist`);
    return run;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
