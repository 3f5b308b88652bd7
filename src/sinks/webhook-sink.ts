// POSTs the report as JSON to a receiver, signed with HMAC-SHA256. There is no retry loop here: the emit activity's
// Temporal retry policy retries transient failures durably (a worker restart loses nothing), using `retryAfterMs`.
import { request, type Dispatcher } from 'undici';
import type { RetrainReport } from '../report';
import { parseRetryAfter } from '../http/retry-after';
import type { Sink, SinkContext } from './sink';
import { SinkPermanentError, SinkTransientError, type SinkError } from './sink-errors';
import {
  IDEMPOTENCY_KEY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookBody,
  unixSeconds,
} from '../http/webhook-signature';

export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  IDEMPOTENCY_KEY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type VerifyOptions,
  type WebhookVerification,
  signWebhookBody,
  verifyWebhookSignature,
} from '../http/webhook-signature';

/** @default request timeout of the webhook sink */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 200;

export interface WebhookSinkOptions {
  /** http(s) URL of the receiver. Only its origin ever appears in error messages. */
  url: string;
  /** HMAC key shared with the receiver. Never logged, never in errors. */
  secret: string;
  /** Limit for connecting, sending and receiving the answer. @default 10000 */
  timeoutMs?: number;
  /** undici dispatcher (agent, proxy). @default undici's global dispatcher */
  dispatcher?: Dispatcher;
  /** Clock for the signature timestamp. @default Date.now */
  now?: () => number;
}

export function createWebhookSink(options: WebhookSinkOptions): Sink {
  const { url, secret, timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS, dispatcher, now = Date.now } = options;
  const origin = originOf(url);
  return {
    name: 'webhook',
    async emit(report: RetrainReport, ctx: SinkContext): Promise<void> {
      const body = JSON.stringify(report);
      // Signed per attempt: a retry hours later still falls inside the receiver's timestamp window.
      const timestamp = unixSeconds(now());
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'einstein-retrain-webhook/1',
        [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [IDEMPOTENCY_KEY_HEADER]: headerSafe(ctx.idempotencyKey),
      };
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: 'POST',
          headers,
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
          ...(dispatcher !== undefined && { dispatcher }),
        });
      } catch (error) {
        throw new SinkTransientError(`Webhook ${origin} unreachable: ${describe(error)}`, {
          sink: 'webhook',
          cause: error,
        });
      }
      const snippet = await readSnippet(response.body);
      const failure = statusError(origin, response.statusCode, response.headers['retry-after'], snippet, now());
      if (failure !== undefined) throw failure;
    },
  };
}

/** 2xx delivers; 408, 429 and 5xx may pass later; anything else (4xx, 3xx) will not pass as it is. */
function statusError(
  origin: string,
  status: number,
  retryAfter: string | string[] | undefined,
  snippet: string,
  nowMs: number,
): SinkError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const message = `Webhook ${origin} answered HTTP ${status}${snippet === '' ? '' : `: ${snippet}`}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, { now: nowMs });
    return new SinkTransientError(message, {
      sink: 'webhook',
      httpStatus: status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  const hint = status >= 300 && status < 400 ? ' (redirects are not followed: configure the final URL)' : '';
  return new SinkPermanentError(`${message}${hint}`, { sink: 'webhook', httpStatus: status });
}

/** Reads the start of the answer for the error message and drains the rest so the connection can be reused. */
async function readSnippet(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      if (text.length < SNIPPET_CHARS) text += Buffer.from(chunk as Uint8Array).toString('utf8');
    }
  } catch {
    // The status code already decides the outcome; an unreadable body only shortens the message.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}

/** The origin only: paths and query strings of webhook URLs often embed tokens. */
function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('webhook.url: expected an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError('webhook.url: expected an absolute http(s) URL');
  }
  return parsed.origin;
}

/** Header values must be visible ASCII; anything else (and '%') is percent-encoded as UTF-8. */
function headerSafe(value: string): string {
  let safe = '';
  for (const byte of new TextEncoder().encode(value)) {
    const visible = byte > 0x20 && byte < 0x7f && byte !== 0x25;
    safe += visible ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return safe;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
