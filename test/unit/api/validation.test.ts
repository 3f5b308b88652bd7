import { BEARER_TOKEN, MODEL_ID, VALID_FEEDBACK, bearerRequest, buildTestApp, errorOf, guardClient, type TestApp } from './harness';

// Every request here is authenticated with the bearer token and fails validation, so the client API is never reached.
describe('trigger API validation', () => {
  let api: TestApp;
  const client = guardClient();
  beforeAll(async () => {
    api = await buildTestApp({ client, bodyLimitBytes: 1024 });
  });
  afterAll(async () => {
    await api.close();
    expect(client.calls).toEqual([]);
  });

  const post = (url: string, body: unknown) => api.app.inject(bearerRequest('POST', url, body));
  const issuesOf = async (url: string, body: unknown) => {
    const response = await post(url, body);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_REQUEST');
    return errorOf(response).issues ?? [];
  };

  it('names each missing feedback field', async () => {
    const issues = await issuesOf('/v1/events/feedback', {});
    expect(issues.map((i) => i.field).sort()).toEqual(['body.domain', 'body.eventId', 'body.modelId', 'body.newExamples']);
  });

  it('names the allowed values of a bad field', async () => {
    const issues = await issuesOf('/v1/events/feedback', { ...VALID_FEEDBACK, domain: 'audio', modelId: 'short' });
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'body.domain', message: "domain must be 'vision' or 'language'" },
        { field: 'body.modelId', message: 'modelId must be 26 characters of A-Z and 2-7' },
      ]),
    );
  });

  it('refuses unknown fields and lists the allowed ones', async () => {
    const issues = await issuesOf('/v1/events/feedback', { ...VALID_FEEDBACK, examples: 3 });
    expect(issues).toEqual([{ field: 'body.examples', message: 'unknown field; allowed fields: domain, modelId, eventId, newExamples, occurredAt' }]);
    const nested = await issuesOf('/v1/retrains', { domain: 'vision', modelId: MODEL_ID, params: { epochs: 3, trainParams: { split: 0.5 } } });
    expect(nested).toEqual([
      { field: 'body.params.trainParams.split', message: 'unknown field; allowed fields: trainSplitRatio, withFeedback, withGlobalDatasetId' },
    ]);
    const policy = await issuesOf('/v1/retrains', { domain: 'vision', modelId: MODEL_ID, policy: { retries: 2 } });
    expect(policy[0]).toMatchObject({ field: 'body.policy.retries', message: expect.stringContaining('maxResubmits') });
  });

  it('refuses an ops request that sets its own trigger source: the API sets it', async () => {
    const issues = await issuesOf('/v1/retrains', { domain: 'vision', modelId: MODEL_ID, source: 'schedule' });
    expect(issues[0]?.field).toBe('body.source');
  });

  it('applies the retrain workflow rules to params, under their body path', async () => {
    const issues = await issuesOf('/v1/retrains', {
      domain: 'language',
      modelId: MODEL_ID,
      params: { epochs: 0, learningRate: 0.001, algorithm: 'object-detection' },
    });
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['body.params.epochs']));
    const language = await issuesOf('/v1/retrains', { domain: 'language', modelId: MODEL_ID, params: { learningRate: 0.001, algorithm: 'object-detection' } });
    expect(language).toEqual(
      expect.arrayContaining([
        { field: 'body.params.learningRate', message: 'learningRate is not used by Einstein Language models; omit it' },
        { field: 'body.params.algorithm', message: 'algorithm for language must be one of: intent, multilingual-intent, multilingual-intent-ood' },
      ]),
    );
  });

  it('refuses ids with control characters or unpaired surrogates', async () => {
    const control = await issuesOf('/v1/events/feedback', { ...VALID_FEEDBACK, eventId: 'evt\u0000' });
    expect(control[0]).toMatchObject({ field: 'body.eventId', message: expect.stringContaining('no control characters') });
    const surrogate = await issuesOf('/v1/retrains', { domain: 'vision', modelId: MODEL_ID, requestId: 'req-\ud800' });
    expect(surrogate[0]?.field).toBe('body.requestId');
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const issues = await issuesOf('/v1/events/feedback', body);
      expect(issues).toEqual([{ field: 'body', message: 'body must be a JSON object (send Content-Type: application/json)' }]);
    }
  });

  it('refuses a missing body on routes that need one', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/v1/retrains', headers: { authorization: `Bearer ${BEARER_TOKEN}` } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.[0]?.field).toBe('body');
  });

  it('refuses fields on retry and cancel, which take none', async () => {
    for (const action of ['retry', 'cancel']) {
      const issues = await issuesOf(`/v1/retrains/some-run/${action}`, { force: true });
      expect(issues).toEqual([{ field: 'body.force', message: 'unknown field; no fields are allowed here' }]);
    }
  });

  it('refuses a workflow id over 1000 characters or 1000 UTF-8 bytes', async () => {
    for (const id of ['a'.repeat(1001), 'é'.repeat(501)]) {
      const response = await api.app.inject(bearerRequest('GET', `/v1/retrains/${encodeURIComponent(id)}`));
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).issues?.[0]?.field).toBe('path.id');
    }
  });

  it('answers malformed JSON and bad UTF-8 with MALFORMED_JSON', async () => {
    const json = await post('/v1/events/feedback', '{"domain": "vision",');
    expect({ status: json.statusCode, code: errorOf(json).code }).toEqual({ status: 400, code: 'MALFORMED_JSON' });
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
    const utf8 = await api.app.inject({ ...bearerRequest('POST', '/v1/events/feedback', '{}'), payload: bytes });
    expect(errorOf(utf8)).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringContaining('UTF-8') });
  });

  it('answers other media types with 415 and oversized bodies with 413', async () => {
    const text = await api.app.inject({ ...bearerRequest('POST', '/v1/events/feedback', '{}'), headers: { authorization: `Bearer ${BEARER_TOKEN}`, 'content-type': 'text/plain' } });
    expect({ status: text.statusCode, code: errorOf(text).code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const latin1 = await api.app.inject({
      ...bearerRequest('POST', '/v1/events/feedback', '{}'),
      headers: { authorization: `Bearer ${BEARER_TOKEN}`, 'content-type': 'application/json; charset=iso-8859-1' },
    });
    expect(latin1.statusCode).toBe(415);
    const huge = await post('/v1/events/feedback', { ...VALID_FEEDBACK, eventId: 'x'.repeat(2000) });
    expect(huge.statusCode).toBe(413);
    expect(errorOf(huge)).toEqual({ code: 'BODY_TOO_LARGE', message: 'The body is larger than 1024 bytes: trigger bodies are small JSON objects' });
  });

  it('answers an unknown route with 404 listing the routes', async () => {
    const response = await api.app.inject(bearerRequest('POST', '/v1/events/feedbacks', VALID_FEEDBACK));
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('NOT_FOUND');
    expect(errorOf(response).message).toContain('POST /v1/events/feedback');
    const method = await api.app.inject({ method: 'DELETE', url: '/v1/retrains/x' });
    expect(method.statusCode).toBe(404);
  });

  it('answers a URL that does not decode with 400', async () => {
    const response = await api.app.inject(bearerRequest('GET', '/v1/retrains/%E0%A4%A'));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_REQUEST');
  });
});
