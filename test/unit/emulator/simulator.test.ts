import { ManualClock } from '../../../src/emulator/simulator/clock';
import { Emulator } from '../../../src/emulator/emulator';
import { ApiError } from '../../../src/emulator/routes/errors';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { modelMetrics } from '../../../src/emulator/routes/model-actions';
import { retrain, train, trainingStatus } from '../../../src/emulator/routes/training-actions';
import { TOO_FEW_EXAMPLES_FAILURE, trainingSpec } from '../../../src/emulator/simulator/training-defaults';
import { buildTimeline } from '../../../src/emulator/simulator/timeline';
import { deriveSeed } from '../../../src/emulator/simulator/rng';
import { MODEL_ID_PATTERN } from '../../../src/emulator/state/ids';
import { createDataset } from '../../../src/emulator/routes/dataset-actions';

const { models, datasets } = FIXTURE;

function emulator(opts: { seed?: number; timeScale?: number; queueCapacity?: number } = {}) {
  const clock = new ManualClock();
  const em = new Emulator({ seed: opts.seed ?? 7, timeScale: opts.timeScale ?? 1, queueCapacity: opts.queueCapacity ?? 2, clock });
  return { em, clock };
}

type View = Record<string, unknown>;
const statusOf = (em: Emulator, domain: 'vision' | 'language', modelId: string) => trainingStatus(em, domain, modelId) as View;

/** Advances the clock in steps until the model's training is terminal; returns every view seen. */
function runToEnd(em: Emulator, clock: ManualClock, domain: 'vision' | 'language', modelId: string, stepSeconds = 5): View[] {
  const seen: View[] = [statusOf(em, domain, modelId)];
  for (let i = 0; i < 100_000; i++) {
    const view = statusOf(em, domain, modelId);
    if (i > 0) seen.push(view);
    if (view.status === 'SUCCEEDED' || view.status === 'FAILED') return seen;
    clock.advanceSeconds(stepSeconds);
  }
  throw new Error('training never ended');
}

function expectApiError(fn: () => unknown, status: number, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ApiError);
  expect((caught as ApiError).status).toBe(status);
  if (message) expect((caught as ApiError).message).toMatch(message);
}

