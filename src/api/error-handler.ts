// One shape for every error answer, `{ error: { code, message, issues? } }`: ours (ApiError), the client API's typed
// errors, and fastify's own 4xx (body too large, media type, bad URL). Anything else is a bug: 500, logged.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { apiErrorFromClient } from './client-errors';
import { notesOf } from './request-notes';

/** Workflow ids may be long (up to 1000 characters); the router refuses longer path parameters. */
export const MAX_PARAM_LENGTH = 1_024;

export function installErrorHandling(app: FastifyInstance, bodyLimit: number, routeList: () => string[]): void {
  app.setErrorHandler((error, request, reply) => send(request, reply, toApiError(error, bodyLimit) ?? internal(request, error)));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    const message = `No route ${request.method} ${path}; the routes are: ${routeList().join(', ')}`;
    return send(request, reply, new ApiError(404, 'NOT_FOUND', message));
  });
}

/** fastify's `frameworkErrors` option: errors raised while routing, before any hook runs. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(414, 'INVALID_REQUEST', `A path parameter is longer than ${MAX_PARAM_LENGTH} characters: workflow ids have at most 1000`)
      : new ApiError(400, 'INVALID_REQUEST', 'The URL is not valid: percent-encode path segments as UTF-8');
  void send(request, reply, answer);
}

function send(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  notesOf(request).errorCode = error.code;
  return reply.code(error.status).headers(error.headers).send(error.toBody());
}

function toApiError(error: unknown, bodyLimit: number): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const fromClient = apiErrorFromClient(error);
  if (fromClient) return fromClient;
  const { code, statusCode } = error as Partial<FastifyError>;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError(413, 'BODY_TOO_LARGE', `The body is larger than ${bodyLimit} bytes: trigger bodies are small JSON objects`);
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json');
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return new ApiError(statusCode, 'INVALID_REQUEST', `The request could not be read: ${(error as Error).message}`);
  }
  return undefined;
}

function internal(request: FastifyRequest, error: unknown): ApiError {
  request.log.error({ err: error }, 'trigger API handler failed');
  return new ApiError(500, 'INTERNAL_ERROR', `Unexpected server error (request ${request.id}); the server log has the details`);
}
