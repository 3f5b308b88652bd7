import { sameParameters } from '../../../src/activities/submit-retrain';
import type { Training } from '../../../src/einstein';

function training(fields: Partial<Training>): Training {
  return {
    modelId: '7JXCXTRXTMNLJCEF2DR5CJ46QU',
    datasetId: 57,
    status: 'QUEUED',
    progress: 0,
    modelType: 'image',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  } as Training;
}

describe('sameParameters (adopting a training an earlier attempt started)', () => {
  it('matches what Einstein echoes back', () => {
    expect(sameParameters(training({ epochs: 5, learningRate: 0.001, trainParams: { withFeedback: true } }), { epochs: 5, learningRate: 0.001, trainParams: { withFeedback: true } })).toBe(true);
  });
  it('treats fields Einstein does not echo (or shows as 0 while queued) as no evidence', () => {
    expect(sameParameters(training({ epochs: 0, learningRate: 0, trainParams: null }), { epochs: 5, learningRate: 0.001, trainParams: { withFeedback: true } })).toBe(true);
  });
  it('refuses a training started with other parameters', () => {
    expect(sameParameters(training({ epochs: 7 }), { epochs: 5 })).toBe(false);
    expect(sameParameters(training({ learningRate: 0.01 }), { learningRate: 0.001 })).toBe(false);
    expect(sameParameters(training({ trainParams: { withFeedback: false } }), { trainParams: { withFeedback: true } })).toBe(false);
  });
  it('compares numeric strings Einstein may echo by value', () => {
    expect(sameParameters(training({ trainParams: { trainSplitRatio: '0.7' } as never }), { trainParams: { trainSplitRatio: 0.7 } })).toBe(true);
  });
});
