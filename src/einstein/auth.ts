// Access tokens for the three ways of authenticating (docs/einstein-api.md §7):
//  - jwt:     an RS256 assertion (sub = account id, aud = token URL) exchanged for an access token;
//  - refresh: a long-lived refresh token exchanged for access tokens;
//  - static:  an access token given as-is (never refreshed; a 401 is final).
// Minted tokens are cached and replaced shortly before they expire; concurrent callers share one token request.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { InvalidRequestError, UnauthenticatedError } from './errors';
import { fieldName } from './issues';

export type AuthOptions =
  | { mode: 'jwt'; accountId: string; privateKeyPem: string; tokenUrl?: string; validForSeconds?: number }
  | { mode: 'refresh'; refreshToken: string; tokenUrl?: string; validForSeconds?: number }
  | { mode: 'static'; accessToken: string };

export const TOKEN_PATH = '/v2/oauth2/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Lifetime asked for minted tokens. Einstein's own default (60 s) would mean a token request every minute. */
export const DEFAULT_VALID_FOR_SECONDS = 3600;
/** Replace a token this long before it expires, at most (a quarter of its lifetime for short-lived tokens). */
const MAX_REFRESH_MARGIN_MS = 60_000;

/** What the token endpoint gave us: the token and its lifetime (`expires_in`), when the server said it. */
export interface MintedToken {
  accessToken: string;
  expiresInSeconds?: number;
}

/** Posts an x-www-form-urlencoded body to the token URL and returns the decoded answer (token-endpoint.ts). */
export type TokenRequester = (tokenUrl: URL, form: URLSearchParams) => Promise<MintedToken>;

export interface TokenProviderDeps {
  baseUrl: string;
  requestToken: TokenRequester;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

export interface TokenProvider {
  /** A token believed valid now; mints one when none is cached or the cached one is about to expire. */
  getToken(): Promise<string>;
  /**
   * Call after a 401 answered a request made with `token`: forgets it so the next `getToken` mints a fresh one.
   * Returns false when this provider cannot mint (static mode), i.e. re-trying is pointless.
   */
  invalidate(token: string): boolean;
}

const nonEmpty = (field: string) => {
  const rule = { error: `${field} must be a non-empty string` };
  return z.string(rule).min(1, rule);
};
const VALID_FOR = { error: 'validForSeconds must be an integer from 1 to 2592000 (30 days)' };
const mintingOptions = {
  tokenUrl: z.url({ error: 'tokenUrl must be an absolute http(s) URL' }).optional(),
  validForSeconds: z.number(VALID_FOR).int(VALID_FOR).min(1, VALID_FOR).max(2_592_000, VALID_FOR).optional(),
};

const authOptionsSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({
      mode: z.literal('jwt'),
      accountId: nonEmpty('accountId'),
      privateKeyPem: nonEmpty('privateKeyPem'),
      ...mintingOptions,
    }),
    z.object({ mode: z.literal('refresh'), refreshToken: nonEmpty('refreshToken'), ...mintingOptions }),
    z.object({ mode: z.literal('static'), accessToken: nonEmpty('accessToken') }),
  ],
  { error: 'mode must be one of jwt, refresh, static' },
);

/** Validates the options (messages name the field, never its value) and builds the matching provider. */
export function createTokenProvider(auth: AuthOptions, deps: TokenProviderDeps): TokenProvider {
  const parsed = authOptionsSchema.safeParse(auth);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequestError(`Invalid Einstein auth options: ${issue?.message ?? 'unknown problem'}.`, {
      field: `auth.${fieldName(issue?.path ?? []) ?? 'mode'}`,
    });
  }
  const options = parsed.data;
  if (options.mode === 'static') return new StaticTokenProvider(options.accessToken);
  const url = new URL(options.tokenUrl ?? `${deps.baseUrl.replace(/\/+$/, '')}${TOKEN_PATH}`);
  const lifetime = options.validForSeconds ?? DEFAULT_VALID_FOR_SECONDS;
  const now = deps.now ?? Date.now;
  const formFor =
    options.mode === 'jwt'
      ? jwtBearerForm(options.accountId, readPrivateKey(options.privateKeyPem), url, lifetime, now)
      : refreshTokenForm(options.refreshToken, lifetime);
  return new MintingTokenProvider(async () => deps.requestToken(url, await formFor()), lifetime, now);
}

