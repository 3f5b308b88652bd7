// One structured log line per request: method, route, status, duration, auth scheme and error code. Headers and
// bodies are never logged, so neither tokens nor signatures can reach the log.
import type { FastifyInstance } from 'fastify';
import { notesOf } from './request-notes';

export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const notes = notesOf(request);
    const line = {
      method: request.method,
      route: request.routeOptions.url,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      auth: notes.schemes?.join('+'),
      errorCode: notes.errorCode,
    };
    if (reply.statusCode >= 500) request.log.warn(line, 'request failed');
    else request.log.info(line, 'request');
  });
}
