// Request bodies arrive as raw bytes (the signature is checked over them first), then are decoded as strict UTF-8,
// parsed as JSON and validated with zod. Every failure is a 400 that names the field and what it accepts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, invalidRequest, type FieldIssue } from './api-error';

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