function jwtBearerForm(accountId: string, key: KeyObject, url: URL, lifetime: number, now: () => number) {
  return async (): Promise<URLSearchParams> => {
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(accountId)
      .setAudience(url.href)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .sign(key);
    return new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion, valid_for: String(lifetime) });
  };
}

function refreshTokenForm(refreshToken: string, lifetime: number) {
  return async (): Promise<URLSearchParams> =>
    new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, valid_for: String(lifetime) });
}

/** Parses the PEM once, at start, so a bad key fails fast. PKCS#1 (Einstein's einstein_platform.pem) or PKCS#8. */
function readPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'rsa') return key;
  } catch {
    // fall through: the parser's message is not needed and must not travel with the key text
  }
  throw new UnauthenticatedError(
    'The Einstein private key could not be read: expected an RSA private key in PEM form ' +
      '(-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----). Check the configured key file or variable.',
  );
}

// Secrets live in #private fields so that logging or inspecting a provider never prints them.
class StaticTokenProvider implements TokenProvider {
  readonly #accessToken: string;
  constructor(accessToken: string) {
    this.#accessToken = accessToken;
  }
  async getToken(): Promise<string> {
    return this.#accessToken;
  }
  invalidate(): boolean {
    return false;
  }
}

class MintingTokenProvider implements TokenProvider {
  #cached?: { value: string; renewAt: number };
  #inFlight?: Promise<string>;

  constructor(
    private readonly mint: () => Promise<MintedToken>,
    private readonly requestedLifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  async getToken(): Promise<string> {
    if (this.#cached && this.now() < this.#cached.renewAt) return this.#cached.value;
    this.#inFlight ??= this.mintAndCache().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  invalidate(token: string): boolean {
    // Only forget the token that failed: if another caller already replaced it, keep the newer one.
    if (this.#cached?.value === token) this.#cached = undefined;
    return true;
  }

  private async mintAndCache(): Promise<string> {
    const requestedAt = this.now();
    const minted = await this.mint();
    const lifetimeMs = (minted.expiresInSeconds ?? this.requestedLifetimeSeconds) * 1000;
    const marginMs = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 4);
    this.#cached = { value: minted.accessToken, renewAt: requestedAt + lifetimeMs - marginMs };
    return minted.accessToken;
  }
}

/**
 * Reads the PEM text of the private key from a file or from a value (e.g. an environment variable, where line breaks
 * are often written as `\n`). Exactly one source must be given. Errors name the source, never the key text.
 */
export function loadPrivateKey(source: { file?: string; pem?: string }): string {
  if ((source.file === undefined) === (source.pem === undefined)) {
    const message = 'Give the Einstein private key either as a file path or as PEM text, not both or neither.';
    throw new InvalidRequestError(message, { field: 'privateKey' });
  }
  const text = source.file !== undefined ? readKeyFile(source.file) : (source.pem as string).replace(/\\n/g, '\n');
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(text)) {
    throw new InvalidRequestError(
      `The Einstein private key ${source.file !== undefined ? `in ${source.file}` : 'value'} is not PEM text ` +
        '(expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).',
      { field: source.file !== undefined ? 'privateKey.file' : 'privateKey.pem' },
    );
  }
  return text.trim() + '\n';
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InvalidRequestError(
      `The Einstein private key file ${file} could not be read (${typeof code === 'string' ? code : 'read error'}).`,
      { field: 'privateKey.file' },
    );
  }
}
