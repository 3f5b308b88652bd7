/**
 * OAuth for the emulator: JWT-bearer assertions verified against the accounts' RSA public keys (RS256; sub must be a
 * known account, aud the token URL, exp required), refresh tokens that never expire, opaque access tokens that do.
 * Error messages never contain a token or a key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { Clock } from '../simulator/clock';
import { ApiError } from './errors';
import { opaqueToken } from '../state/ids';
import type { TokensState } from '../state/persisted-state';

export const EINSTEIN_TOKEN_URL = 'https://api.einstein.ai/v2/oauth2/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const DEFAULT_VALID_FOR = 60;
export const MAX_VALID_FOR = 2_592_000;

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
}

interface AccessGrant {
  sub: string;
  expiresAtMs: number;
}

export type AccessCheck = 'valid' | 'invalid';

export class TokenStore {
  private readonly accounts = new Map<string, KeyObject>();
  private readonly staticTokens = new Set<string>();
  private access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  /** Accepts an SPKI/PKCS#1 public key, a certificate, or the account's private key (the public half is used). */
  addAccount(sub: string, publicKeyPem: string): void {
    let key: KeyObject;
    try {
      key = createPublicKey(publicKeyPem);
    } catch {
      throw new ApiError(400, `The key for account "${sub}" is not a PEM-encoded RSA key.`);
    }
    if (key.asymmetricKeyType !== 'rsa') throw new ApiError(400, `The key for account "${sub}" must be an RSA key.`);
    this.accounts.set(sub, key);
  }

  addStaticToken(token: string): void {
    this.staticTokens.add(token);
  }

  /** Every access token issued so far becomes invalid (static tokens and refresh tokens stay valid). */
  expireAll(): void {
    this.access = new Map();
  }

  check(token: string): AccessCheck {
    if (this.staticTokens.has(token)) return 'valid';
    const grant = this.access.get(token);
    if (!grant) return 'invalid';
    if (grant.expiresAtMs <= this.clock.nowMs()) {
      this.access.delete(token);
      return 'invalid';
    }
    return 'valid';
  }

  /** Everything a restarted emulator needs to keep accepting the same credentials (keys as SPKI PEM). */
  snapshot(): TokensState {
    return {
      accounts: [...this.accounts].map(([sub, key]) => ({ sub, publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString() })),
      staticTokens: [...this.staticTokens],
      access: [...this.access].map(([token, grant]) => ({ token, ...grant })),
      refresh: [...this.refresh].map(([token, sub]) => ({ token, sub })),
    };
  }

  /** Adds what a snapshot holds; accounts and static tokens given at start stay as well. */
  restore(state: TokensState): void {
    for (const account of state.accounts) this.addAccount(account.sub, account.publicKeyPem);
    for (const token of state.staticTokens) this.staticTokens.add(token);
    for (const grant of state.access) this.access.set(grant.token, { sub: grant.sub, expiresAtMs: grant.expiresAtMs });
    for (const grant of state.refresh) this.refresh.set(grant.token, grant.sub);
  }

  async grantFromAssertion(assertion: string, audiences: string[], validFor: number, offline: boolean): Promise<TokenResponse> {
    const sub = await this.verifyAssertion(assertion, audiences);
    return this.issue(sub, validFor, offline);
  }

  grantFromRefreshToken(refreshToken: string, validFor: number): TokenResponse {
    const sub = this.refresh.get(refreshToken);
    if (sub === undefined) throw new ApiError(401, 'Invalid refresh token');
    return this.issue(sub, validFor, false);
  }

  private issue(sub: string, validFor: number, offline: boolean): TokenResponse {
    const accessToken = opaqueToken();
    this.access.set(accessToken, { sub, expiresAtMs: this.clock.nowMs() + validFor * 1000 });
    const response: TokenResponse = { access_token: accessToken, token_type: 'Bearer', expires_in: validFor };
    if (offline) {
      const refreshToken = opaqueToken();
      this.refresh.set(refreshToken, sub);
      response.refresh_token = refreshToken;
    }
    return response;
  }

  private async verifyAssertion(assertion: string, audiences: string[]): Promise<string> {
    let sub: unknown;
    try {
      sub = decodeJwt(assertion).sub;
    } catch {
      throw new ApiError(400, 'Invalid JWT assertion: not a signed JWT');
    }
    const key = typeof sub === 'string' ? this.accounts.get(sub) : undefined;
    if (key === undefined) throw new ApiError(401, 'Invalid JWT assertion: unknown account (sub)');
    try {
      await jwtVerify(assertion, key, {
        algorithms: ['RS256'],
        audience: audiences,
        requiredClaims: ['sub', 'aud', 'exp'],
        currentDate: new Date(this.clock.nowMs()),
      });
    } catch (error) {
      throw new ApiError(401, `Invalid JWT assertion: ${assertionProblem(error)}`);
    }
    return sub as string;
  }
}

function assertionProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'expired (exp)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim "${error.claim}" is not valid`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm must be RS256';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  return 'verification failed';
}
