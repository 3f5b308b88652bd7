// Turning an HTTP response into a value or a typed error: JSON + zod decoding, and HTTP status → error code.
import type { z } from 'zod';
import {
  InvalidRequestError,
  MalformedResponseError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthenticatedError,
  type EinsteinError,
} from './errors';
import { fieldName, valueAtPath } from './issues';
import { headerValue, type HttpResponse } from './http';
import { parseRetryAfter } from '../http/retry-after';
import { errorBodySchema } from './schemas';

/** Parses a JSON body against a schema; failures name the first offending field and never echo the body. */
export function decodeBody<T extends z.ZodType>(response: HttpResponse, schema: T, endpoint: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw new MalformedResponseError(
      `Einstein sent a body that is not JSON (HTTP ${response.status} from ${endpoint}). ` +
        `This is usually a truncated or proxied answer; try again.`,
      { endpoint, httpStatus: response.status, retryable: true },
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  const field = fieldName(path) ?? '(body)';
  const problem = valueAtPath(json, path) === undefined ? 'is missing' : `is invalid: ${issue?.message ?? 'unknown'}`;
  throw new MalformedResponseError(
    `Einstein's response from ${endpoint} cannot be used: field "${field}" ${problem}. ` +
      `The API may have changed; report this with the endpoint and field.`,
    { endpoint, httpStatus: response.status, field, retryable: false },
  );
}

/** The `message` of an error body, shortened and limited to one printable line; `undefined` when there is none. */
export function serverMessage(response: HttpResponse): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(response.text));
    const message = parsed.success ? parsed.data.message : undefined;
    if (!message) return undefined;
    const oneLine = message.replace(/[^\x20-\x7e]+/g, ' ').trim();
    return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
  } catch {
    return undefined;
  }
}

export interface StatusErrorOptions {
  endpoint: string;
  /** The endpoint-specific meaning of a 404 (ModelNotFoundError, DatasetDeletedError); default INVALID_REQUEST. */
  onNotFound?: () => EinsteinError;
  now?: number;
  /** See EinsteinClientOptions.retryAfterCeilingMs. */
  retryAfterCeilingMs?: number;
}

/** Maps a non-2xx status to its typed error. 401 reaches here only when re-minting a token did not help. */
export function errorForStatus(response: HttpResponse, options: StatusErrorOptions): EinsteinError {
  const { endpoint } = options;
  const httpStatus = response.status;
  const retryAfterMs = parseRetryAfter(headerValue(response, 'retry-after'), { now: options.now, ceilingMs: options.retryAfterCeilingMs });
  if (httpStatus === 401 || httpStatus === 403) {
    return new UnauthenticatedError(
      `Einstein refused the access token (HTTP ${httpStatus} from ${endpoint}). ` +
        `If it lasts, check the configured account id and private key, refresh token or access token.`,
      { endpoint, httpStatus, retryable: true },
    );
  }
  if (httpStatus === 404 && options.onNotFound) return options.onNotFound();
  if (httpStatus === 408) return new TimeoutError('server', { endpoint, httpStatus });
  if (httpStatus === 429) return new RateLimitedError({ endpoint, httpStatus, retryAfterMs });
  if (httpStatus >= 500) return new ServerError({ endpoint, httpStatus, retryAfterMs });
  if (httpStatus >= 400) return invalidRequestFromServer(response, endpoint);
  return new MalformedResponseError(`Einstein answered an unexpected HTTP ${httpStatus} from ${endpoint}.`, {
    endpoint,
    httpStatus,
    retryable: false,
  });
}

/** A 4xx that no state explains: permanent. The server's own message is included because it says what is wrong. */
export function invalidRequestFromServer(response: HttpResponse, endpoint: string, lookedAt?: string): InvalidRequestError {
  const message = serverMessage(response);
  return new InvalidRequestError(
    `Einstein rejected the request (HTTP ${response.status} from ${endpoint})` +
      `${message ? `: "${message}"` : ''}` +
      `${lookedAt ? `, and its state does not explain why (${lookedAt})` : ''}. ` +
      'Fix the request; retrying it unchanged will fail again.',
    { endpoint, httpStatus: response.status },
  );
}
