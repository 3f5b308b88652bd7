/**
 * Form bodies of train, retrain, feedback and dataset creation: documented as multipart/form-data (urlencoded form
 * fields are accepted too). JSON is refused, so a client that sends JSON learns it here, not against the real API.
 */
import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors';

export interface FormFile {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}
export type FormValue = string | FormFile;
export type Form = Record<string, FormValue>;

interface MultipartPart {
  type?: 'field' | 'file';
  value?: unknown;
  filename?: string;
  mimetype?: string;
  _buf?: Buffer | null;
}

export function readForm(request: FastifyRequest): Form {
  const contentType = String(request.headers['content-type'] ?? '');
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (contentType.startsWith('multipart/form-data')) return fromMultipart(body);
  if (contentType.startsWith('application/x-www-form-urlencoded')) return fromUrlEncoded(body);
  throw badRequest('The request body must be multipart/form-data.');
}

function fromMultipart(body: Record<string, unknown>): Form {
  const form: Form = {};
  for (const [name, raw] of Object.entries(body)) {
    if (Array.isArray(raw)) throw badRequest(`The '${name}' parameter cannot be duplicated.`);
    const part = raw as MultipartPart;
    if (part.type === 'file') {
      form[name] = { filename: part.filename ?? '', mimetype: part.mimetype ?? '', bytes: part._buf ?? Buffer.alloc(0) };
    } else {
      form[name] = String(part.value ?? '');
    }
  }
  return form;
}

function fromUrlEncoded(body: Record<string, unknown>): Form {
  const form: Form = {};
  for (const [name, raw] of Object.entries(body)) {
    if (Array.isArray(raw)) throw badRequest(`The '${name}' parameter cannot be duplicated.`);
    form[name] = String(raw);
  }
  return form;
}

/** A text field: absent or blank gives undefined; a file where text is expected is a 400. */
export function textField(form: Form, name: string): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`The '${name}' parameter must be a text field, not a file.`);
  return value.trim() === '' ? undefined : value;
}

export function fileField(form: Form, name: string): FormFile | undefined {
  const value = form[name];
  if (value === undefined || typeof value === 'string') return undefined;
  return value;
}

/** Peeks at a text field of a request body before routing code reads it (for per-model call counts). */
export function peekTextField(body: unknown, name: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const raw = (body as Record<string, unknown>)[name];
  if (typeof raw === 'string') return raw;
  const part = raw as MultipartPart | undefined;
  return part?.type === 'field' && typeof part.value === 'string' ? part.value : undefined;
}
