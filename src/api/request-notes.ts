// What the hooks learn about a request (credentials, schemes, error code), kept beside it for later hooks and the
// request log without widening fastify's request type for every app in the process.
import type { FastifyRequest } from 'fastify';
import type { AuthScheme, Credentials } from './authenticator';

export interface RequestNotes {
  credentials?: Credentials;
  schemes?: AuthScheme[];
  errorCode?: string;
}

const notes = new WeakMap<FastifyRequest, RequestNotes>();

export function notesOf(request: FastifyRequest): RequestNotes {
  let found = notes.get(request);
  if (!found) notes.set(request, (found = {}));
  return found;
}
