import { ManualClock } from '../../../src/emulator/simulator/clock';
import { trainingPlanSchema } from '../../../src/emulator/control/control-types';
import { Emulator } from '../../../src/emulator/emulator';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { modelMetrics } from '../../../src/emulator/routes/model-actions';
import { buildTimeline, observe, type TimelineSpec } from '../../../src/emulator/simulator/timeline';
import { retrain, trainingStatus } from '../../../src/emulator/routes/training-actions';

const base: TimelineSpec = {
  seed: 42,
  epochs: 20,
  runSeconds: undefined,
  epochSeconds: 10,
  datasetLoadSeconds: 5,
  modelSaveSeconds: 3,
  queueSeconds: 4,
  earlyStopping: false,
  noise: 0.1,
};

describe('timeline outcomes', () => {
  it.each(['KILLED', 'FAILED_WITH_RETRIES'] as const)('%s: ends mid-training with that status, a failureMsg and no model save', (outcome) => {
    const t = buildTimeline({ ...base, outcome });
    const end = observe(t, t.endAt);
    expect(end).toMatchObject({ status: outcome, terminal: true, phase: 'done' });
    expect(end.failureMsg).toEqual(expect.any(String));
    expect(end.progress).toBeLessThan(1);
    expect(t.modelSaveSeconds).toBe(0);
    expect(t.earlyStopping).toBe(false);
    expect(observe(t, t.endAt - 1e-6)).toMatchObject({ status: 'RUNNING', phase: 'training' });
  });

  it('failAfterEpochs 0: the failure strikes during the dataset load, before any epoch', () => {
    const t = buildTimeline({ ...base, outcome: 'KILLED', failAfterEpochs: 0 });
    expect(t.epochEnds).toEqual([]);
    expect(t.endAt).toBe(t.datasetLoadEnd);
    expect(observe(t, t.endAt - 1e-6)).toMatchObject({ status: 'RUNNING', phase: 'datasetLoad', progress: 0 });
    expect(observe(t, t.endAt)).toMatchObject({ status: 'KILLED', progress: 0, epochsDone: 0 });
  });

  it('failAfterEpochs n: n epochs complete, then the failure strikes part-way through the next', () => {
    const t = buildTimeline({ ...base, outcome: 'FAILED_WITH_RETRIES', failAfterEpochs: 7 });
    expect(t.lastEpochDone).toBe(7);
    const lastEpochEnd = t.epochEnds[6]!;
    expect(t.endAt).toBeGreaterThan(lastEpochEnd);
    expect(t.endAt - lastEpochEnd).toBeLessThan(10 * 1.1);
    expect(observe(t, t.endAt)).toMatchObject({ status: 'FAILED_WITH_RETRIES', progress: 0.35, epochsDone: 7 });
  });

  it('earlyStopAfterEpochs: converges after n epochs, stops mid-way through the next, then saves the model', () => {
    const t = buildTimeline({ ...base, earlyStopAfterEpochs: 6 });
    expect(t).toMatchObject({ outcome: 'SUCCEEDED', lastEpochDone: 6, earlyStopping: true });
    const lastEpochEnd = t.epochEnds[5]!;
    const trainingEnd = t.datasetLoadEnd + t.trainingSeconds;
    expect(trainingEnd).toBeGreaterThan(lastEpochEnd + 0.5);
    expect(t.endAt).toBeCloseTo(trainingEnd + 3, 9);
    expect(observe(t, (lastEpochEnd + trainingEnd) / 2)).toMatchObject({ status: 'RUNNING', phase: 'training', progress: 0.3 });
    expect(observe(t, trainingEnd + 1)).toMatchObject({ status: 'RUNNING', phase: 'modelSave', progress: 0.3 });
    expect(observe(t, t.endAt)).toMatchObject({ status: 'SUCCEEDED', progress: 1, epochsDone: 6 });
  });

  it('earlyStopAfterEpochs at or beyond the planned epochs runs them all, without an early stop', () => {
    const t = buildTimeline({ ...base, earlyStopAfterEpochs: 20 });
    expect(t).toMatchObject({ lastEpochDone: 20, earlyStopping: false });
    expect(t.endAt).toBeCloseTo(t.epochEnds[19]! + 3, 9);
  });
});

