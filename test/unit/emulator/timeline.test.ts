import { deriveSeed } from '../../../src/emulator/simulator/rng';
import { buildTimeline, observe, type Timeline, type TimelineSpec, type TrainingObservation } from '../../../src/emulator/simulator/timeline';

const base: TimelineSpec = {
  seed: 42,
  epochs: 20,
  runSeconds: { min: 300, max: 900 },
  queueSeconds: { min: 30, max: 120 },
  queuePosition: 4,
  earlyStopping: { probability: 0.5, atFraction: { min: 0.4, max: 0.9 } },
  noise: 0.2,
};

/** Observations every `step` seconds from submission until a little after the end. */
function trace(timeline: Timeline, step = 1): TrainingObservation[] {
  const out: TrainingObservation[] = [];
  for (let t = 0; t <= timeline.endAt + 5 * step; t += step) out.push(observe(timeline, t));
  return out;
}

describe('buildTimeline', () => {
  it('is reproducible: the same seed gives the same timeline', () => {
    expect(buildTimeline(base)).toEqual(buildTimeline({ ...base }));
  });

  it('differs with another seed', () => {
    const a = buildTimeline(base);
    const b = buildTimeline({ ...base, seed: 43 });
    expect(b.endAt).not.toBeCloseTo(a.endAt, 6);
    expect(b.epochEnds).not.toEqual(a.epochEnds);
  });

  it('draws queue wait and running time inside the given ranges', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const t = buildTimeline({ ...base, seed });
      expect(t.startAt).toBeGreaterThanOrEqual(30);
      expect(t.startAt).toBeLessThanOrEqual(120);
      expect(t.endAt - t.startAt).toBeGreaterThanOrEqual(300 - 1e-6);
      expect(t.endAt - t.startAt).toBeLessThanOrEqual(900 + 1e-6);
    }
  });

  it('runs every planned epoch when early stopping is off', () => {
    const t = buildTimeline({ ...base, earlyStopping: false });
    expect(t.lastEpochDone).toBe(20);
    expect(t.earlyStopping).toBe(false);
  });

  it('stops early at the requested epoch when convergence is certain', () => {
    const t = buildTimeline({ ...base, epochs: 1000, earlyStopping: { probability: 1, atEpoch: { min: 25, max: 90 } } });
    expect(t.lastEpochDone).toBeGreaterThanOrEqual(25);
    expect(t.lastEpochDone).toBeLessThanOrEqual(90);
    expect(t.earlyStopping).toBe(true);
    // progress overstates the time left: just before the end it still shows a small share of the planned epochs
    expect(observe(t, t.endAt - 1e-6).progress).toBeLessThan(0.1);
    expect(observe(t, t.endAt).progress).toBe(1);
  });

  it('has evenly sized epochs without noise', () => {
    const t = buildTimeline({ ...base, noise: 0, earlyStopping: false, epochSeconds: 10, runSeconds: undefined, datasetLoadSeconds: 2, modelSaveSeconds: 1 });
    const durations = t.epochEnds.map((end, i) => end - (i === 0 ? t.datasetLoadEnd : (t.epochEnds[i - 1] ?? 0)));
    for (const d of durations) expect(d).toBeCloseTo(10, 9);
    expect(t.endAt - t.startAt).toBeCloseTo(2 + 20 * 10 + 1, 9);
  });

  it('rejects a spec without a positive integer epoch count', () => {
    expect(() => buildTimeline({ ...base, epochs: 0 })).toThrow(/epochs/);
  });
});

