// HMAC signature of webhook deliveries, for the sender (the webhook sink) and for receivers (the HTTP API checks
// signed requests with it too). The signed text is "<timestamp>.<body>" so a captured body cannot be replayed later
// with a fresh timestamp.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Einstein-Retrain-Signature';
export const TIMESTAMP_HEADER = 'X-Einstein-Retrain-Timestamp';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const SCHEME = 'sha256=';
/** @default tolerance of `verifyWebhookSignature`: five minutes either way. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The `X-Einstein-Retrain-Signature` value: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export function signWebhookBody(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `${SCHEME}${hmacHex(secret, timestamp, body)}`;
}

export type WebhookVerification =
  | { valid: true }
  | { valid: false; reason: 'MALFORMED_SIGNATURE' | 'MALFORMED_TIMESTAMP' | 'STALE_TIMESTAMP' | 'SIGNATURE_MISMATCH' };

export interface VerifyOptions {
  /** Largest accepted distance between the timestamp and now. @default 300 */
  toleranceSeconds?: number;
  /** The receiver's clock. @default Date.now() */
  nowMs?: number;
}

/**
 * Checks a delivery: `timestamp` and `header` as received in the two headers, `body` as the raw bytes received
 * (re-serialized JSON would not match). The comparison takes constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  header: string | undefined,
  options: VerifyOptions = {},
): WebhookVerification {
  const { toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS, nowMs = Date.now() } = options;
  if (!/^\d{1,12}$/.test(timestamp)) return { valid: false, reason: 'MALFORMED_TIMESTAMP' };
  const received = parseSignature(header);
  if (received === undefined) return { valid: false, reason: 'MALFORMED_SIGNATURE' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return { valid: false, reason: 'STALE_TIMESTAMP' };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, received) ? { valid: true } : { valid: false, reason: 'SIGNATURE_MISMATCH' };
}

/** Unix seconds, the unit of `X-Einstein-Retrain-Timestamp`. */
export function unixSeconds(nowMs: number = Date.now()): string {
  return String(Math.floor(nowMs / 1000));
}

function parseSignature(header: string | undefined): Buffer | undefined {
  const value = header?.trim();
  if (value === undefined || !value.startsWith(SCHEME)) return undefined;
  const hex = value.slice(SCHEME.length);
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}
