import { startedSince } from '../../../src/activities/submit-retrain';
import type { Training } from '../../../src/einstein';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function training(status: string, updatedAt = '2026-01-01T00:00:00.000Z'): Training {
  return { modelId: '7JXCXTRXTMNLJCEF2DR5CJ46QU', datasetId: 57, status, progress: 0, modelType: 'image', createdAt: updatedAt, updatedAt } as Training;
}

describe('startedSince (is this a training that began after the baseline was read?)', () => {
  const baseline = { status: 'SUCCEEDED', updatedAtMs: T0 };

  it('a training in progress now began after a baseline that was not in progress', () => {
    expect(startedSince(training('QUEUED'), baseline)).toBe(true);
    expect(startedSince(training('RUNNING'), baseline)).toBe(true);
  });

  it('a training that already ended counts when it ended after the baseline was written', () => {
    expect(startedSince(training('SUCCEEDED', '2026-01-01T00:05:00.000Z'), baseline)).toBe(true);
    expect(startedSince(training('FAILED', '2026-01-01T00:05:00.000Z'), baseline)).toBe(true);
  });

  it('the baseline itself, or anything older, is not new', () => {
    expect(startedSince(training('SUCCEEDED'), baseline)).toBe(false);
    expect(startedSince(training('SUCCEEDED', '2025-12-31T23:00:00.000Z'), baseline)).toBe(false);
  });

  it('a status the code does not know is no evidence either way', () => {
    expect(startedSince(training('PAUSED', '2026-01-01T00:05:00.000Z'), baseline)).toBe(false);
  });

  it('without a readable updatedAt on either side, only an in-progress status counts', () => {
    expect(startedSince(training('SUCCEEDED', 'not a date'), baseline)).toBe(false);
    expect(startedSince(training('SUCCEEDED', '2026-01-01T00:05:00.000Z'), { status: 'SUCCEEDED' })).toBe(false);
    expect(startedSince(training('RUNNING'), { status: 'SUCCEEDED' })).toBe(true);
  });

  it('never takes an in-progress training for new when the baseline was that training', () => {
    expect(startedSince(training('RUNNING'), { status: 'RUNNING', updatedAtMs: T0 })).toBe(false);
  });
});