describe('observe', () => {
  it('goes QUEUED → RUNNING → SUCCEEDED, in that order, at the timeline moments', () => {
    const t = buildTimeline(base);
    expect(observe(t, 0).status).toBe('QUEUED');
    expect(observe(t, t.startAt - 1e-6).status).toBe('QUEUED');
    expect(observe(t, t.startAt).status).toBe('RUNNING');
    expect(observe(t, t.endAt - 1e-6).status).toBe('RUNNING');
    expect(observe(t, t.endAt).status).toBe('SUCCEEDED');
    expect(observe(t, t.endAt + 1e6).status).toBe('SUCCEEDED');
    const order = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
    const seen = trace(t).map((o) => order.indexOf(o.status));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('never lets progress go back, steps it per epoch, and shows exactly 1 only at SUCCEEDED', () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const t = buildTimeline({ ...base, seed });
      let previous = 0;
      for (const o of trace(t)) {
        if (o.progress < previous) problems.push(`seed ${seed}: progress fell from ${previous} to ${o.progress}`);
        previous = o.progress;
        if ((o.status === 'SUCCEEDED') !== (o.progress === 1)) problems.push(`seed ${seed}: ${o.status} with progress ${o.progress}`);
        const perEpoch = Math.min(0.99, Math.floor((o.epochsDone / t.epochs) * 1e4) / 1e4);
        if (o.status === 'RUNNING' && o.progress !== perEpoch) problems.push(`seed ${seed}: progress ${o.progress} ≠ ${perEpoch}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows a queue position only while QUEUED, falling from the initial position to 1', () => {
    const t = buildTimeline(base);
    const queued = trace(t, 0.25).filter((o) => o.status === 'QUEUED');
    expect(queued[0]?.queuePosition).toBe(4);
    const positions = queued.map((o) => o.queuePosition ?? NaN);
    positions.forEach((p, i) => expect(p).toBeLessThanOrEqual(positions[Math.max(0, i - 1)] ?? p));
    expect(positions[positions.length - 1]).toBe(1);
    for (const o of trace(t).filter((x) => x.status !== 'QUEUED')) expect(o.queuePosition).toBeUndefined();
  });

  it('reports the true end time at every moment', () => {
    const t = buildTimeline(base);
    for (const o of trace(t, 10)) expect(o.endAt).toBe(t.endAt);
  });

  it('ends FAILED with the failure message and a progress below 1', () => {
    const t = buildTimeline({ ...base, earlyStopping: false, outcome: 'FAILED', failureMsg: 'System error, training failed to complete on model X' });
    const end = observe(t, t.endAt);
    expect(end.status).toBe('FAILED');
    expect(end.terminal).toBe(true);
    expect(end.failureMsg).toBe('System error, training failed to complete on model X');
    expect(end.progress).toBeLessThan(1);
    expect(t.lastEpochDone).toBeLessThan(20);
    expect(observe(t, t.endAt - 1e-6).failureMsg).toBeUndefined();
  });

  it('fails at the end of the dataset load when told to fail after 0 epochs', () => {
    const t = buildTimeline({ ...base, outcome: 'FAILED', failureMsg: 'too few', failAfterEpochs: 0, runSeconds: 50 });
    expect(t.lastEpochDone).toBe(0);
    expect(t.endAt - t.startAt).toBeCloseTo(50, 6);
    expect(observe(t, t.endAt)).toMatchObject({ status: 'FAILED', progress: 0, epochsDone: 0 });
  });

  it('names the running phase: dataset load, training, model save', () => {
    const t = buildTimeline({ ...base, earlyStopping: false, runSeconds: undefined, epochSeconds: 10, datasetLoadSeconds: 5, modelSaveSeconds: 3, noise: 0 });
    expect(observe(t, t.startAt + 1).phase).toBe('datasetLoad');
    expect(observe(t, t.datasetLoadEnd + 1).phase).toBe('training');
    expect(observe(t, t.endAt - 1).phase).toBe('modelSave');
    expect(observe(t, t.endAt).phase).toBe('done');
  });
});

describe('deriveSeed', () => {
  it('gives different seeds for different seeds and labels', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (const label of ['ids', 'training', 'metrics']) seen.add(deriveSeed(seed, label));
    expect(seen.size).toBe(600);
  });
});
