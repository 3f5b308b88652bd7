import {
  AlreadyClosedError,
  InvalidTriggerError,
  NotRetryableError,
  RetrainNotFoundError,
  TemporalUnavailableError,
} from '../../../src/client';
import type { TriggerClient } from '../../../src/api';
import { MODEL_ID, VALID_FEEDBACK, bearerRequest, buildTestApp, errorOf } from './harness';

/**
 * STUB CLIENT — used only by this file, to drive each typed error of the client API through the server's error
 * mapping. Every method throws the error it was given; the real RetrainClient is exercised by the integration tests
 * in test/integration/api/.
 */
function stubClientThrowing(error: unknown): TriggerClient {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { notifyCheckedFeedback: fail, requestCheckedRetrain: fail, getRetrain: fail, retry: fail, cancel: fail };
}

const ROUTES = [
  bearerRequest('POST', '/v1/events/feedback', VALID_FEEDBACK),
  bearerRequest('POST', '/v1/retrains', { domain: 'vision', modelId: MODEL_ID }),
  bearerRequest('GET', '/v1/retrains/retrain-run-1'),
  bearerRequest('POST', '/v1/retrains/retrain-run-1/retry'),
  bearerRequest('POST', '/v1/retrains/retrain-run-1/cancel'),
];

describe('trigger API error mapping (stub client)', () => {
  const cases: [string, unknown, number, string][] = [
    ['INVALID_TRIGGER', new InvalidTriggerError(['params.epochs: epochs must be an integer from 1 to 1000']), 400, 'INVALID_REQUEST'],
    ['RETRAIN_NOT_FOUND', new RetrainNotFoundError('retrain-run-1'), 404, 'RETRAIN_NOT_FOUND'],
    ['NOT_RETRYABLE', new NotRetryableError('retrain-run-1', 'COMPLETED', 'it succeeded'), 409, 'NOT_RETRYABLE'],
    ['ALREADY_CLOSED', new AlreadyClosedError('retrain-run-1', 'COMPLETED'), 409, 'ALREADY_CLOSED'],
    ['TEMPORAL_UNAVAILABLE', new TemporalUnavailableError('14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:7233'), 503, 'TEMPORAL_UNAVAILABLE'],
  ];

  it.each(cases)('maps %s on every route', async (_code, error, status, apiCode) => {
    const api = await buildTestApp({ client: stubClientThrowing(error) });
    for (const request of ROUTES) {
      const response = await api.app.inject(request);
      expect({ route: request.url, status: response.statusCode, code: errorOf(response).code }).toEqual({ route: request.url, status, code: apiCode });
    }
    await api.close();
  });

  it('passes the client message through for 404 and 409, and names fields of INVALID_TRIGGER', async () => {
    const notFound = await buildTestApp({ client: stubClientThrowing(new RetrainNotFoundError('retrain-run-1')) });
    expect(errorOf(await notFound.app.inject(ROUTES[2]!)).message).toMatch(/^Retrain retrain-run-1 not found/);
    await notFound.close();
    const invalid = await buildTestApp({ client: stubClientThrowing(new InvalidTriggerError(['params.epochs: epochs must be an integer from 1 to 1000'])) });
    expect(errorOf(await invalid.app.inject(ROUTES[1]!)).issues).toEqual([
      { field: 'body.params.epochs', message: 'epochs must be an integer from 1 to 1000' },
    ]);
    await invalid.close();
  });

  it('tells the caller when to retry while Temporal is unavailable', async () => {
    const api = await buildTestApp({ client: stubClientThrowing(new TemporalUnavailableError('deadline exceeded')) });
    const response = await api.app.inject(ROUTES[0]!);
    expect(response.headers['retry-after']).toBe('5');
    expect(errorOf(response).message).toBe('Temporal cannot be reached right now: retry after 5 s');
    await api.close();
  });

  it('answers an unexpected error with 500 and no detail, and logs it', async () => {
    const api = await buildTestApp({ client: stubClientThrowing(new Error('socket hang up at internal-host:9999')) });
    const response = await api.app.inject(ROUTES[0]!);
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).code).toBe('INTERNAL_ERROR');
    expect(response.body).not.toContain('internal-host');
    expect(api.logs.join('\n')).toContain('internal-host');
    await api.close();
  });
});
