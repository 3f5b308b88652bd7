/** Shared helpers of the emulator's integration tests: an emulator on an ephemeral port, keys, JWTs, requests. */
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { FormData, request } from 'undici';
import { EmulatorControl } from '../../../src/emulator/control/control-client';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../src/emulator/server';

export const STATIC_TOKEN = 'STATICTESTTOKEN';

export interface TestEmulator {
  handle: EmulatorHandle;
  control: EmulatorControl;
  url: string;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const handle = await startEmulator({ staticTokens: [STATIC_TOKEN], timeScale: 1000, ...options });
  return { handle, control: new EmulatorControl(handle.url), url: handle.url };
}

export function rsaKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export async function signAssertion(
  privateKeyPem: string,
  claims: { sub?: string; aud?: string; expiresInSeconds?: number } = {},
): Promise<string> {
  const key = await importPKCS8(privateKeyPem, 'RS256');
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setSubject(claims.sub ?? FIXTURE.account.sub);
  jwt.setAudience(claims.aud ?? 'https://api.einstein.ai/v2/oauth2/token');
  jwt.setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expiresInSeconds ?? 300));
  return jwt.sign(key);
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export interface ApiOptions {
  form?: Record<string, string | Blob | { bytes: Uint8Array; filename: string }>;
  urlencoded?: Record<string, string>;
  /** Bearer token; default the static test token; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

export async function api(url: string, method: 'GET' | 'POST' | 'DELETE', path: string, opts: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? STATIC_TOKEN}`;
  let body: FormData | string | undefined;
  if (opts.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(opts.form)) {
      if (typeof value === 'string') form.append(name, value);
      else if (value instanceof Blob) form.append(name, value);
      else form.append(name, new Blob([value.bytes]), value.filename);
    }
    body = form;
  } else if (opts.urlencoded) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.urlencoded).toString();
  }
  const response = await request(`${url}${path}`, { method, headers, body });
  const text = await response.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // left empty: the tests of malformed bodies look at `text`
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** Polls until `check` holds, within a bounded deadline (no blind sleeps). */
export async function waitFor<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** 1×1 PNG. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);
