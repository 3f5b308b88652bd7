// The HTTP layer: one undici Agent (a keep-alive Pool per origin) with connect/headers/body timeouts.
// Single-shot on purpose — it never retries. Retry decisions live in one place (Temporal's retry policy); the only
// repeat anywhere in the client is the one re-send after a 401 with a fresh token (client.ts).
import { Agent, errors as undiciErrors, type FormData } from 'undici';
import { currentAbortSignal } from './abort-scope';
import { NetworkError, TimeoutError, type EinsteinError } from './errors';
import type { ApiCall, HttpTimeouts } from './types';

export const DEFAULT_TIMEOUTS: Required<HttpTimeouts> = {
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  keepAliveMs: 30_000,
};

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  /** Route label for errors and call counting, e.g. `GET /v2/vision/train/:modelId`. */
  endpoint: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpTransportOptions {
  timeouts?: HttpTimeouts;
  userAgent: string;
  onCall?: (call: ApiCall) => void;
}

export class HttpTransport {
  private readonly agent: Agent;
  private readonly userAgent: string;
  private readonly onCall?: (call: ApiCall) => void;

  constructor(options: HttpTransportOptions) {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.agent = new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: timeouts.keepAliveMs,
    });
    this.userAgent = options.userAgent;
    this.onCall = options.onCall;
  }

  /** Sends one request and reads the whole body. Transport failures become NetworkError / TimeoutError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    const signal = currentAbortSignal();
    let call: Omit<ApiCall, 'durationMs'> = { endpoint: request.endpoint };
    try {
      const response = await this.agent.request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: request.method,
        headers: { 'cache-control': 'no-cache', 'user-agent': this.userAgent, ...request.headers },
        body: request.body ?? null,
        ...(signal && { signal }),
      });
      call = { ...call, httpStatus: response.statusCode };
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      const failure = toTransportError(error, request.endpoint);
      call = { ...call, failure: failure.code };
      throw failure;
    } finally {
      this.report({ ...call, durationMs: performance.now() - started });
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private report(call: ApiCall): void {
    try {
      this.onCall?.(call);
    } catch {
      // A counting hook must never turn a good API call into a failure.
    }
  }
}

/** Maps an undici/Node failure to our typed errors; only the error code and undici's short text are kept. */
export function toTransportError(error: unknown, endpoint: string): EinsteinError {
  if (isAbort(error)) return new NetworkError('request aborted: its attempt timed out or was cancelled', { endpoint });
  if (error instanceof undiciErrors.ConnectTimeoutError) return new TimeoutError('connect', { endpoint });
  if (error instanceof undiciErrors.HeadersTimeoutError) return new TimeoutError('headers', { endpoint });
  if (error instanceof undiciErrors.BodyTimeoutError) return new TimeoutError('body', { endpoint });
  return new NetworkError(describeTransportFailure(error), { endpoint });
}

function isAbort(error: unknown): boolean {
  if (error instanceof undiciErrors.RequestAbortedError) return true;
  const name = (typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined);
  return name === 'AbortError' || name === 'TimeoutError';
}

function describeTransportFailure(error: unknown): string {
  // Duck-typed: Node's socket errors may come from another realm (e.g. under a test runner's VM), failing instanceof.
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = typeof message === 'string' && message !== '' ? message : 'connection failed';
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

export function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
