import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import {
  createTokenProvider,
  JWT_BEARER_GRANT,
  loadPrivateKey,
  type AuthOptions,
  type MintedToken,
} from '../../../src/einstein/auth';
import { InvalidRequestError, ServerError, UnauthenticatedError } from '../../../src/einstein/errors';

const BASE_URL = 'http://127.0.0.1:9999';
const TOKEN_URL = `${BASE_URL}/v2/oauth2/token`;

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1Pem = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A token endpoint stand-in: records every request and answers from a queue (or with numbered tokens). */
function fakeTokenEndpoint() {
  const requests: { url: string; form: Record<string, string> }[] = [];
  const pending: Deferred<MintedToken>[] = [];
  let manual = false;
  let expiresInSeconds: number | undefined = 120;
  const requestToken = async (url: URL, form: URLSearchParams): Promise<MintedToken> => {
    requests.push({ url: url.href, form: Object.fromEntries(form) });
    if (manual) {
      const answer = deferred<MintedToken>();
      pending.push(answer);
      return answer.promise;
    }
    return { accessToken: `TOKEN${requests.length}`, expiresInSeconds };
  };
  return {
    requests,
    pending,
    requestToken,
    holdAnswers: () => (manual = true),
    setExpiresIn: (seconds: number | undefined) => (expiresInSeconds = seconds),
  };
}

function fakeClock(start = Date.parse('2024-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const jwtAuth: AuthOptions = { mode: 'jwt', accountId: 'dev@example.com', privateKeyPem: pkcs8Pem };

describe('jwt mode', () => {
  it('posts an RS256 assertion with sub = account id, aud = token URL, exp = now + validity', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = fakeClock();
    const provider = createTokenProvider({ ...jwtAuth, validForSeconds: 600 }, { baseUrl: BASE_URL, ...endpoint, now: clock.now });

    expect(await provider.getToken()).toBe('TOKEN1');

    const [request] = endpoint.requests;
    expect(request?.url).toBe(TOKEN_URL);
    expect(request?.form).toMatchObject({ grant_type: JWT_BEARER_GRANT, valid_for: '600' });
    const assertion = request?.form['assertion'] ?? '';
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(assertion, await importSPKI(publicPem, 'RS256'), {
      audience: TOKEN_URL,
      subject: 'dev@example.com',
      currentDate: new Date(clock.now()),
    });
    expect(payload.exp).toBe(clock.now() / 1000 + 600);
  });

  it('accepts a PKCS#1 key (the form of einstein_platform.pem)', async () => {
    const endpoint = fakeTokenEndpoint();
    const provider = createTokenProvider({ ...jwtAuth, privateKeyPem: pkcs1Pem }, { baseUrl: BASE_URL, ...endpoint });
    await provider.getToken();
    const assertion = endpoint.requests[0]?.form['assertion'] ?? '';
    await expect(jwtVerify(assertion, await importSPKI(publicPem, 'RS256'), { audience: TOKEN_URL })).resolves.toBeDefined();
  });

  it('uses an explicit token URL as the request URL and the audience', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokenUrl = 'https://api.einstein.ai/v2/oauth2/token';
    const provider = createTokenProvider({ ...jwtAuth, tokenUrl }, { baseUrl: BASE_URL, ...endpoint });
    await provider.getToken();
    expect(endpoint.requests[0]?.url).toBe(tokenUrl);
    const { payload } = await jwtVerify(endpoint.requests[0]?.form['assertion'] ?? '', await importSPKI(publicPem, 'RS256'));
    expect(payload.aud).toBe(tokenUrl);
  });
});

describe('token cache', () => {
  it('reuses the token until shortly before it expires (margin: a quarter of a 120 s lifetime)', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = fakeClock();
    const provider = createTokenProvider(jwtAuth, { baseUrl: BASE_URL, ...endpoint, now: clock.now });

    expect(await provider.getToken()).toBe('TOKEN1');
    clock.advance(89_999);
    expect(await provider.getToken()).toBe('TOKEN1');
    clock.advance(1);
    expect(await provider.getToken()).toBe('TOKEN2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('caps the margin at 60 s for long-lived tokens', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.setExpiresIn(3600);
    const clock = fakeClock();
    const provider = createTokenProvider(jwtAuth, { baseUrl: BASE_URL, ...endpoint, now: clock.now });
    await provider.getToken();
    clock.advance(3_539_999);
    expect(await provider.getToken()).toBe('TOKEN1');
    clock.advance(1);
    expect(await provider.getToken()).toBe('TOKEN2');
  });

  it('falls back to the requested lifetime when the server omits expires_in', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.setExpiresIn(undefined);
    const clock = fakeClock();
    const provider = createTokenProvider({ ...jwtAuth, validForSeconds: 40 }, { baseUrl: BASE_URL, ...endpoint, now: clock.now });
    await provider.getToken();
    clock.advance(29_999); // 40 s lifetime, 10 s margin
    expect(await provider.getToken()).toBe('TOKEN1');
    clock.advance(1);
    expect(await provider.getToken()).toBe('TOKEN2');
  });

  it('shares one token request among concurrent callers', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.holdAnswers();
    const provider = createTokenProvider(jwtAuth, { baseUrl: BASE_URL, ...endpoint });

    const callers = Promise.all(Array.from({ length: 5 }, () => provider.getToken()));
    await waitFor(() => endpoint.pending.length === 1);
    endpoint.pending[0]?.resolve({ accessToken: 'SHARED', expiresInSeconds: 120 });

    expect(await callers).toEqual(Array(5).fill('SHARED'));
    expect(endpoint.requests).toHaveLength(1);
  });

  it('a failed request fails every waiter once, and the next call tries again', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.holdAnswers();
    const provider = createTokenProvider(jwtAuth, { baseUrl: BASE_URL, ...endpoint });

    const callers = Promise.allSettled([provider.getToken(), provider.getToken()]);
    await waitFor(() => endpoint.pending.length === 1);
    endpoint.pending[0]?.reject(new ServerError({ httpStatus: 503 }));
    expect((await callers).map((result) => result.status)).toEqual(['rejected', 'rejected']);

    const retry = provider.getToken();
    await waitFor(() => endpoint.pending.length === 2);
    endpoint.pending[1]?.resolve({ accessToken: 'LATER', expiresInSeconds: 120 });
    expect(await retry).toBe('LATER');
  });

  it('invalidate forgets the failed token only, so concurrent 401s cause one new token', async () => {
    const endpoint = fakeTokenEndpoint();
    const provider = createTokenProvider(jwtAuth, { baseUrl: BASE_URL, ...endpoint });
    const stale = await provider.getToken();

    expect(provider.invalidate(stale)).toBe(true);
    const fresh = await provider.getToken();
    expect(fresh).toBe('TOKEN2');

    provider.invalidate(stale); // a second caller that also saw a 401 with the stale token
    expect(await provider.getToken()).toBe(fresh);
    expect(endpoint.requests).toHaveLength(2);
  });
});

