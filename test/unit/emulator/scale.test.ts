import { ManualClock } from '../../../src/emulator/simulator/clock';
import { createDataset } from '../../../src/emulator/routes/dataset-actions';
import { Emulator } from '../../../src/emulator/emulator';
import { train, trainingStatus } from '../../../src/emulator/routes/training-actions';

describe('a burst of 1000 trainings', () => {
  it('queues them all behind a capacity of 2 and serves them in order, computing state lazily', () => {
    const clock = new ManualClock();
    const em = new Emulator({ seed: 9, timeScale: 1, queueCapacity: 2, clock });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const dataset = createDataset(em, 'language', { name: `d${i}`, type: 'text-sentiment', labels: 'pos,neg' });
      for (const label of em.store.datasets.get(dataset.id as number)!.labels) label.uploaded = 40;
      ids.push(String(train(em, 'language', { datasetId: String(dataset.id), name: `m${i}`, epochs: '5' }).modelId));
    }
    const positions = ids.map((id) => trainingStatus(em, 'language', id).queuePosition);
    // The first two find a free slot (each after its own short scheduling wait); every later one waits behind all before it.
    expect(positions.slice(0, 2).every((p) => p === 1 || p === 2)).toBe(true);
    expect(positions.slice(2)).toEqual(ids.slice(2).map((_, i) => i + 3));
    // Jump to the moment the 500th training ends: the first 500 are done, at most 2 run, the rest wait in order.
    const endOf = (id: string) => em.sim.toMs(em.store.models.get(id)!.runs[0]!.submittedSim + em.store.models.get(id)!.runs[0]!.timeline.endAt);
    clock.advanceMs(endOf(ids[499]!) - clock.nowMs());
    const statuses = ids.map((id) => trainingStatus(em, 'language', id));
    expect(statuses.slice(0, 500).every((s) => s.status === 'SUCCEEDED')).toBe(true);
    expect(statuses.filter((s) => s.status === 'RUNNING').length).toBeLessThanOrEqual(2);
    const waiting = statuses.filter((s) => s.status === 'QUEUED').map((s) => s.queuePosition as number);
    expect(waiting).toEqual(waiting.map((_, i) => i + 1));
    expect(waiting.length).toBeGreaterThanOrEqual(498);
  });
});
