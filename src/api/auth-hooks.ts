// Hooks that authenticate every route of the context they are added to: headers before the body is read
// (onRequest), the HMAC signature over the raw body before anything parses it (preValidation).
import type { FastifyInstance } from 'fastify';
import { readCredentials, type Authenticator } from './authenticator';
import { notesOf } from './request-notes';

export function requireAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.addHook('onRequest', async (request) => {
    const credentials = readCredentials(request.headers);
    const notes = notesOf(request);
    notes.credentials = credentials;
    notes.schemes = authenticator.checkHeaders(credentials);
  });
  app.addHook('preValidation', async (request) => {
    const { credentials, schemes } = notesOf(request);
    if (!credentials || !schemes?.includes('hmac')) return;
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    authenticator.verifySignature(credentials, raw);
  });
}