describe('refresh mode', () => {
  it('posts grant_type=refresh_token with the refresh token', async () => {
    const endpoint = fakeTokenEndpoint();
    const provider = createTokenProvider(
      { mode: 'refresh', refreshToken: 'REFRESH-SECRET', validForSeconds: 3600 },
      { baseUrl: `${BASE_URL}/`, ...endpoint },
    );
    expect(await provider.getToken()).toBe('TOKEN1');
    expect(endpoint.requests).toEqual([
      { url: TOKEN_URL, form: { grant_type: 'refresh_token', refresh_token: 'REFRESH-SECRET', valid_for: '3600' } },
    ]);
  });
});

describe('static mode', () => {
  it('returns the given token, never asks for one, and cannot be refreshed', async () => {
    const endpoint = fakeTokenEndpoint();
    const provider = createTokenProvider({ mode: 'static', accessToken: 'STATIC' }, { baseUrl: BASE_URL, ...endpoint });
    expect(await provider.getToken()).toBe('STATIC');
    expect(provider.invalidate('STATIC')).toBe(false);
    expect(await provider.getToken()).toBe('STATIC');
    expect(endpoint.requests).toHaveLength(0);
    expect(inspect(provider)).not.toContain('STATIC');
  });
});

describe('options and secrets', () => {
  const deps = { baseUrl: BASE_URL, requestToken: fakeTokenEndpoint().requestToken };

  it('names the missing field', () => {
    const error = thrown(() => createTokenProvider({ mode: 'jwt', accountId: '', privateKeyPem: pkcs8Pem }, deps));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'auth.accountId' });
    expect(thrown(() => createTokenProvider({ mode: 'oauth' } as never, deps))).toMatchObject({ field: 'auth.mode' });
    expect(thrown(() => createTokenProvider({ ...jwtAuth, validForSeconds: 0 }, deps))).toMatchObject({ field: 'auth.validForSeconds' });
  });

  it('a key that is not a valid RSA PEM fails at once, without its text anywhere in the error', () => {
    const lines = pkcs8Pem.trim().split('\n');
    const damagedKey = [...lines.slice(0, 6), lines[lines.length - 1]].join('\n'); // truncated key material
    const keyBody = lines[3] ?? '';
    const error = thrown(() => createTokenProvider({ ...jwtAuth, privateKeyPem: damagedKey }, deps));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(keyBody.length).toBeGreaterThan(20);
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10 }), String((error as Error).stack)]) {
      expect(text).not.toContain(keyBody);
    }
  });

  it('validation messages never carry the secret values', () => {
    const error = thrown(() => createTokenProvider({ mode: 'refresh', refreshToken: 'S3CRET', validForSeconds: -1 }, deps));
    expect(JSON.stringify(error)).not.toContain('S3CRET');
    expect(inspect(error)).not.toContain('S3CRET');
  });
});

describe('loadPrivateKey', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'einstein-key-'));

  it('reads a PEM file', () => {
    const file = path.join(dir, 'einstein_platform.pem');
    writeFileSync(file, pkcs1Pem);
    expect(loadPrivateKey({ file })).toBe(pkcs1Pem);
  });

  it('reads PEM text with escaped line breaks (as environment variables often hold it)', () => {
    expect(loadPrivateKey({ pem: pkcs8Pem.trim().replace(/\n/g, '\\n') })).toBe(pkcs8Pem);
  });

  it('rejects both or neither source, a missing file, and text that is not PEM (without echoing it)', () => {
    expect(thrown(() => loadPrivateKey({}))).toMatchObject({ field: 'privateKey' });
    expect(thrown(() => loadPrivateKey({ file: 'a', pem: 'b' }))).toMatchObject({ field: 'privateKey' });
    const missing = thrown(() => loadPrivateKey({ file: path.join(dir, 'nope.pem') })) as Error;
    expect(missing.message).toContain('nope.pem');
    expect(missing.message).toContain('ENOENT');
    const notPem = thrown(() => loadPrivateKey({ pem: 'hunter2-not-a-key' })) as Error;
    expect(notPem).toMatchObject({ field: 'privateKey.pem' });
    expect(inspect(notPem)).not.toContain('hunter2');
  });
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
