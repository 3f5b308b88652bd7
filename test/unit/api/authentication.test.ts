import {
  BEARER_TOKEN,
  FEEDBACK_WITH_BAD_COUNT,
  HMAC_SECRET,
  NOW_SECONDS,
  bearerRequest,
  buildTestApp,
  errorOf,
  guardClient,
  signatureHeaders,
  signedPost,
  type TestApp,
} from './harness';

// A request that passes authentication reaches validation: FEEDBACK_WITH_BAD_COUNT then ends in a 400 naming
// body.newExamples, which proves the credentials were accepted and the body parsed after the check.
const FEEDBACK = '/v1/events/feedback';
const passedAuthentication = (response: { statusCode: number; json(): unknown }) =>
  response.statusCode === 400 && errorOf(response).issues?.[0]?.field === 'body.newExamples';

describe('trigger API authentication', () => {
  let api: TestApp;
  const client = guardClient();
  beforeEach(async () => {
    api = await buildTestApp({ client });
  });
  afterEach(() => api.close());
  afterAll(() => expect(client.calls).toEqual([]));

  it('refuses a request without credentials and says how to authenticate', async () => {
    const response = await api.app.inject({ method: 'POST', url: FEEDBACK, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('AUTH_REQUIRED');
    expect(errorOf(response).message).toMatch(/Authorization: Bearer <token>/);
    expect(errorOf(response).message).toMatch(/X-Einstein-Retrain-Signature/);
    expect(response.headers['www-authenticate']).toMatch(/Bearer realm="einstein-retrain"/);
  });

  it('accepts a correct signature over the raw body', async () => {
    expect(passedAuthentication(await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT)))).toBe(true);
  });

  it('refuses a signature made with another secret', async () => {
    const response = await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { secret: 'not-the-server-secret-0123456789' }));
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('SIGNATURE_MISMATCH');
    expect(errorOf(response).message).toMatch(/EINSTEIN_RETRAIN_API_HMAC_SECRET/);
  });

  it('refuses a body changed after signing, even when only whitespace differs', async () => {
    const request = signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT);
    const response = await api.app.inject({ ...request, payload: JSON.stringify(FEEDBACK_WITH_BAD_COUNT, null, 1) });
    expect(errorOf(response).code).toBe('SIGNATURE_MISMATCH');
  });

  it('refuses a stale timestamp and says how far behind it is', async () => {
    const response = await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { timestamp: NOW_SECONDS - 301 }));
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('STALE_TIMESTAMP');
    expect(errorOf(response).message).toMatch(/301 s behind the server clock \(tolerance 300 s\)/);
  });

  it('refuses a timestamp from the future', async () => {
    const response = await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { timestamp: NOW_SECONDS + 3600 }));
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('STALE_TIMESTAMP');
    expect(errorOf(response).message).toMatch(/3600 s ahead of the server clock/);
  });

  it('accepts timestamps at the edges of the window', async () => {
    expect(passedAuthentication(await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { timestamp: NOW_SECONDS - 300 })))).toBe(true);
    expect(passedAuthentication(await api.app.inject(signedPost(FEEDBACK, { ...FEEDBACK_WITH_BAD_COUNT, eventId: 'e2' }, { timestamp: NOW_SECONDS + 300 })))).toBe(true);
  });

  it('refuses a replayed request: the same signature is accepted once', async () => {
    const request = signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT);
    expect(passedAuthentication(await api.app.inject(request))).toBe(true);
    const replay = await api.app.inject(request);
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay).code).toBe('REPLAYED_REQUEST');
    expect(errorOf(replay).message).toMatch(/signed anew/);
    const resigned = await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { timestamp: NOW_SECONDS + 1 }));
    expect(passedAuthentication(resigned)).toBe(true);
  });

  it('refuses a replay after the window has closed as stale', async () => {
    let now = NOW_SECONDS * 1000;
    const clocked = await buildTestApp({ now: () => now });
    const request = signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT);
    expect(passedAuthentication(await clocked.app.inject(request))).toBe(true);
    now += 301_000;
    expect(errorOf(await clocked.app.inject(request)).code).toBe('STALE_TIMESTAMP');
    await clocked.close();
  });

  it('refuses malformed signature headers with what the header must look like', async () => {
    const payload = JSON.stringify(FEEDBACK_WITH_BAD_COUNT);
    const good = signatureHeaders(payload);
    const cases: [Record<string, string>, string][] = [
      [{ 'x-einstein-retrain-signature': good['x-einstein-retrain-signature']! }, 'MALFORMED_TIMESTAMP'],
      [{ 'x-einstein-retrain-timestamp': good['x-einstein-retrain-timestamp']! }, 'MALFORMED_SIGNATURE'],
      [{ ...good, 'x-einstein-retrain-timestamp': '2024-05-01T10:00:00Z' }, 'MALFORMED_TIMESTAMP'],
      [{ ...good, 'x-einstein-retrain-signature': good['x-einstein-retrain-signature']!.replace('sha256=', 'sha1=') }, 'MALFORMED_SIGNATURE'],
      [{ ...good, 'x-einstein-retrain-signature': 'sha256=abc' }, 'MALFORMED_SIGNATURE'],
    ];
    for (const [headers, code] of cases) {
      const response = await api.app.inject({ method: 'POST', url: FEEDBACK, headers: { 'content-type': 'application/json', ...headers }, payload });
      expect({ status: response.statusCode, code: errorOf(response).code }).toEqual({ status: 401, code });
    }
  });

  it('signs bodiless requests over "<timestamp>." (an empty body)', async () => {
    const url = `/v1/retrains/${encodeURIComponent('bad\u0001id')}`;
    const response = await api.app.inject({ method: 'GET', url, headers: signatureHeaders('') });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.[0]?.field).toBe('path.id');
  });

  it('checks the signature before parsing: a signed non-JSON body is a 400, an unsigned one a 401', async () => {
    const signed = await api.app.inject(signedPost(FEEDBACK, '{not json'));
    expect(signed.statusCode).toBe(400);
    expect(errorOf(signed).code).toBe('MALFORMED_JSON');
    const unsigned = await api.app.inject({ method: 'POST', url: FEEDBACK, headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(unsigned.statusCode).toBe(401);
  });

  it('accepts a known bearer token and refuses others', async () => {
    expect(passedAuthentication(await api.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT)))).toBe(true);
    const wrong = await api.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT, `${BEARER_TOKEN}x`));
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('INVALID_TOKEN');
    const prefix = await api.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT, BEARER_TOKEN.slice(0, -1)));
    expect(errorOf(prefix).code).toBe('INVALID_TOKEN');
  });

  it('refuses an Authorization header of another scheme', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/retrains/x',
      headers: { authorization: `Basic ${Buffer.from(`user:${BEARER_TOKEN}`).toString('base64')}` },
    });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toMatchObject({ code: 'INVALID_TOKEN', message: 'The Authorization header must be "Bearer <token>"' });
  });

  it('needs every credential presented to be valid', async () => {
    const request = signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT);
    const response = await api.app.inject({ ...request, headers: { ...request.headers, authorization: 'Bearer wrong-token-0123456789abcdef' } });
    expect(errorOf(response).code).toBe('INVALID_TOKEN');
  });

  it('says when a scheme is not enabled on the server', async () => {
    const tokensOnly = await buildTestApp({ hmacSecret: null });
    const signed = await tokensOnly.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT));
    expect(errorOf(signed)).toMatchObject({ code: 'AUTH_SCHEME_DISABLED', message: expect.stringMatching(/Bearer/) });
    await tokensOnly.close();
    const hmacOnly = await buildTestApp({ bearerTokens: [] });
    const bearer = await hmacOnly.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT));
    expect(errorOf(bearer).code).toBe('AUTH_SCHEME_DISABLED');
    await hmacOnly.close();
  });

  it('answers /healthz without credentials', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', temporal: { reachable: true } });
  });

  it('never puts a secret, token or signature in an answer or a log line', async () => {
    const signed = signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT, { secret: 'not-the-server-secret-0123456789' });
    const responses = [
      await api.app.inject(signed),
      await api.app.inject(signedPost(FEEDBACK, FEEDBACK_WITH_BAD_COUNT)),
      await api.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT, 'wrong-token-0123456789abcdef')),
      await api.app.inject(bearerRequest('POST', FEEDBACK, FEEDBACK_WITH_BAD_COUNT)),
    ];
    const signatureHex = String(signed.headers!['x-einstein-retrain-signature']).slice('sha256='.length);
    const seen = [...responses.map((r) => r.body + JSON.stringify(r.headers)), ...api.logs].join('\n');
    for (const secret of [HMAC_SECRET, BEARER_TOKEN, 'wrong-token-0123456789abcdef', 'not-the-server-secret', signatureHex]) {
      expect(seen).not.toContain(secret);
    }
    expect(api.logs.filter((line) => line.includes('"msg":"request"'))).toHaveLength(4);
  });
});
