import { InvalidRequestError } from '../../../src/einstein/errors';
import {
  checkBaseUrl,
  checkDatasetId,
  checkDomain,
  checkPage,
  validateFeedbackParams,
  validateRetrainParams,
  validateTrainRequest,
} from '../../../src/einstein/validation';
import type { Domain, RetrainParams } from '../../../src/einstein/types';

function rejection(action: () => unknown): InvalidRequestError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidRequestError) return error;
    throw error;
  }
  throw new Error('expected an InvalidRequestError');
}

const retrain = (extra: Partial<RetrainParams>) => () => validateRetrainParams({ modelId: 'M', ...extra });

describe('validateRetrainParams', () => {
  it('accepts the documented ranges, inclusive of their bounds', () => {
    expect(validateRetrainParams({ modelId: 'M', epochs: 1, learningRate: 0.0001 })).toMatchObject({ epochs: 1 });
    expect(validateRetrainParams({ modelId: 'M', epochs: 1000, learningRate: 0.01 })).toMatchObject({ learningRate: 0.01 });
    expect(
      validateRetrainParams({ modelId: ' M ', trainParams: { trainSplitRatio: 0.9, withFeedback: true, withGlobalDatasetId: 7 } }),
    ).toEqual({ modelId: 'M', trainParams: { trainSplitRatio: 0.9, withFeedback: true, withGlobalDatasetId: 7 } });
  });

  it.each([
    [{ epochs: 0 }, 'epochs', 'epochs must be an integer from 1 to 1000 (got 0)'],
    [{ epochs: 1001 }, 'epochs', 'epochs must be an integer from 1 to 1000 (got 1001)'],
    [{ epochs: 2.5 }, 'epochs', 'epochs must be an integer from 1 to 1000 (got 2.5)'],
    [{ learningRate: 0 }, 'learningRate', 'learningRate must be a number from 0.0001 to 0.01 (got 0)'],
    [{ learningRate: 0.02 }, 'learningRate', 'learningRate must be a number from 0.0001 to 0.01 (got 0.02)'],
    [{ trainParams: { trainSplitRatio: 1 } }, 'trainParams.trainSplitRatio', 'greater than 0 and less than 1 (got 1)'],
    [{ trainParams: { trainSplitRatio: 0 } }, 'trainParams.trainSplitRatio', 'greater than 0 and less than 1 (got 0)'],
    [{ modelId: '' }, 'modelId', 'modelId must be a non-empty string'],
    [{ modelId: '   ' }, 'modelId', 'modelId must be a non-empty string'],
  ] as const)('rejects %j naming %s and its range', (extra, field, text) => {
    const error = rejection(retrain(extra as Partial<RetrainParams>));
    expect(error.field).toBe(field);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(text);
    expect(error.message).toContain('Nothing was sent to Einstein');
  });

  it('rejects unknown trainParams keys (a typo would otherwise be sent silently)', () => {
    const error = rejection(retrain({ trainParams: { withFeedbak: true } as never }));
    expect(error.message).toContain('withFeedbak');
  });

  it('lists every problem at once', () => {
    const error = rejection(retrain({ epochs: 0, learningRate: 1 }));
    expect(error.message).toContain('epochs');
    expect(error.message).toContain('learningRate');
  });
});

describe('validateTrainRequest', () => {
  it('requires a positive dataset id and a name of 1–180 characters', () => {
    expect(rejection(() => validateTrainRequest({ datasetId: 0, name: 'n' })).field).toBe('datasetId');
    expect(rejection(() => validateTrainRequest({ datasetId: 1, name: 'x'.repeat(181) })).message).toContain('1 to 180 characters');
    expect(validateTrainRequest({ datasetId: 1, name: 'model', epochs: 3 })).toEqual({ datasetId: 1, name: 'model', epochs: 3 });
  });
});

describe('validateFeedbackParams', () => {
  it('needs image bytes for vision and a document for language', () => {
    expect(rejection(() => validateFeedbackParams('vision', { modelId: 'M', expectedLabel: 'a' })).field).toBe('data');
    expect(rejection(() => validateFeedbackParams('language', { modelId: 'M', expectedLabel: 'a' })).field).toBe('document');
    const data = { bytes: new Uint8Array([1, 2]), filename: 'a.png' };
    expect(validateFeedbackParams('vision', { modelId: 'M', expectedLabel: 'a', data }).data?.filename).toBe('a.png');
  });

  it('never echoes the document text', () => {
    const error = rejection(() => validateFeedbackParams('language', { modelId: 'M', expectedLabel: '', document: 'private words' }));
    expect(error.message).not.toContain('private words');
  });
});

describe('URL arguments', () => {
  it('checks domain, dataset ids, pages and the base URL', () => {
    expect(rejection(() => checkDomain('images' as Domain)).field).toBe('domain');
    expect(rejection(() => checkDatasetId(-1)).field).toBe('datasetId');
    expect(rejection(() => checkPage({ count: 0 })).field).toBe('page.count');
    expect(rejection(() => checkPage({ offset: -1 })).field).toBe('page.offset');
    expect(rejection(() => checkBaseUrl('api.einstein.ai')).field).toBe('baseUrl');
    expect(checkBaseUrl('https://api.einstein.ai/')).toBe('https://api.einstein.ai');
    expect(checkBaseUrl('http://127.0.0.1:8080/prefix/')).toBe('http://127.0.0.1:8080/prefix');
  });
});
