import { buildTimeline, observe } from '../../../src/emulator/simulator/timeline';
import { buildCorpus, ENDINGS, endingOf, MAX_DURATION_S, MIN_DURATION_S, stopMidEpoch } from '../../../bench/polling/corpus';
import { productObservation, statusResponse } from '../../../bench/polling/status-view';

describe('the polling corpus', () => {
  const corpus = buildCorpus({ seed: 1, count: 300 });

  it('is reproducible from its seed, and another seed gives other trainings', () => {
    const again = buildCorpus({ seed: 1, count: 300 });
    expect(again.map((t) => t.durationS)).toEqual(corpus.map((t) => t.durationS));
    const other = buildCorpus({ seed: 2, count: 300 });
    expect(other.map((t) => t.durationS)).not.toEqual(corpus.map((t) => t.durationS));
  });

  it('spans one minute to six hours, submission to end', () => {
    for (const t of corpus) {
      expect(t.durationS).toBeGreaterThanOrEqual(MIN_DURATION_S - 1e-6);
      expect(t.durationS).toBeLessThanOrEqual(MAX_DURATION_S + 1e-6);
    }
    expect(Math.min(...corpus.map((t) => t.durationS))).toBeLessThan(5 * 60);
    expect(Math.max(...corpus.map((t) => t.durationS))).toBeGreaterThan(3 * 3600);
  });

  it('mixes queue waits, early stops, failures and model types', () => {
    const kinds = new Set(corpus.map((t) => t.queue));
    expect(kinds).toEqual(new Set(['none', 'short', 'long']));
    expect(corpus.some((t) => t.timeline.queue.position > 1)).toBe(true);
    expect(corpus.some((t) => t.timeline.earlyStopping)).toBe(true);
    expect(corpus.some((t) => t.timeline.outcome === 'FAILED')).toBe(true);
    expect(new Set(corpus.map((t) => t.type)).size).toBe(5);
  });

  it('holds every ending: runs to plan, early stops on a boundary and mid-epoch, failures, ends before the first epoch', () => {
    const endings = new Set(corpus.map((t) => t.ending));
    expect(endings).toEqual(new Set(ENDINGS.map((e) => e.ending)));
    const midEpoch = corpus.filter((t) => t.ending === 'early-stop-mid-epoch').length;
    const onBoundary = corpus.filter((t) => t.ending === 'early-stop-boundary').length;
    expect(midEpoch).toBeGreaterThan(onBoundary / 2);
    // failures during the dataset load, not only part-way through the epochs
    expect(corpus.some((t) => t.ending === 'before-first-epoch' && t.timeline.outcome === 'FAILED')).toBe(true);
    expect(corpus.filter((t) => t.longLoad).length).toBeGreaterThan(10);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => buildCorpus({ seed: 1, count: 0 })).toThrow(/count must be an integer ≥ 1/);
  });
});

describe('status responses of a corpus training', () => {
  const corpus = buildCorpus({ seed: 5, count: 200 });
  const queued = corpus.find((t) => t.timeline.queue.position > 2 && t.requestedEpochs === undefined);
  const finished = corpus.find((t) => t.timeline.outcome === 'SUCCEEDED');

  it('while QUEUED: a queue position, epochs 0 when none were asked for, no lastEpochDone', () => {
    expect(queued).toBeDefined();
    const response = statusResponse(queued!, 0);
    expect(response).toMatchObject({ status: 'QUEUED', progress: 0, epochs: 0, queuePosition: queued!.timeline.queue.position });
    expect(response.lastEpochDone).toBeUndefined();
  });

  it('while RUNNING: planned epochs and lastEpochDone, progress below 1', () => {
    const t = finished!;
    const middle = (t.timeline.startAt + t.timeline.endAt) / 2;
    const response = statusResponse(t, middle);
    expect(response.status).toBe('RUNNING');
    expect(response.epochs).toBe(t.requestedEpochs ?? t.timeline.epochs);
    expect(response.lastEpochDone).toBeGreaterThanOrEqual(0);
    expect(response.progress).toBeLessThan(1);
  });

  it('the product reduces it as its poll activity does, timed at the call', () => {
    const t = finished!;
    const observation = productObservation(t, t.timeline.endAt + 1);
    expect(observation.status).toBe('SUCCEEDED');
    expect(observation.progress).toBe(1);
    expect(observation.trainStats).toEqual({});
    expect(observation.atMs - productObservation(t, 0).atMs).toBe(Math.round((t.timeline.endAt + 1) * 1000));
  });
});

describe('an early stop moved into the middle of its last epoch', () => {
  const drawn = buildTimeline({ seed: 4, epochs: 20, runSeconds: 3600, earlyStopping: { probability: 1, atFraction: { min: 0.5, max: 0.5 } }, noise: 0.1 });
  const moved = stopMidEpoch(drawn, 0.4);

  it('ends at the same moment, one epoch fewer done, the save starting inside the epoch', () => {
    expect(endingOf(drawn)).toBe('early-stop-boundary');
    expect(endingOf(moved)).toBe('early-stop-mid-epoch');
    expect(moved.endAt).toBe(drawn.endAt);
    expect(moved.lastEpochDone).toBe(drawn.lastEpochDone - 1);
    const lastBoundary = moved.epochEnds[moved.epochEnds.length - 1]!;
    const epoch = moved.epochEnds[1]! - moved.epochEnds[0]!;
    const stopAt = moved.endAt - moved.modelSaveSeconds;
    expect(stopAt - lastBoundary).toBeGreaterThan(0.2 * epoch);
    expect(stopAt - lastBoundary).toBeLessThan(0.8 * epoch);
  });

  it('shows RUNNING with the epochs done until the end, then SUCCEEDED', () => {
    const before = observe(moved, moved.endAt - 1);
    expect(before).toMatchObject({ status: 'RUNNING', epochsDone: moved.lastEpochDone });
    expect(observe(moved, moved.endAt)).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
  });
});
