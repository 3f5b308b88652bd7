// Shared pieces of the trigger API unit tests: an app built with fixed credentials and a fixed clock, request
// signing with the webhook scheme, and captured logs (to prove no credential reaches them).
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { buildTriggerApi, type TriggerClient } from '../../../src/api';
import type { TemporalProbe } from '../../../src/api';
import { type ReportStoreHolder, reportStoreHolder } from '../../../src/history';
import { signWebhookBody } from '../../../src/sinks';

// fastify's inject (light-my-request) requires `cookie`, which is ESM-only since v2; jest on Node 20 cannot require
// ESM. light-my-request only calls it to encode request cookies, which these tests never send.
jest.mock('cookie', () => ({
  stringifySetCookie: () => {
    throw new Error('request cookies are not supported in the trigger API tests');
  },
}));

export const HMAC_SECRET = 'api-hmac-secret-0123456789abcdef';
export const BEARER_TOKEN = 'api-bearer-token-0123456789abcdef';
export const NOW_MS = 1_714_557_600_000; // 2024-05-01T10:00:00Z
export const NOW_SECONDS = NOW_MS / 1000;
export const MODEL_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A client API that auth and validation tests must never reach: every call is recorded and fails the request, so a
 * request that slips past a check shows up both as a 500 and in `calls`.
 */
export function guardClient(): TriggerClient & { calls: string[] } {
  const calls: string[] = [];
  const reached = (method: string) => async (): Promise<never> => {
    calls.push(method);
    throw new Error(`the client API must not be reached in this test (${method})`);
  };
  return {
    calls,
    notifyCheckedFeedback: reached('notifyCheckedFeedback'),
    requestCheckedRetrain: reached('requestCheckedRetrain'),
    getRetrain: reached('getRetrain'),
    retry: reached('retry'),
    cancel: reached('cancel'),
  };
}

export interface TestApp {
  app: FastifyInstance;
  logs: string[];
  close(): Promise<void>;
}

export async function buildTestApp(
  options: {
    client?: TriggerClient;
    hmacSecret?: string | null;
    bearerTokens?: string[];
    probe?: TemporalProbe;
    bodyLimitBytes?: number;
    now?: () => number;
    history?: ReportStoreHolder;
  } = {},
): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  const app = await buildTriggerApi({
    config: {
      port: 0,
      hmacSecret: options.hmacSecret === null ? undefined : (options.hmacSecret ?? HMAC_SECRET),
      bearerTokens: options.bearerTokens ?? [BEARER_TOKEN],
      ...(options.bodyLimitBytes !== undefined && { bodyLimitBytes: options.bodyLimitBytes }),
      healthCacheMs: 0,
    },
    client: options.client ?? guardClient(),
    temporalProbe: options.probe ?? (async () => {}),
    logger: pino({ level: 'debug' }, sink),
    now: options.now ?? (() => NOW_MS),
    // An in-memory history unless a test brings its own: the /v1/models routes are served as in production.
    history: options.history ?? reportStoreHolder({ kind: 'embedded' }),
  });
  return { app, logs, close: () => app.close() };
}

/** Headers of a request signed at `timestamp` (unix seconds) over exactly `body`. */
export function signatureHeaders(body: string | Buffer, options: { timestamp?: number; secret?: string } = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? NOW_SECONDS);
  return {
    'x-einstein-retrain-timestamp': timestamp,
    'x-einstein-retrain-signature': signWebhookBody(options.secret ?? HMAC_SECRET, timestamp, body),
  };
}

/** A JSON POST signed with the test secret (or `options.secret`, `options.timestamp`). */
export function signedPost(url: string, body: unknown, options: { timestamp?: number; secret?: string } = {}): InjectOptions {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...signatureHeaders(payload, options) },
    payload,
  };
}

export function bearerRequest(method: 'GET' | 'POST', url: string, body?: unknown, token = BEARER_TOKEN): InjectOptions {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(payload !== undefined && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload }),
  };
}

export function errorOf(response: { json(): unknown }): { code: string; message: string; issues?: { field: string; message: string }[] } {
  return (response.json() as { error: { code: string; message: string; issues?: { field: string; message: string }[] } }).error;
}

/** A feedback body that is valid except for newExamples, so a request that passes authentication ends in a 400. */
export const FEEDBACK_WITH_BAD_COUNT = { domain: 'vision', modelId: MODEL_ID, eventId: 'evt-1', newExamples: -1 };
export const VALID_FEEDBACK = { domain: 'vision', modelId: MODEL_ID, eventId: 'evt-1', newExamples: 3 };
