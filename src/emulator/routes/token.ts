/**
 * POST /v2/oauth2/token (docs/einstein-api.md §7): jwt-bearer and refresh_token grants, form-encoded body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_VALID_FOR, EINSTEIN_TOKEN_URL, JWT_BEARER_GRANT, MAX_VALID_FOR } from './auth';
import type { Emulator } from '../emulator';
import { badRequest } from './errors';
import { readForm, textField } from './form';

export const TOKEN_PATH = '/v2/oauth2/token';

export function registerTokenRoute(app: FastifyInstance, em: Emulator, publicUrl: () => string): void {
  app.post(TOKEN_PATH, async (request) => {
    const form = readTokenForm(request);
    const grantType = textField(form, 'grant_type');
    const validFor = parseValidFor(textField(form, 'valid_for'));
    if (grantType === JWT_BEARER_GRANT) {
      const assertion = textField(form, 'assertion');
      if (assertion === undefined) throw badRequest("The 'assertion' parameter is required for the jwt-bearer grant.");
      const offline = textField(form, 'scope') === 'offline';
      return em.tokens.grantFromAssertion(assertion.trim(), audiences(request, publicUrl()), validFor, offline);
    }
    if (grantType === 'refresh_token') {
      const refreshToken = textField(form, 'refresh_token');
      if (refreshToken === undefined) throw badRequest("The 'refresh_token' parameter is required for the refresh_token grant.");
      return em.tokens.grantFromRefreshToken(refreshToken.trim(), validFor);
    }
    throw badRequest(`grant_type must be ${JWT_BEARER_GRANT} or refresh_token`);
  });
}

function readTokenForm(request: FastifyRequest) {
  const contentType = String(request.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/x-www-form-urlencoded') && !contentType.startsWith('multipart/form-data')) {
    throw badRequest('The token request body must be application/x-www-form-urlencoded.');
  }
  return readForm(request);
}

function parseValidFor(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_VALID_FOR;
  const seconds = Number(raw.trim());
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_VALID_FOR) {
    throw badRequest(`valid_for must be an integer number of seconds from 1 to ${MAX_VALID_FOR}`);
  }
  return seconds;
}

/** The real token URL, this emulator's, and this emulator's as the client reached it (Host header). */
function audiences(request: FastifyRequest, publicUrl: string): string[] {
  const viaHost = request.headers.host ? [`${request.protocol}://${request.headers.host}${TOKEN_PATH}`] : [];
  return [EINSTEIN_TOKEN_URL, `${publicUrl}${TOKEN_PATH}`, ...viaHost];
}