describe('training simulator', () => {
  it('runs one training per dataset: retrain and train are refused while a model of the dataset is QUEUED or RUNNING', () => {
    const { em, clock } = emulator();
    const started = retrain(em, 'vision', { modelId: models.visionImage.modelId });
    expect(started).toMatchObject({ status: 'QUEUED', modelId: models.visionImage.modelId, progress: 0 });
    expectApiError(() => retrain(em, 'vision', { modelId: models.visionImageSibling.modelId }), 400, /training in progress/);
    expectApiError(() => train(em, 'vision', { datasetId: String(datasets.visionImage.id), name: 'another' }), 400);
    // other datasets are not blocked
    expect(retrain(em, 'language', { modelId: models.languageIntent.modelId })).toMatchObject({ status: 'QUEUED' });
    runToEnd(em, clock, 'vision', models.visionImage.modelId, 30);
    expect(retrain(em, 'vision', { modelId: models.visionImageSibling.modelId })).toMatchObject({ status: 'QUEUED' });
  });

  it('retrains in place: same modelId and createdAt, new updatedAt, datasetVersionId incremented', () => {
    const { em, clock } = emulator();
    const before = statusOf(em, 'vision', models.visionImage.modelId);
    clock.advanceSeconds(60);
    const after = retrain(em, 'vision', { modelId: models.visionImage.modelId, trainParams: '{"withFeedback":true}' });
    expect(after.modelId).toBe(before.modelId);
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt).not.toBe(before.updatedAt);
    expect(after.datasetVersionId).toBeGreaterThan(before.datasetVersionId as number);
    expect(after.trainParams).toEqual({ withFeedback: true });
    expect(after.trainStats).toBeNull();
  });

  it('keeps at most queueCapacity trainings RUNNING and lets queue positions fall as trainings finish', () => {
    const { em, clock } = emulator({ queueCapacity: 1 });
    const ids = [models.visionImage, models.visionMultiLabel, models.languageIntent, models.languageSentiment].map((m) => {
      const view = retrain(em, m.domain, { modelId: m.modelId });
      return { domain: m.domain, modelId: String(view.modelId), initial: view.queuePosition as number };
    });
    expect(ids.map((x) => x.initial)).toEqual([1, 2, 3, 4]);
    const last = ids[3]!;
    let previous = last.initial;
    const positionsSeen = new Set<number>();
    for (let step = 0; step < 50_000; step++) {
      const views = ids.map((x) => statusOf(em, x.domain, x.modelId));
      expect(views.filter((v) => v.status === 'RUNNING').length).toBeLessThanOrEqual(1);
      const mine = views[3]!;
      if (mine.status !== 'QUEUED') break;
      const position = mine.queuePosition as number;
      expect(position).toBeLessThanOrEqual(previous);
      positionsSeen.add(position);
      previous = position;
      clock.advanceSeconds(5);
    }
    expect([...positionsSeen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('moves progress forward per epoch, never back, and shows 1 exactly when SUCCEEDED with trainStats', () => {
    const { em, clock } = emulator();
    retrain(em, 'language', { modelId: models.languageIntent.modelId });
    const views = runToEnd(em, clock, 'language', models.languageIntent.modelId, 1);
    const progress = views.map((v) => v.progress as number);
    progress.forEach((p, i) => expect(p).toBeGreaterThanOrEqual(progress[Math.max(0, i - 1)] ?? 0));
    expect(new Set(progress).size).toBeGreaterThan(5);
    const end = views[views.length - 1]!;
    expect(end).toMatchObject({ status: 'SUCCEEDED', progress: 1, epochs: 1000 });
    expect(views.slice(0, -1).every((v) => (v.progress as number) < 1)).toBe(true);
    const stats = end.trainStats as Record<string, unknown>;
    expect(stats.trainSplitSize as number + (stats.testSplitSize as number)).toBe(stats.examples);
    expect(stats.totalTime).toMatch(/^\d{2}:\d{2}:\d{2}:\d{3}$/);
    // language trainings converge long before the 1000 planned epochs
    expect(stats.earlyStopping).toBe(true);
    expect(stats.lastEpochDone as number).toBeLessThan(1000);
  });

  it('never stops a detection training early and defaults it to 20 epochs', () => {
    const { em, clock } = emulator({ timeScale: 1 });
    retrain(em, 'vision', { modelId: models.visionDetection.modelId });
    const end = runToEnd(em, clock, 'vision', models.visionDetection.modelId, 600).pop()!;
    expect(end).toMatchObject({ status: 'SUCCEEDED', epochs: 20, earlyStopping: false, lastEpochDone: 20 });
  });

  it('shows epochs 0 while QUEUED when none were requested, and the requested number otherwise', () => {
    const { em } = emulator();
    expect(retrain(em, 'vision', { modelId: models.visionImage.modelId }).epochs).toBe(0);
    expect(retrain(em, 'language', { modelId: models.languageIntent.modelId, epochs: '30' }).epochs).toBe(30);
  });

  it('fails a planned training with FAILED and the planned failureMsg, after the planned duration', () => {
    const { em, clock } = emulator();
    em.sim.planNext(models.visionImage.modelId, { outcome: 'FAILED', failureMsg: 'System error, training failed to complete on model X', durationSeconds: 120, queueSeconds: 10 });
    retrain(em, 'vision', { modelId: models.visionImage.modelId });
    clock.advanceSeconds(129);
    expect(statusOf(em, 'vision', models.visionImage.modelId).status).toBe('RUNNING');
    clock.advanceSeconds(2);
    const end = statusOf(em, 'vision', models.visionImage.modelId);
    expect(end).toMatchObject({ status: 'FAILED', failureMsg: 'System error, training failed to complete on model X' });
    expect(end.progress as number).toBeLessThan(1);
    expect(end.trainStats).not.toBeNull();
    // the plan was used up: the next retrain succeeds
    retrain(em, 'vision', { modelId: models.visionImage.modelId });
    expect(runToEnd(em, clock, 'vision', models.visionImage.modelId, 60).pop()?.status).toBe('SUCCEEDED');
  });

  it('fails a training on a dataset with too few examples per label, with the documented message', () => {
    const { em, clock } = emulator();
    const dataset = createDataset(em, 'vision', { name: 'tiny', type: 'image', labels: 'a,b' });
    const view = train(em, 'vision', { datasetId: String(dataset.id), name: 'tiny model' });
    const end = runToEnd(em, clock, 'vision', String(view.modelId)).pop()!;
    expect(end).toMatchObject({ status: 'FAILED', failureMsg: TOO_FEW_EXAMPLES_FAILURE, progress: 0 });
  });

  it('keeps showing the previous metrics while a retrain runs, and new ones after it succeeds', () => {
    const { em, clock } = emulator();
    const before = modelMetrics(em, 'vision', models.visionImage.modelId);
    retrain(em, 'vision', { modelId: models.visionImage.modelId });
    clock.advanceSeconds(30);
    expect(modelMetrics(em, 'vision', models.visionImage.modelId)).toEqual(before);
    runToEnd(em, clock, 'vision', models.visionImage.modelId, 60);
    const after = modelMetrics(em, 'vision', models.visionImage.modelId);
    expect(after.createdAt).not.toBe(before.createdAt);
  });

  it('replays the same seed identically (ids, timings, metrics) and differs with another seed', () => {
    const script = (seed: number) => {
      const { em, clock } = emulator({ seed });
      const created = train(em, 'language', { datasetId: String(datasets.languageSentiment.id), name: 'replay' });
      const id = String(created.modelId);
      const views = runToEnd(em, clock, 'language', id, 2);
      return { id, views, metrics: modelMetrics(em, 'language', id) };
    };
    const a = script(11);
    const b = script(11);
    const c = script(12);
    expect(a.id).toMatch(MODEL_ID_PATTERN);
    expect(b).toEqual(a);
    expect(c.id).not.toBe(a.id);
    expect(c.views.length).not.toBe(a.views.length);
    expect(c.metrics.metricsData).not.toEqual(a.metrics.metricsData);
  });

  it('scales durations by timeScale', () => {
    const realSecondsToEnd = (timeScale: number) => {
      const { em, clock } = emulator({ seed: 5, timeScale });
      retrain(em, 'language', { modelId: models.languageIntent.modelId });
      return runToEnd(em, clock, 'language', models.languageIntent.modelId, 0.25).length * 0.25;
    };
    const slow = realSecondsToEnd(1);
    const fast = realSecondsToEnd(10);
    expect(slow / fast).toBeGreaterThan(8);
    expect(slow / fast).toBeLessThan(12);
  });

  it('plans with trainingSpec + buildTimeline, so a server-less benchmark gets the very same trainings', () => {
    const { em } = emulator({ seed: 21 });
    const view = train(em, 'language', { datasetId: String(datasets.languageSentiment.id), name: 'bench twin' });
    const run = em.store.models.get(String(view.modelId))!.runs[0]!;
    const twin = buildTimeline(
      trainingSpec({ seed: deriveSeed(21, 'training', 0), type: 'text-sentiment', examples: 600, queue: run.timeline.queue, outcome: 'SUCCEEDED', failureMsg: 'unused' }),
    );
    expect(twin).toEqual(run.timeline);
    expect(trainingSpec({ seed: 1, type: 'image-detection', examples: 450 })).toMatchObject({ epochs: 20, earlyStopping: false });
    expect(trainingSpec({ seed: 1, type: 'text-intent', examples: 150 })).toMatchObject({ epochs: 1000, earlyStopping: { atEpoch: { min: 25, max: 90 } } });
  });
});
