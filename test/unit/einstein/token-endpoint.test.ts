import { inspect } from 'node:util';
import { MalformedResponseError, ServerError, UnauthenticatedError } from '../../../src/einstein/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/einstein/http';
import { tokenRequester } from '../../../src/einstein/token-endpoint';

const TOKEN_URL = new URL('http://127.0.0.1:1/v2/oauth2/token');
const FORM = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'REFRESH-SECRET-123' });

/** A transport that answers every request with one canned response and remembers what it was asked. */
function cannedTransport(response: HttpResponse) {
  const sent: HttpRequest[] = [];
  const transport = { send: async (request: HttpRequest) => (sent.push(request), response) } as unknown as HttpTransport;
  return { transport, sent };
}

describe('tokenRequester', () => {
  it('posts the form url-encoded and reads the token and its lifetime', async () => {
    const text = '{"access_token":"AT","expires_in":"120","token_type":"Bearer"}';
    const { transport, sent } = cannedTransport({ status: 200, headers: {}, text });
    expect(await tokenRequester(transport)(TOKEN_URL, FORM)).toEqual({ accessToken: 'AT', expiresInSeconds: 120 });
    expect(sent[0]).toMatchObject({ method: 'POST', endpoint: 'POST /v2/oauth2/token', body: FORM.toString() });
    expect(sent[0]?.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('a refusal is UNAUTHENTICATED and never repeats what the server said (it may echo the secret)', async () => {
    const text = '{"message":"Invalid refresh token REFRESH-SECRET-123"}';
    const { transport } = cannedTransport({ status: 400, headers: {}, text });
    const error = await tokenRequester(transport)(TOKEN_URL, FORM).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10 })]) expect(text).not.toContain('REFRESH-SECRET-123');
  });

  it('5xx stays a retryable server error, and a body without access_token is MALFORMED_RESPONSE naming it', async () => {
    const answer = (status: number, text: string) =>
      tokenRequester(cannedTransport({ status, headers: {}, text }).transport)(TOKEN_URL, FORM).catch((e: unknown) => e);
    expect(await answer(503, '')).toBeInstanceOf(ServerError);
    const error = await answer(200, '{"token_type":"Bearer"}');
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ field: 'access_token' });
  });
});
