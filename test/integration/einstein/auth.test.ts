// The three auth modes against the emulator's token endpoint, the 401 rule, and secrets kept out of errors.
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { UnauthenticatedError, type EinsteinError } from '../../../src/einstein';
import { countByEndpoint, keys, mintRefreshToken, rejectionOf, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(async () => {
  await harness.control.reset();
  await harness.control.expireTokens();
});

const modelId = FIXTURE.models.visionImage.modelId;
const STATUS = 'GET /v2/vision/train/:modelId';
const TOKEN = 'POST /v2/oauth2/token';

/** Every way an error could be logged or serialized. */
function renderings(error: unknown): string[] {
  const e = error as EinsteinError;
  return [JSON.stringify(error), inspect(error, { depth: 10 }), String(e.stack), e.message];
}

describe('jwt mode', () => {
  it('mints one token and reuses it across calls', async () => {
    const { client, calls } = harness.client();
    await client.getTrainingStatus('vision', modelId);
    await client.getDataset('vision', FIXTURE.datasets.visionImage.id);
    expect(countByEndpoint(calls)[TOKEN]).toBe(1);
  });

  it('concurrent first calls share one token request', async () => {
    const { client, calls } = harness.client();
    await Promise.all(Array.from({ length: 5 }, () => client.getTrainingStatus('vision', modelId)));
    expect(countByEndpoint(calls)).toEqual({ [TOKEN]: 1, [STATUS]: 5 });
  });

  it('401 → forgets the token, mints a new one, retries the call once → success', async () => {
    const { client, calls } = harness.client();
    await client.getTrainingStatus('vision', modelId);
    await harness.control.expireTokens();

    const training = await client.getTrainingStatus('vision', modelId);
    expect(training.modelId).toBe(modelId);
    expect(calls.map((call) => [call.endpoint, call.httpStatus])).toEqual([
      [TOKEN, 200],
      [STATUS, 200],
      [STATUS, 401],
      [TOKEN, 200],
      [STATUS, 200],
    ]);
  });

  it('the 401 rule also covers POST retrain, which is then submitted exactly once', async () => {
    const { client } = harness.client();
    await client.getTrainingStatus('vision', modelId);
    await harness.control.expireTokens();
    await client.retrain('vision', { modelId });
    expect((await harness.control.submissions()).byModel[modelId]).toBe(1);
  });

  it('a second 401 after a fresh token → UNAUTHENTICATED, retryable by the caller (it can heal), no further attempts here', async () => {
    const { client, calls } = harness.client();
    await harness.control.addFault({ match: { path: '^/v2/vision/train/' }, kind: 'status', status: 401, times: 5 });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ retryable: true, httpStatus: 401, endpoint: STATUS });
    expect(countByEndpoint(calls)).toEqual({ [TOKEN]: 2, [STATUS]: 2 });
  });

  it('a key the account does not know → UNAUTHENTICATED without key, assertion or token text', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const strangerPem = stranger.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const { client, calls } = harness.client({
      auth: { mode: 'jwt', accountId: FIXTURE.account.sub, privateKeyPem: strangerPem },
    });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(calls.map((call) => call.endpoint)).toEqual([TOKEN]);
    const keyLine = strangerPem.split('\n')[2] ?? '';
    expect(keyLine.length).toBeGreaterThan(40);
    for (const text of renderings(error)) {
      expect(text).not.toContain(keyLine);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT (the assertion)
    }
  });
});

describe('refresh mode', () => {
  it('mints access tokens from the refresh token, also after they expire', async () => {
    const refreshToken = await mintRefreshToken(harness);
    const { client, calls } = harness.client({ auth: { mode: 'refresh', refreshToken } });
    await client.getTrainingStatus('vision', modelId);
    await harness.control.expireTokens();
    await client.getTrainingStatus('vision', modelId);
    expect(countByEndpoint(calls)).toEqual({ [TOKEN]: 2, [STATUS]: 3 });
  });

  it('an unknown refresh token → UNAUTHENTICATED without the token text', async () => {
    const refreshToken = 'REFRESHTOKENTHATNOBODYISSUED7Q2ZK4';
    const { client } = harness.client({ auth: { mode: 'refresh', refreshToken } });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', endpoint: TOKEN });
    for (const text of renderings(error)) expect(text).not.toContain(refreshToken);
  });
});

describe('static mode', () => {
  const accessToken = 'STATICACCESSTOKENFORINTEGRATIONTESTS';

  it('uses the token as given and never calls the token endpoint', async () => {
    await harness.control.addStaticToken(accessToken);
    const { client, calls } = harness.client({ auth: { mode: 'static', accessToken } });
    await client.getTrainingStatus('vision', modelId);
    await client.getApiUsage();
    expect(countByEndpoint(calls)[TOKEN]).toBeUndefined();
  });

  it('a refused static token → UNAUTHENTICATED at once (one request), without the token text', async () => {
    const { client, calls } = harness.client({ auth: { mode: 'static', accessToken: 'NOTREGISTEREDSTATICTOKEN' } });
    const error = await rejectionOf(client.getTrainingStatus('vision', modelId));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(calls.map((call) => [call.endpoint, call.httpStatus])).toEqual([[STATUS, 401]]);
    for (const text of renderings(error)) expect(text).not.toContain('NOTREGISTEREDSTATICTOKEN');
  });
});

describe('secrets in thrown errors', () => {
  it('no error thrown by a failing client carries the private key or an access token', async () => {
    const { client } = harness.client();
    await client.getTrainingStatus('vision', modelId);
    await harness.control.addFault({ kind: 'status', status: 503, retryAfter: '1' });
    const errors = [
      await rejectionOf(client.getTrainingStatus('vision', modelId)),
      await rejectionOf(client.retrain('vision', { modelId: FIXTURE.unknownModelId })),
      await rejectionOf(client.retrain('vision', { modelId, epochs: 0 })),
    ];
    const keyLines = keys.privateKeyPem.split('\n').slice(1, -2);
    for (const error of errors) {
      for (const text of renderings(error)) {
        for (const line of keyLines) expect(text).not.toContain(line);
        expect(text).not.toMatch(/Bearer\s+\S/);
      }
    }
  });
});
