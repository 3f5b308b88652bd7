// Who may call the API: bearer tokens and HMAC-signed bodies (with a replay cache), checked by hooks on every route
// of a context, and the notes those hooks keep beside each request for later hooks and the request log.
import type { IncomingHttpHeaders } from 'node:http';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, type WebhookVerification } from '../http/webhook-signature';
import { ApiError, type ApiErrorCode } from './errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// Authentication of every /v1 request, in two steps. Before the body is read: a request must carry a bearer token
// or the two signature headers; tokens are checked at once, signature headers for form and timestamp window. After
// the raw body is read and before it is parsed: the HMAC over "<timestamp>.<raw body>" (the webhook scheme of
// src/http/webhook-signature.ts) and replay protection. Errors say what to fix and never echo a credential.
export type AuthScheme = 'hmac' | 'bearer';

export interface Credentials {
  authorization?: string;
  timestamp?: string;
  signature?: string;
}

export interface AuthenticatorOptions {
  hmacSecret?: string;
  bearerTokens: readonly string[];
  timestampToleranceSeconds: number;
  replayCacheSize: number;
  /** The server clock (epoch ms). @default Date.now */
  now?: () => number;
}

const SIGNING_HELP =
  `sign "<timestamp>.<raw body>" with HMAC-SHA256 and the shared secret; send ${TIMESTAMP_HEADER}: <unix seconds> ` +
  `and ${SIGNATURE_HEADER}: sha256=<hex>`;

export function readCredentials(headers: IncomingHttpHeaders): Credentials {
  return {
    authorization: single(headers.authorization),
    timestamp: single(headers[TIMESTAMP_HEADER.toLowerCase()]),
    signature: single(headers[SIGNATURE_HEADER.toLowerCase()]),
  };
}

