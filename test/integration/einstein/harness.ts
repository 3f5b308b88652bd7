// Shared set-up for the client's integration tests: the emulator in-process on an ephemeral loopback port, an RSA
// account registered with it, and clients that record every API call they make.
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { EmulatorControl } from '../../../src/emulator/control/control-client';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/server';
import { EinsteinClient, type ApiCall, type AuthOptions, type EinsteinClientOptions } from '../../../src/einstein';
import { JWT_BEARER_GRANT } from '../../../src/einstein/auth';

export const keys = (() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();

export interface Harness {
  emulator: EmulatorHandle;
  control: EmulatorControl;
  jwtAuth: AuthOptions;
  /** A client (closed in `stop`) plus the calls it reported through onCall. */
  client(options?: Partial<EinsteinClientOptions>): { client: EinsteinClient; calls: ApiCall[] };
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const emulator = await startEmulator({ accounts: [{ sub: FIXTURE.account.sub, publicKeyPem: keys.publicKeyPem }] });
  const control = new EmulatorControl(emulator.url);
  const jwtAuth: AuthOptions = { mode: 'jwt', accountId: FIXTURE.account.sub, privateKeyPem: keys.privateKeyPem };
  const clients: EinsteinClient[] = [];
  return {
    emulator,
    control,
    jwtAuth,
    client(options = {}) {
      const calls: ApiCall[] = [];
      const onCall = (call: ApiCall) => calls.push(call);
      const client = new EinsteinClient({ baseUrl: emulator.url, auth: jwtAuth, onCall, ...options });
      clients.push(client);
      return { client, calls };
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await emulator.close();
    },
  };
}

/** A refresh token, minted the documented way: a jwt-bearer grant with scope=offline (docs/einstein-api.md §7). */
export async function mintRefreshToken(harness: Harness): Promise<string> {
  const { SignJWT, importPKCS8 } = await import('jose');
  const tokenUrl = `${harness.emulator.url}/v2/oauth2/token`;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject(FIXTURE.account.sub)
    .setAudience(tokenUrl)
    .setExpirationTime('5m')
    .sign(await importPKCS8(keys.privateKeyPem, 'RS256'));
  const response = await request(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion, scope: 'offline' }).toString(),
  });
  const body = (await response.body.json()) as { refresh_token?: string };
  if (response.statusCode !== 200 || !body.refresh_token) throw new Error(`no refresh token (HTTP ${response.statusCode})`);
  return body.refresh_token;
}

/** Endpoint keys of the calls a client made, counted, in the emulator's CallCounts form. */
export function countByEndpoint(calls: ApiCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.endpoint] = (counts[call.endpoint] ?? 0) + 1;
  return counts;
}

/** The awaited rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
