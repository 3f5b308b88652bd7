import { mapLimit } from '../../../bench/stack/bench-stack';
import { fixtureSpecs, trainingPlan } from '../../../bench/scale/phase';

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit([50, 10, 30, 20, 40, 0], 2, async (ms, i) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms / 10));
      inFlight -= 1;
      return `${i}:${ms}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:30', '3:20', '4:40', '5:0']);
    expect(most).toBe(2);
  });

  it('handles an empty list', async () => {
    await expect(mapLimit([], 4, async () => 1)).resolves.toEqual([]);
  });
});

describe('scale bench trainings', () => {
  it('plans each training from the seed, within the real-time range once scaled', () => {
    const options = { timeScale: 60, trainingS: { min: 10, max: 120 } };
    const plans = Array.from({ length: 200 }, (_, i) => trainingPlan(i, 1, options));
    for (const plan of plans) {
      expect(plan.durationSeconds / 60).toBeGreaterThanOrEqual(10);
      expect(plan.durationSeconds / 60).toBeLessThan(120);
      expect(plan.queueSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(trainingPlan(7, 1, options)).toEqual(trainingPlan(7, 1, options));
    expect(trainingPlan(7, 2, options)).not.toEqual(trainingPlan(7, 1, options));
  });

  it('mixes image and intent models, with enough examples per label to train', () => {
    const specs = fixtureSpecs(100, 1);
    expect(new Set(specs.map((s) => s.type))).toEqual(new Set(['image', 'text-intent']));
    for (const s of specs) expect(s.examplesPerLabel).toBeGreaterThanOrEqual(20);
    expect(fixtureSpecs(100, 1)).toEqual(specs);
  });
});
