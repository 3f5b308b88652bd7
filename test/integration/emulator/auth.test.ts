import { ManualClock } from '../../../src/emulator/simulator/clock';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { STATIC_TOKEN, api, rsaKeyPair, signAssertion, startTestEmulator, type TestEmulator } from './helpers';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const keys = rsaKeyPair();
const otherKeys = rsaKeyPair();
const clock = new ManualClock(Date.now());
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ clock, accounts: [{ sub: FIXTURE.account.sub, publicKeyPem: keys.publicKeyPem }] });
});
afterAll(async () => emu.handle.close());

const token = (form: Record<string, string>) => api(emu.url, 'POST', '/v2/oauth2/token', { urlencoded: form, token: null });
const datasetWith = (accessToken: string | null, headers?: Record<string, string>) =>
  api(emu.url, 'GET', `/v2/vision/datasets/${FIXTURE.datasets.visionImage.id}`, { token: accessToken, ...(headers ? { headers } : {}) });

describe('POST /v2/oauth2/token', () => {
  it('exchanges an RS256 JWT assertion for an opaque uppercase access token that works on the API', async () => {
    const response = await token({ grant_type: JWT_GRANT, assertion: await signAssertion(keys.privateKeyPem) });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    expect(response.json.access_token).toMatch(/^[A-Z2-7]{80,}$/);
    expect(response.json.refresh_token).toBeUndefined();
    expect((await datasetWith(String(response.json.access_token))).status).toBe(200);
  });

  it('accepts this emulator\'s own token URL as aud', async () => {
    const assertion = await signAssertion(keys.privateKeyPem, { aud: `${emu.url}/v2/oauth2/token` });
    expect((await token({ grant_type: JWT_GRANT, assertion })).status).toBe(200);
  });

  it('returns a refresh token with scope=offline, and the refresh grant mints new access tokens', async () => {
    const first = await token({ grant_type: JWT_GRANT, assertion: await signAssertion(keys.privateKeyPem), scope: 'offline', valid_for: '3600' });
    expect(first.json.expires_in).toBe(3600);
    const refreshToken = String(first.json.refresh_token);
    expect(refreshToken).toMatch(/^[A-Z2-7]{80,}$/);
    const second = await token({ grant_type: 'refresh_token', refresh_token: refreshToken, valid_for: '2592000' });
    expect(second.status).toBe(200);
    expect(second.json.expires_in).toBe(2592000);
    expect(second.json.access_token).not.toBe(first.json.access_token);
    expect((await datasetWith(String(second.json.access_token))).status).toBe(200);
  });

  it.each([
    ['a signature from another key', async () => signAssertion(otherKeys.privateKeyPem)],
    ['an unknown sub', async () => signAssertion(keys.privateKeyPem, { sub: 'stranger@example.com' })],
    ['an expired assertion', async () => signAssertion(keys.privateKeyPem, { expiresInSeconds: -120 })],
    ['a foreign aud', async () => signAssertion(keys.privateKeyPem, { aud: 'https://login.example.com/token' })],
  ])('refuses %s with a 4xx message', async (_case, makeAssertion) => {
    const response = await token({ grant_type: JWT_GRANT, assertion: await makeAssertion() });
    expect(response.status).toBe(401);
    expect(String(response.json.message)).toMatch(/^Invalid JWT assertion/);
    expect(response.json.access_token).toBeUndefined();
  });

  it.each([
    [{ grant_type: 'password' }, /grant_type/],
    [{ grant_type: JWT_GRANT }, /assertion/],
    [{ grant_type: JWT_GRANT, assertion: 'not-a-jwt' }, /not a signed JWT/],
    [{ grant_type: 'refresh_token' }, /refresh_token/],
  ])('answers 400 to a malformed request %j', async (form, message) => {
    const response = await token(form);
    expect(response.status).toBe(400);
    expect(String(response.json.message)).toMatch(message);
  });

  it('refuses valid_for outside 1..2592000 and unknown refresh tokens', async () => {
    const assertion = await signAssertion(keys.privateKeyPem);
    expect((await token({ grant_type: JWT_GRANT, assertion, valid_for: '2592001' })).status).toBe(400);
    expect((await token({ grant_type: JWT_GRANT, assertion, valid_for: '0' })).status).toBe(400);
    expect((await token({ grant_type: 'refresh_token', refresh_token: 'NOPE' })).status).toBe(401);
  });

  it('lets access tokens expire after valid_for seconds', async () => {
    const response = await token({ grant_type: JWT_GRANT, assertion: await signAssertion(keys.privateKeyPem), valid_for: '120' });
    const accessToken = String(response.json.access_token);
    clock.advanceSeconds(119);
    expect((await datasetWith(accessToken)).status).toBe(200);
    clock.advanceSeconds(1);
    const expired = await datasetWith(accessToken);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ message: 'Invalid access token' });
  });
});

describe('authentication of /v2 calls', () => {
  it.each([
    ['no Authorization header', null, undefined],
    ['a Basic header', null, { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a Bearer header without a token', null, { authorization: 'Bearer' }],
  ])('answers 401 "Invalid authentication scheme" to %s', async (_case, accessToken, headers) => {
    const response = await datasetWith(accessToken, headers);
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Invalid authentication scheme' });
  });

  it('answers 401 "Invalid access token" to an unknown token', async () => {
    const response = await datasetWith('UNKNOWNTOKEN');
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Invalid access token' });
  });

  it('expireTokens invalidates every issued access token but not static tokens; reset keeps accounts', async () => {
    const issued = String((await token({ grant_type: JWT_GRANT, assertion: await signAssertion(keys.privateKeyPem) })).json.access_token);
    await emu.control.expireTokens();
    expect((await datasetWith(issued)).status).toBe(401);
    expect((await datasetWith(STATIC_TOKEN)).status).toBe(200);
    await emu.control.reset();
    expect((await token({ grant_type: JWT_GRANT, assertion: await signAssertion(keys.privateKeyPem) })).status).toBe(200);
  });

  it('addAccount and addStaticToken take effect at once', async () => {
    const newcomer = rsaKeyPair();
    const assertion = await signAssertion(newcomer.privateKeyPem, { sub: 'newcomer@example.com' });
    expect((await token({ grant_type: JWT_GRANT, assertion })).status).toBe(401);
    await emu.control.addAccount('newcomer@example.com', newcomer.publicKeyPem);
    expect((await token({ grant_type: JWT_GRANT, assertion })).status).toBe(200);
    expect((await datasetWith('ADDEDSTATIC')).status).toBe(401);
    await emu.control.addStaticToken('ADDEDSTATIC');
    expect((await datasetWith('ADDEDSTATIC')).status).toBe(200);
  });
});
