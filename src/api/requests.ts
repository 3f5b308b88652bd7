// What happens to every request around its route: the raw JSON body, its validation against the contract's schemas
// (src/contract/requests.ts) with a 400 that names each field, the error handler, and one log line.
import type { FastifyInstance, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, invalidRequest, type FieldIssue, apiErrorFromClient } from './errors';
import { PrintableIdSchema } from '../contract/ids';
import { FeedbackEvent, RetrainRequestBody } from '../contract/requests';
import { notesOf } from './auth';

// Request bodies arrive as raw bytes (the signature is checked over them first), then are decoded as strict UTF-8,
// parsed as JSON and validated with zod. Every failure is a 400 that names the field and what it accepts.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces fastify's parsers with one: `application/json` (UTF-8), kept as a Buffer. Any other media type gets
 * fastify's 415; bodies over the limit its 413.
 */
export function acceptRawJsonBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8 (charset=utf-8)'));
      return;
    }
    done(null, body);
  });
}

/** The JSON value of a raw body; undefined when there is no body. */
export function parseJsonBody(raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (!Buffer.isBuffer(raw)) throw new Error('request body was not kept raw'); // a wiring bug, not bad input
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid UTF-8: send JSON encoded as UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'syntax error';
    throw new ApiError(400, 'MALFORMED_JSON', `The body is not valid JSON (${detail})`);
  }
}

/** Validates `value` (found at `where`: "body" or "path") or throws a 400 listing every bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidRequest(parsed.error.issues.flatMap((issue) => fieldIssues(schema, issue, where)));
}

function fieldIssues(schema: z.ZodType, issue: z.core.$ZodIssue, where: string): FieldIssue[] {
  const at = [where, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(schema, issue.path);
    const hint = allowed.length > 0 ? `allowed fields: ${allowed.join(', ')}` : 'no fields are allowed here';
    return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: `unknown field; ${hint}` }));
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    const hint = where === 'body' ? ' (send Content-Type: application/json)' : '';
    return [{ field: where, message: `${where} must be a JSON object${hint}` }];
  }
  return [{ field: at.join('.'), message: issue.message }];
}

/** The field names the schema accepts at `path` (for "unknown field" messages). */
function allowedKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of [...path, undefined]) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) node = node.unwrap();
    if (!(node instanceof z.ZodObject)) return [];
    if (key === undefined) return Object.keys(node.shape as object);
    node = (node.shape as Record<PropertyKey, unknown>)[key];
  }
  return [];
}

// The bodies and path parameters of the trigger API. The bodies are the contract's (src/contract/requests.ts), so the
// API refuses exactly what the client and the workflow would; unknown fields are refused at every level.
export const FeedbackEventBody = FeedbackEvent;
export type FeedbackEventBody = z.output<typeof FeedbackEventBody>;
export { RetrainRequestBody };

/** Temporal limits workflow ids to 1000 bytes; counting bytes here keeps a long non-ASCII id a 400, not a server error. */
const MAX_WORKFLOW_ID_BYTES = 1000;
export const RetrainIdParams = z
  .object({
    id: PrintableIdSchema('id (the retrain workflow id)', MAX_WORKFLOW_ID_BYTES).refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_WORKFLOW_ID_BYTES, {
      error: `id (the retrain workflow id) must be at most ${MAX_WORKFLOW_ID_BYTES} bytes in UTF-8`,
    }),
  })
  .strict();

/** Retry and cancel take no fields: no body, or an empty JSON object. */
export const EmptyBody = z.object({}).strict();

/** The schema of each request body named in the OpenAPI file, by component name. */
export const REQUEST_BODY_SCHEMAS = {
  FeedbackEvent: FeedbackEventBody,
  RetrainRequest: RetrainRequestBody,
  EmptyBody,
} as const;

// One shape for every error answer, `{ error: { code, message, issues? } }`: ours (ApiError), the client API's typed
// errors, and fastify's own 4xx (body too large, media type, bad URL). Anything else is a bug: 500, logged.
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

// One structured log line per request: method, route, status, duration, auth scheme and error code. Headers and
// bodies are never logged, so neither tokens nor signatures can reach the log.
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
