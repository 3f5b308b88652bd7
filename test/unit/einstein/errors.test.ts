import {
  DatasetBusyError,
  DatasetDeletedError,
  EinsteinError,
  InvalidRequestError,
  isEinsteinError,
  MalformedResponseError,
  ModelNotFoundError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthenticatedError,
} from '../../../src/einstein/errors';

describe('error classes', () => {
  // Temporal matches nonRetryableErrorTypes by error name: name, code and retryability are the contract.
  it.each([
    [new DatasetBusyError(1, 'B', 'RUNNING'), 'DatasetBusyError', 'DATASET_BUSY', true],
    [new DatasetDeletedError(1, 'NOT_FOUND'), 'DatasetDeletedError', 'DATASET_DELETED', false],
    [new ModelNotFoundError('M'), 'ModelNotFoundError', 'MODEL_NOT_FOUND', false],
    [new InvalidRequestError('bad'), 'InvalidRequestError', 'INVALID_REQUEST', false],
    [new UnauthenticatedError('no'), 'UnauthenticatedError', 'UNAUTHENTICATED', false],
    [new RateLimitedError(), 'RateLimitedError', 'RATE_LIMITED', true],
    [new ServerError(), 'ServerError', 'SERVER_ERROR', true],
    [new NetworkError('ECONNRESET'), 'NetworkError', 'NETWORK_ERROR', true],
    [new TimeoutError('headers'), 'TimeoutError', 'TIMEOUT', true],
    [new MalformedResponseError('x', { retryable: false }), 'MalformedResponseError', 'MALFORMED_RESPONSE', false],
  ] as const)('%s has name %s, code %s, retryable %s', (error, name, code, retryable) => {
    expect(error).toBeInstanceOf(EinsteinError);
    expect(error).toBeInstanceOf(Error);
    expect(isEinsteinError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
  });

  it('carries the context and the blocking model', () => {
    const context = { endpoint: 'POST /v2/vision/retrain', httpStatus: 400 };
    const error = new DatasetBusyError(57, 'YCQ4ZACEPJFGXZNRA6ERF3GL5E', 'QUEUED', context);
    expect(error).toMatchObject({ datasetId: 57, blockingModelId: 'YCQ4ZACEPJFGXZNRA6ERF3GL5E', ...context });
    expect(error.message).toContain('YCQ4ZACEPJFGXZNRA6ERF3GL5E');
    expect(error.message).toMatch(/wait/i);
    expect(error).not.toHaveProperty('retryAfterMs');
  });

  it('says how long the server asked to wait', () => {
    expect(new RateLimitedError({ retryAfterMs: 2500 }).message).toContain('3 s');
    expect(new ServerError({ httpStatus: 503, retryAfterMs: 10_000 }).message).toContain('HTTP 503');
  });
});
