import { ManualClock } from '../../../src/emulator/simulator/clock';
import { Emulator } from '../../../src/emulator/emulator';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { persistedStateSchema } from '../../../src/emulator/state/persisted-state';
import { retrain, train, trainingStatus } from '../../../src/emulator/routes/training-actions';

const { models, datasets } = FIXTURE;

/** The emulator a restart would build: a fresh instance on the same clock, from the snapshot as the file holds it. */
function restarted(em: Emulator, clock: ManualClock): Emulator {
  const copy = new Emulator({ seed: 999, timeScale: 1, queueCapacity: 2, clock });
  copy.restore(persistedStateSchema.parse(JSON.parse(JSON.stringify(em.snapshot()))));
  return copy;
}

describe('emulator snapshot', () => {
  it('a restored emulator serves the same trainings, queue, ids and records, and goes on identically', () => {
    const clock = new ManualClock();
    const em = new Emulator({ seed: 4, timeScale: 20, queueCapacity: 1, clock });
    em.sim.planNext(models.languageIntent.modelId, { outcome: 'KILLED', durationSeconds: 600 });
    retrain(em, 'vision', { modelId: models.visionImage.modelId });
    retrain(em, 'language', { modelId: models.languageIntent.modelId });
    em.faults.add({ kind: 'status', status: 503, probability: 0.5, forMs: 60_000 });
    clock.advanceSeconds(3);
    const copy = restarted(em, clock);

    expect(copy.settings).toEqual({ seed: 4, timeScale: 20, queueCapacity: 1 });
    expect(copy.sim.queueState()).toEqual(em.sim.queueState());
    const views = (emu: Emulator) => [
      trainingStatus(emu, 'vision', models.visionImage.modelId),
      trainingStatus(emu, 'language', models.languageIntent.modelId),
    ];
    for (let step = 0; step < 40; step++) {
      expect(views(copy)).toEqual(views(em));
      clock.advanceSeconds(5);
    }
    expect(copy.trainings()).toEqual(em.trainings());
    expect(copy.submissions()).toEqual(em.submissions());
    expect(copy.calls.snapshot()).toEqual(em.calls.snapshot());
    expect(Array.from({ length: 20 }, () => copy.faults.take('GET', '/x')?.status)).toEqual(
      Array.from({ length: 20 }, () => em.faults.take('GET', '/x')?.status),
    );
    // the id stream goes on where it was: the next model gets the same id in both
    const next = (emu: Emulator) => train(emu, 'vision', { datasetId: String(datasets.visionDetection.id), name: 'after restart' }).modelId;
    expect(next(copy)).toBe(next(em));
  });

  it('keeps static tokens (issued tokens: see the state-file integration test)', () => {
    const clock = new ManualClock();
    const em = new Emulator({ seed: 1, timeScale: 1, queueCapacity: 2, clock });
    em.tokens.addStaticToken('STATIC');
    const copy = restarted(em, clock);
    expect(copy.tokens.check('STATIC')).toBe('valid');
    expect(copy.tokens.check('OTHER')).toBe('invalid');
  });

  it('refuses a snapshot whose submissions name a training that is not there', () => {
    const clock = new ManualClock();
    const em = new Emulator({ seed: 1, timeScale: 1, queueCapacity: 2, clock });
    retrain(em, 'vision', { modelId: models.visionImage.modelId });
    const state = em.snapshot();
    const broken = { ...state, submissions: state.submissions.map((s) => ({ ...s, runIndex: 7 })) };
    const copy = new Emulator({ seed: 1, timeScale: 1, queueCapacity: 2, clock });
    expect(() => copy.restore(broken)).toThrow(/submissions\[0\] names training 7 of model/);
  });
});