export class Authenticator {
  private readonly tokens: BearerTokens;
  private readonly replays: ReplayCache;
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.tokens = new BearerTokens(options.bearerTokens);
    this.replays = new ReplayCache(options.replayCacheSize);
    this.now = options.now ?? Date.now;
  }

  /** The schemes this server accepts, for the WWW-Authenticate header. */
  get challenge(): string {
    const schemes = [this.tokens.enabled && 'Bearer realm="einstein-retrain"', this.options.hmacSecret && 'HMAC-SHA256 realm="einstein-retrain"'];
    return schemes.filter(Boolean).join(', ');
  }

  /** Step one, before the body is read. Returns the schemes the request uses; throws a 401 ApiError. */
  checkHeaders(credentials: Credentials): AuthScheme[] {
    const schemes: AuthScheme[] = [];
    if (credentials.authorization !== undefined) {
      this.checkBearer(credentials.authorization);
      schemes.push('bearer');
    }
    if (credentials.timestamp !== undefined || credentials.signature !== undefined) {
      this.checkSignatureHeaders(credentials);
      schemes.push('hmac');
    }
    if (schemes.length === 0) {
      throw this.unauthorized('AUTH_REQUIRED', `Authentication required: ${this.howToAuthenticate()}`);
    }
    return schemes;
  }

  /** Step two, on the raw bytes received (re-serialized JSON would not match). Throws a 401 ApiError. */
  verifySignature(credentials: Credentials, rawBody: Uint8Array): void {
    const secret = this.options.hmacSecret!;
    const timestamp = credentials.timestamp!;
    const nowMs = this.now();
    const toleranceSeconds = this.options.timestampToleranceSeconds;
    const result = verifyWebhookSignature(secret, timestamp, rawBody, credentials.signature, { toleranceSeconds, nowMs });
    if (!result.valid) throw this.signatureError(result, timestamp, nowMs);
    const signature = credentials.signature!.trim().toLowerCase();
    const forgetAfterMs = (Number(timestamp) + toleranceSeconds) * 1000;
    if (!this.replays.remember(signature, forgetAfterMs, nowMs)) {
      throw this.unauthorized(
        'REPLAYED_REQUEST',
        'This signature was already used: every request must be signed anew with the current timestamp (a retry too)',
      );
    }
  }

  private checkBearer(authorization: string): void {
    if (!this.tokens.enabled) {
      throw this.unauthorized('AUTH_SCHEME_DISABLED', `Bearer tokens are not enabled on this server: ${SIGNING_HELP}`);
    }
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (!match) throw this.unauthorized('INVALID_TOKEN', 'The Authorization header must be "Bearer <token>"');
    if (!this.tokens.accepts(match[1]!)) {
      throw this.unauthorized('INVALID_TOKEN', 'The bearer token is not one this server accepts: check EINSTEIN_RETRAIN_API_TOKENS');
    }
  }

  private checkSignatureHeaders({ timestamp, signature }: Credentials): void {
    if (!this.options.hmacSecret) {
      throw this.unauthorized('AUTH_SCHEME_DISABLED', 'HMAC signatures are not enabled on this server: send Authorization: Bearer <token>');
    }
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp.trim())) {
      throw this.unauthorized('MALFORMED_TIMESTAMP', `${TIMESTAMP_HEADER} must be the signing time in unix seconds: ${SIGNING_HELP}`);
    }
    if (signature === undefined || !/^sha256=[0-9a-fA-F]{64}$/.test(signature.trim())) {
      throw this.unauthorized('MALFORMED_SIGNATURE', `${SIGNATURE_HEADER} must be sha256=<64 hex digits>: ${SIGNING_HELP}`);
    }
    const skew = this.skewMessage(timestamp, this.now());
    if (skew) throw this.unauthorized('STALE_TIMESTAMP', skew);
  }

  private signatureError(result: Exclude<WebhookVerification, { valid: true }>, timestamp: string, nowMs: number): ApiError {
    switch (result.reason) {
      case 'STALE_TIMESTAMP':
        return this.unauthorized('STALE_TIMESTAMP', this.skewMessage(timestamp, nowMs) ?? 'The timestamp is outside the accepted window');
      case 'MALFORMED_TIMESTAMP':
        return this.unauthorized('MALFORMED_TIMESTAMP', `${TIMESTAMP_HEADER} must be unix seconds: ${SIGNING_HELP}`);
      case 'MALFORMED_SIGNATURE':
        return this.unauthorized('MALFORMED_SIGNATURE', `${SIGNATURE_HEADER} must be sha256=<64 hex digits>: ${SIGNING_HELP}`);
      case 'SIGNATURE_MISMATCH':
        return this.unauthorized(
          'SIGNATURE_MISMATCH',
          `The signature does not match the request: ${SIGNING_HELP}, over the exact bytes sent, with the secret in EINSTEIN_RETRAIN_API_HMAC_SECRET`,
        );
    }
  }

  private skewMessage(timestamp: string, nowMs: number): string | undefined {
    const tolerance = this.options.timestampToleranceSeconds;
    const exactSkew = Number(timestamp) - nowMs / 1000;
    if (Math.abs(exactSkew) <= tolerance) return undefined;
    const skewSeconds = Math.round(exactSkew);
    const where = skewSeconds < 0 ? `${-skewSeconds} s behind` : `${skewSeconds} s ahead of`;
    return `${TIMESTAMP_HEADER} is ${where} the server clock (tolerance ${tolerance} s): sign each request when sending it and check the sender's clock`;
  }

  private howToAuthenticate(): string {
    const ways = [this.tokens.enabled && 'send Authorization: Bearer <token>', this.options.hmacSecret && SIGNING_HELP];
    return ways.filter(Boolean).join(', or ');
  }

  private unauthorized(code: ApiErrorCode, message: string): ApiError {
    return new ApiError(401, code, message, undefined, { 'www-authenticate': this.challenge });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

// Bearer token check in constant time: every configured token is compared (no early exit), each comparison over
// SHA-256 digests so token lengths do not leak through timing either.
export class BearerTokens {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  accepts(token: string): boolean {
    const presented = digest(token);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, presented) || matched;
    return matched;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

// Signatures already accepted, remembered until their timestamp leaves the tolerance window (after that the
// timestamp check refuses them anyway). The cache is per process and bounded: when it is full of live entries the
// oldest is forgotten. With several API replicas, or past that bound, a replay can reach the client API; the
// coordinator's eventId/requestId dedupe still turns it into no second trigger.
export class ReplayCache {
  /** signature → epoch ms after which it may be forgotten; Map keeps insertion order for eviction. */
  private readonly seen = new Map<string, number>();
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxEntries: number) {}

  /** Remembers `signature` until `expiresAtMs`; false when it was already seen (a replay). */
  remember(signature: string, expiresAtMs: number, nowMs: number): boolean {
    const known = this.seen.get(signature);
    if (known !== undefined && known >= nowMs) return false;
    if (known !== undefined) this.seen.delete(signature);
    if (this.seen.size >= this.maxEntries) this.makeRoom(nowMs);
    this.seen.set(signature, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private makeRoom(nowMs: number): void {
    // A full sweep costs O(size): at most one a second, so a flood of signed requests stays cheap to refuse.
    if (nowMs - this.lastSweepMs >= 1_000) {
      this.lastSweepMs = nowMs;
      for (const [signature, expiresAtMs] of this.seen) {
        if (expiresAtMs < nowMs) this.seen.delete(signature);
      }
    }
    if (this.seen.size < this.maxEntries) return;
    const oldest = this.seen.keys().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }
}

// Hooks that authenticate every route of the context they are added to: headers before the body is read
// (onRequest), the HMAC signature over the raw body before anything parses it (preValidation).
export function requireAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.addHook('onRequest', async (request) => {
    const credentials = readCredentials(request.headers);
    const notes = notesOf(request);
    notes.credentials = credentials;
    notes.schemes = authenticator.checkHeaders(credentials);
  });
  app.addHook('preValidation', async (request) => {
    const { credentials, schemes } = notesOf(request);
    if (!credentials || !schemes?.includes('hmac')) return;
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    authenticator.verifySignature(credentials, raw);
  });
}

// What the hooks learn about a request (credentials, schemes, error code), kept beside it for later hooks and the
// request log without widening fastify's request type for every app in the process.
export interface RequestNotes {
  credentials?: Credentials;
  schemes?: AuthScheme[];
  errorCode?: string;
}

const notes = new WeakMap<FastifyRequest, RequestNotes>();

export function notesOf(request: FastifyRequest): RequestNotes {
  let found = notes.get(request);
  if (!found) notes.set(request, (found = {}));
  return found;
}
