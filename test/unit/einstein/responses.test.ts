import {
  DatasetDeletedError,
  InvalidRequestError,
  MalformedResponseError,
  ModelNotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthenticatedError,
} from '../../../src/einstein/errors';
import type { HttpResponse } from '../../../src/einstein/http';
import { decodeBody, errorForStatus, serverMessage } from '../../../src/einstein/responses';
import { trainingSchema } from '../../../src/einstein/schemas';

const endpoint = 'GET /v2/vision/train/:modelId';
const response = (status: number, text = '', headers: Record<string, string> = {}): HttpResponse => ({ status, text, headers });

const goodTraining = {
  modelId: 'M',
  datasetId: 1,
  status: 'RUNNING',
  progress: 0.5,
  modelType: 'image',
  createdAt: '2016-09-16T18:03:21.000+0000',
  updatedAt: '2016-09-16T18:03:21.000+0000',
};

describe('decodeBody', () => {
  it('returns the parsed value', () => {
    expect(decodeBody(response(200, JSON.stringify(goodTraining)), trainingSchema, endpoint).status).toBe('RUNNING');
  });

  it('a non-JSON body is MALFORMED_RESPONSE, retryable, and does not echo the body', () => {
    const error = catchError(() => decodeBody(response(200, '{"modelId":"SECRETISH'), trainingSchema, endpoint));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: true, endpoint, httpStatus: 200 });
    expect((error as Error).message).not.toContain('SECRETISH');
  });

  it('a missing required field is MALFORMED_RESPONSE naming the field', () => {
    const { modelId: _omitted, ...withoutModelId } = goodTraining;
    const error = catchError(() => decodeBody(response(200, JSON.stringify(withoutModelId)), trainingSchema, endpoint));
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: false, field: 'modelId' });
    expect((error as Error).message).toContain('field "modelId" is missing');
  });

  it('a field of the wrong type is MALFORMED_RESPONSE naming the nested path', () => {
    const body = { ...goodTraining, trainStats: { examples: 'many' } };
    const error = catchError(() => decodeBody(response(200, JSON.stringify(body)), trainingSchema, endpoint));
    expect(error).toMatchObject({ field: 'trainStats.examples' });
    expect((error as Error).message).toContain('is invalid');
  });
});

describe('errorForStatus', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');

  it('429 is RATE_LIMITED with Retry-After in ms', () => {
    const error = errorForStatus(response(429, '{"message":"Exceed usage limitation"}', { 'retry-after': '7' }), { endpoint, now });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 7000, httpStatus: 429 });
  });

  it('5xx is SERVER_ERROR, with Retry-After as an HTTP date', () => {
    const error = errorForStatus(response(503, '', { 'retry-after': 'Mon, 01 Jan 2024 00:00:05 GMT' }), { endpoint, now });
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 5000, httpStatus: 503 });
    expect(errorForStatus(response(500), { endpoint }).retryAfterMs).toBeUndefined();
  });

  it('404 uses the endpoint-specific meaning when given', () => {
    expect(errorForStatus(response(404), { endpoint, onNotFound: () => new ModelNotFoundError('M') })).toBeInstanceOf(ModelNotFoundError);
    expect(errorForStatus(response(404), { endpoint, onNotFound: () => new DatasetDeletedError(5, 'NOT_FOUND') })).toBeInstanceOf(
      DatasetDeletedError,
    );
    expect(errorForStatus(response(404), { endpoint })).toBeInstanceOf(InvalidRequestError);
  });

  it('other 4xx are INVALID_REQUEST, permanent, quoting the server message', () => {
    const error = errorForStatus(response(400, '{"message":"The \'name\' parameter is required."}'), { endpoint });
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("The 'name' parameter is required.");
  });

  it('401/403 are UNAUTHENTICATED and 408 is TIMEOUT', () => {
    expect(errorForStatus(response(401), { endpoint })).toBeInstanceOf(UnauthenticatedError);
    expect(errorForStatus(response(403), { endpoint })).toBeInstanceOf(UnauthenticatedError);
    expect(errorForStatus(response(408), { endpoint })).toBeInstanceOf(TimeoutError);
  });

  it('a status that makes no sense is MALFORMED_RESPONSE', () => {
    expect(errorForStatus(response(302), { endpoint })).toBeInstanceOf(MalformedResponseError);
  });
});

describe('serverMessage', () => {
  it('extracts, flattens and shortens the message', () => {
    expect(serverMessage(response(400, '{"message":"line one\\nline two"}'))).toBe('line one line two');
    expect(serverMessage(response(400, JSON.stringify({ message: 'x'.repeat(500) })))?.length).toBe(201);
    expect(serverMessage(response(400, 'not json'))).toBeUndefined();
    expect(serverMessage(response(400, '{"errors":[]}'))).toBeUndefined();
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}