describe('planned outcomes in the emulator', () => {
  const model = FIXTURE.models.visionImage;

  function emulatorWithPlan(plan: Parameters<Emulator['sim']['planNext']>[1]) {
    const clock = new ManualClock();
    const em = new Emulator({ seed: 3, timeScale: 1, queueCapacity: 2, clock });
    em.sim.planNext(model.modelId, plan);
    const metricsBefore = modelMetrics(em, 'vision', model.modelId);
    retrain(em, 'vision', { modelId: model.modelId });
    return { em, clock, metricsBefore };
  }

  it.each([
    ['KILLED', /killed/],
    ['FAILED_WITH_RETRIES', /System error, training failed to complete on model \w+ after 3 retries/],
  ] as const)('%s: reaches that status with a plausible default failureMsg; the model keeps its metrics', (outcome, message) => {
    const { em, clock, metricsBefore } = emulatorWithPlan({ outcome, durationSeconds: 120, queueSeconds: 1 });
    clock.advanceSeconds(122);
    const end = trainingStatus(em, 'vision', model.modelId);
    expect(end).toMatchObject({ status: outcome, failureMsg: expect.stringMatching(message) });
    expect(String(end.failureMsg)).toContain(model.modelId);
    expect(modelMetrics(em, 'vision', model.modelId)).toEqual(metricsBefore);
    // a terminal training frees its dataset
    expect(retrain(em, 'vision', { modelId: model.modelId })).toMatchObject({ status: 'QUEUED' });
  });

  it('failAfterEpochs 0: fails while loading the dataset, with lastEpochDone 0', () => {
    const { em, clock } = emulatorWithPlan({ outcome: 'FAILED', failAfterEpochs: 0, failureMsg: 'Dataset could not be read', durationSeconds: 60, queueSeconds: 1 });
    clock.advanceSeconds(30);
    expect(trainingStatus(em, 'vision', model.modelId)).toMatchObject({ status: 'RUNNING', progress: 0, lastEpochDone: 0 });
    clock.advanceSeconds(32);
    expect(trainingStatus(em, 'vision', model.modelId)).toMatchObject({ status: 'FAILED', failureMsg: 'Dataset could not be read', lastEpochDone: 0, progress: 0 });
  });

  it('earlyStopAfterEpochs: SUCCEEDED with earlyStopping and the planned lastEpochDone', () => {
    const { em, clock } = emulatorWithPlan({ earlyStopAfterEpochs: 2, durationSeconds: 100, queueSeconds: 1 });
    clock.advanceSeconds(102);
    expect(trainingStatus(em, 'vision', model.modelId)).toMatchObject({ status: 'SUCCEEDED', progress: 1, earlyStopping: true, lastEpochDone: 2 });
  });

  it('the plan schema refuses fields that do not fit the outcome, naming the field and what it needs', () => {
    const issue = (body: unknown) => {
      const result = trainingPlanSchema.safeParse(body);
      return result.success ? undefined : `${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`;
    };
    expect(issue({ outcome: 'KILLED', failAfterEpochs: 0 })).toBeUndefined();
    expect(issue({ failAfterEpochs: 2 })).toBe('failAfterEpochs: needs outcome FAILED, KILLED or FAILED_WITH_RETRIES');
    expect(issue({ outcome: 'FAILED', earlyStopAfterEpochs: 2 })).toBe('earlyStopAfterEpochs: needs outcome SUCCEEDED (or no outcome)');
    expect(issue({ outcome: 'CRASHED' })).toMatch(/^outcome: .*SUCCEEDED.*FAILED.*KILLED.*FAILED_WITH_RETRIES/);
    expect(issue({ earlyStopAfterEpochs: 0 })).toMatch(/^earlyStopAfterEpochs: /);
  });
});
