// `POST /v2/oauth2/token` over our HTTP transport (docs/einstein-api.md §7). Its failures never carry the server's text:
// the body of a refused token request is undocumented and could echo the assertion or refresh token.
import { UnauthenticatedError } from './errors';
import type { HttpTransport } from './http';
import type { MintedToken, TokenRequester } from './auth';
import { decodeBody, errorForStatus } from './responses';
import { tokenResponseSchema } from './schemas';

export function tokenRequester(transport: HttpTransport): TokenRequester {
  return async (tokenUrl: URL, form: URLSearchParams): Promise<MintedToken> => {
    const endpoint = `POST ${tokenUrl.pathname}`;
    const response = await transport.send({
      method: 'POST',
      url: tokenUrl,
      endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new UnauthenticatedError(
        `Einstein refused to issue an access token (HTTP ${response.status} from ${endpoint}). ` +
          `Check the account id and private key (or the refresh token) and the token URL.`,
        { endpoint, httpStatus: response.status },
      );
    }
    if (response.status < 200 || response.status >= 300) throw errorForStatus(response, { endpoint });
    const body = decodeBody(response, tokenResponseSchema, endpoint);
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
  };
}
