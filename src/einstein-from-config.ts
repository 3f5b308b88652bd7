// Builds the Einstein client from validated configuration: reads the private key (file or env), picks the auth mode.
import { EinsteinClient, loadPrivateKey, type ApiCall, type AuthOptions } from './einstein';
import type { AppConfig } from './config';

export function createEinsteinClient(
  einstein: NonNullable<AppConfig['einstein']>,
  extra: { onCall?: (call: ApiCall) => void; retryAfterCeilingMs?: number } = {},
): EinsteinClient {
  return new EinsteinClient({ baseUrl: einstein.baseUrl, auth: authOptions(einstein.auth), onCall: extra.onCall, retryAfterCeilingMs: extra.retryAfterCeilingMs });
}

function authOptions(auth: NonNullable<AppConfig['einstein']>['auth']): AuthOptions {
  switch (auth.mode) {
    case 'jwt':
      return { mode: 'jwt', accountId: auth.accountId, privateKeyPem: loadPrivateKey(auth.privateKey), validForSeconds: auth.validForSeconds };
    case 'refresh':
      return { mode: 'refresh', refreshToken: auth.refreshToken, validForSeconds: auth.validForSeconds };
    case 'static':
      return { mode: 'static', accessToken: auth.accessToken };
  }
}
