import { RetrainInput } from '../../../src/contract/retrain-input';
import { compareMetrics, defaultGateMetric, judgeRetrain } from '../../../src/report';
import { sampleSuccessReport } from '../sinks/sample-reports';

const accuracy = (before: number | undefined, after: number | undefined) =>
  compareMetrics(before === undefined ? undefined : { testAccuracy: before, f1ByLabel: {} }, after === undefined ? undefined : { testAccuracy: after, f1ByLabel: {} });

describe('quality verdict', () => {
  it.each([
    [0.9, 0.95, 'improved'],
    [0.9, 0.905, 'unchanged'],
    [0.9, 0.89, 'unchanged'], // a drop of exactly the tolerance is still tolerated
    [0.9, 0.885, 'regressed'],
  ])('test accuracy %p -> %p with the default 0.01 tolerance is %p', (before, after, verdict) => {
    expect(judgeRetrain(accuracy(before, after), 'image')).toMatchObject({ verdict, metric: 'testAccuracy', before, after, maxDrop: 0.01 });
  });

  it('says which rule decided, with the numbers', () => {
    const judged = judgeRetrain(accuracy(0.9, 0.8), 'image', { maxDrop: 0.05 });
    expect(judged).toEqual({
      verdict: 'regressed',
      metric: 'testAccuracy',
      before: 0.9,
      after: 0.8,
      delta: -0.1,
      maxDrop: 0.05,
      reason: 'testAccuracy fell by 0.1, more than the 0.05 tolerated',
    });
  });

  it('calls a model below the minimum regressed even when it improved', () => {
    expect(judgeRetrain(accuracy(0.5, 0.6), 'image', { minValue: 0.7 })).toMatchObject({ verdict: 'regressed', minValue: 0.7 });
  });

  it('judges a first training on its own value, and gives no verdict without a new value', () => {
    expect(judgeRetrain(accuracy(undefined, 0.9), 'image')).toMatchObject({ verdict: 'improved', after: 0.9 });
    expect(judgeRetrain(accuracy(undefined, 0.9), 'image')?.before).toBeUndefined();
    expect(judgeRetrain(accuracy(0.9, undefined), 'image')).toBeUndefined();
  });

  it('decides on the headline metric of each model type by default', () => {
    expect(defaultGateMetric('text-intent')).toBe('macroF1');
    expect(defaultGateMetric('image-detection')).toBe('meanAveragePrecision');
    expect(defaultGateMetric('image')).toBe('testAccuracy');
    expect(defaultGateMetric('image-multi-label')).toBe('testAccuracy');
  });

  it('is part of every successful report', () => {
    const report = sampleSuccessReport(); // test accuracy 0.9286 -> 0.95
    expect(report.verdict).toMatchObject({ verdict: 'improved', metric: 'testAccuracy', before: 0.9286, after: 0.95 });
  });

  it('is validated in the retrain request, naming the field and the allowed values', () => {
    const base = { domain: 'vision', modelId: 'NVECSMXTBHBTFUEWNPDFVA6FL4' } as const;
    expect(RetrainInput.safeParse({ ...base, policy: { qualityGate: { metric: 'macroF1', maxDrop: 0.02, minValue: 0.8 } } }).success).toBe(true);
    const badMetric = RetrainInput.safeParse({ ...base, policy: { qualityGate: { metric: 'recall' } } });
    expect(badMetric.error?.issues[0]).toMatchObject({ path: ['policy', 'qualityGate', 'metric'] });
    expect(badMetric.error?.issues[0]?.message).toContain('testAccuracy, macroF1, meanAveragePrecision');
    const badDrop = RetrainInput.safeParse({ ...base, policy: { qualityGate: { maxDrop: 2 } } });
    expect(badDrop.error?.issues[0]?.message).toBe('qualityGate.maxDrop must be from 0 to 1');
  });
});
