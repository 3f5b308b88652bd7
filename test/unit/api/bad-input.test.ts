// Generated bad requests: every one must get a 4xx in the API's error shape, none may reach the client API, and the
// server must keep answering afterwards.
import type { InjectOptions } from 'fastify';
import {
  BEARER_TOKEN,
  HMAC_SECRET,
  MODEL_ID,
  NOW_SECONDS,
  VALID_FEEDBACK,
  buildTestApp,
  guardClient,
  signatureHeaders,
} from './harness';
import { signWebhookBody } from '../../../src/sinks';

interface BadRequest {
  name: string;
  request: InjectOptions;
  status: number;
}

const FEEDBACK = '/v1/events/feedback';
const RETRAINS = '/v1/retrains';
const VALID_RETRAIN = { domain: 'vision', modelId: MODEL_ID, params: { epochs: 5 } };

/** A distinct timestamp (inside the window) per signed request, so equal bodies are not refused as replays. */
let signedCount = 0;
const freshTimestamp = () => NOW_SECONDS - (signedCount++ % 250);

/** A POST whose raw bytes are signed correctly, so the body itself is what is being tested. */
function signed(url: string, payload: string | Buffer, contentType = 'application/json'): InjectOptions {
  return { method: 'POST', url, headers: { 'content-type': contentType, ...signatureHeaders(payload, { timestamp: freshTimestamp() }) }, payload };
}

/** Signature headers of a bodiless request. */
const signedEmpty = () => signatureHeaders('', { timestamp: freshTimestamp() });

function withBearer(url: string, payload: string | Buffer, contentType: string): InjectOptions {
  return { method: 'POST', url, headers: { 'content-type': contentType, authorization: `Bearer ${BEARER_TOKEN}` }, payload };
}

/** Seeded generator (mulberry32), so a failing case can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES: unknown[] = [42, -1, 1.5, 'text', '', true, null, [], {}, ['vision'], { nested: 1 }];

function wrongTypes(): BadRequest[] {
  const expectations: Record<string, (v: unknown) => boolean> = {
    domain: (v) => v !== 'vision' && v !== 'language',
    modelId: () => true,
    eventId: (v) => typeof v !== 'string' || v.length === 0,
    newExamples: (v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 0),
    occurredAt: (v) => v !== undefined,
  };
  return Object.entries(expectations).flatMap(([field, isBad]) =>
    WRONG_VALUES.filter(isBad).map((value) => ({
      name: `feedback.${field} = ${JSON.stringify(value)}`,
      request: signed(FEEDBACK, JSON.stringify({ ...VALID_FEEDBACK, eventId: `wrong-${field}`, [field]: value })),
      status: 400,
    })),
  );
}

function missingFields(): BadRequest[] {
  const feedback = Object.keys(VALID_FEEDBACK).map((field) => {
    const body = Object.fromEntries(Object.entries(VALID_FEEDBACK).filter(([key]) => key !== field));
    return { name: `feedback without ${field}`, request: signed(FEEDBACK, JSON.stringify(body)), status: 400 };
  });
  const retrain = ['domain', 'modelId'].map((field) => {
    const body = Object.fromEntries(Object.entries(VALID_RETRAIN).filter(([key]) => key !== field));
    return { name: `retrain without ${field}`, request: signed(RETRAINS, JSON.stringify(body)), status: 400 };
  });
  return [...feedback, ...retrain];
}

function hugeValues(): BadRequest[] {
  const bodies: [string, string, unknown, number][] = [
    ['newExamples = 1e308', FEEDBACK, { ...VALID_FEEDBACK, newExamples: 1e308 }, 400],
    ['newExamples = 2^53', FEEDBACK, { ...VALID_FEEDBACK, newExamples: 2 ** 53 }, 400],
    ['eventId of 201 characters', FEEDBACK, { ...VALID_FEEDBACK, eventId: 'e'.repeat(201) }, 400],
    ['epochs = 1e9', RETRAINS, { ...VALID_RETRAIN, params: { epochs: 1e9 } }, 400],
    ['learningRate = 1e-300', RETRAINS, { ...VALID_RETRAIN, params: { learningRate: 1e-300 } }, 400],
    ['policy.deadlineMs = 1e15', RETRAINS, { ...VALID_RETRAIN, policy: { deadlineMs: 1e15 } }, 400],
    ['3000 unknown fields', FEEDBACK, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`f${i}`, i])), 400],
    ['array of 40 000 numbers', FEEDBACK, { ...VALID_FEEDBACK, newExamples: Array.from({ length: 40_000 }, () => 1) }, 413],
  ];
  const deep = `{"domain":"vision","modelId":"${MODEL_ID}","params":{"trainParams":{"withFeedback":${'['.repeat(20_000)}${']'.repeat(20_000)}}}}`;
  return [
    ...bodies.map(([name, url, body, status]) => ({ name, request: signed(url, JSON.stringify(body)), status })),
    { name: 'arrays nested 20 000 deep', request: signed(RETRAINS, deep), status: 400 },
    { name: 'workflow id of 2000 characters', request: { method: 'GET', url: `${RETRAINS}/${'w'.repeat(2000)}`, headers: signedEmpty() }, status: 414 },
  ] as BadRequest[];
}

function badJson(): BadRequest[] {
  const texts = [
    '{"domain":"vision",',
    '{"domain":"vision",}',
    "{'domain':'vision'}",
    '{"newExamples": NaN}',
    '{"newExamples": Infinity}',
    '/* comment */ {}',
    '{"a":1}{"b":2}',
    '\u0000',
    'undefined',
    '{"domain":"vision" "modelId":"x"}',
  ];
  return texts.map((text, i) => ({ name: `bad JSON #${i + 1}: ${JSON.stringify(text).slice(0, 30)}`, request: signed(FEEDBACK, text), status: 400 }));
}

function badUnicode(): BadRequest[] {
  const json = (inner: number[]) => Buffer.concat([Buffer.from('{"domain":"vision","eventId":"'), Buffer.from(inner), Buffer.from('"}')]);
  return [
    { name: 'invalid UTF-8 byte 0xff', request: signed(FEEDBACK, json([0xff])), status: 400 },
    { name: 'overlong UTF-8 encoding of "/"', request: signed(FEEDBACK, json([0xc0, 0xaf])), status: 400 },
    { name: 'truncated UTF-8 sequence', request: signed(FEEDBACK, json([0xe2, 0x82])), status: 400 },
    { name: 'UTF-16 body', request: signed(FEEDBACK, Buffer.from(JSON.stringify(VALID_FEEDBACK), 'utf16le')), status: 400 },
    { name: 'lone surrogate in eventId', request: signed(FEEDBACK, JSON.stringify({ ...VALID_FEEDBACK, eventId: 'a\udfffb' })), status: 400 },
    { name: 'NUL in eventId', request: signed(FEEDBACK, JSON.stringify({ ...VALID_FEEDBACK, eventId: 'a\u0000b' })), status: 400 },
    { name: 'escape sequence in modelId', request: signed(FEEDBACK, JSON.stringify({ ...VALID_FEEDBACK, modelId: `${MODEL_ID.slice(0, 25)}\u00c9` })), status: 400 },
  ];
}

function wrongContentTypes(): BadRequest[] {
  const body = JSON.stringify(VALID_FEEDBACK);
  const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-seq', 'application/json; charset=latin1', ''];
  return [
    ...types.map((type) => ({ name: `content type "${type}"`, request: withBearer(FEEDBACK, body, type), status: 415 })),
    { name: 'empty JSON body', request: signed(FEEDBACK, ''), status: 400 },
  ];
}

function oversized(): BadRequest[] {
  return [70_000, 1_048_576].map((size) => ({
    name: `body of ${size} bytes`,
    request: signed(FEEDBACK, JSON.stringify({ ...VALID_FEEDBACK, eventId: 'x'.repeat(size) })),
    status: 413,
  }));
}

function badCredentials(): BadRequest[] {
  const body = JSON.stringify({ ...VALID_FEEDBACK, eventId: 'credentials' });
  const good = signatureHeaders(body);
  const sig = good['x-einstein-retrain-signature']!;
  const ts = good['x-einstein-retrain-timestamp']!;
  const post = (headers: Record<string, string>): InjectOptions => ({ method: 'POST', url: FEEDBACK, headers: { 'content-type': 'application/json', ...headers }, payload: body });
  const cases: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['signature made with another secret', { ...good, 'x-einstein-retrain-signature': signWebhookBody(`${HMAC_SECRET}-other`, ts, body) }],
    ['signature over another body', { ...good, 'x-einstein-retrain-signature': signWebhookBody(HMAC_SECRET, ts, `${body} `) }],
    ['signature of another timestamp', { ...good, 'x-einstein-retrain-timestamp': String(Number(ts) - 1) }],
    ['stale timestamp', signatureHeaders(body, { timestamp: NOW_SECONDS - 10_000 })],
    ['future timestamp', signatureHeaders(body, { timestamp: NOW_SECONDS + 10_000 })],
    ['timestamp in milliseconds', signatureHeaders(body, { timestamp: NOW_SECONDS * 1000 })],
    ['negative timestamp', { ...good, 'x-einstein-retrain-timestamp': '-1' }],
    ['empty signature', { ...good, 'x-einstein-retrain-signature': '' }],
    ['signature without scheme', { ...good, 'x-einstein-retrain-signature': sig.slice('sha256='.length) }],
    ['truncated signature', { ...good, 'x-einstein-retrain-signature': sig.slice(0, -2) }],
    ['signature only', { 'x-einstein-retrain-signature': sig }],
    ['bearer token wrong', { authorization: 'Bearer not-a-token-of-this-server' }],
    ['bearer token empty', { authorization: 'Bearer ' }],
    ['basic auth', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ];
  return cases.map(([name, headers]) => ({ name, request: post(headers), status: 401 }));
}

function badPaths(): BadRequest[] {
  return [
    { name: 'control character in workflow id', request: { method: 'GET', url: `${RETRAINS}/a%01b`, headers: signedEmpty() }, status: 400 },
    { name: 'undecodable percent-encoding', request: { method: 'GET', url: `${RETRAINS}/%E0%A4%A`, headers: signedEmpty() }, status: 400 },
    { name: 'unknown route', request: { method: 'POST', url: '/v1/feedback', headers: signedEmpty() }, status: 404 },
    { name: 'unknown method', request: { method: 'PUT', url: RETRAINS, headers: signedEmpty() }, status: 404 },
  ];
}

/** Random invalid values for random fields, from a fixed seed. */
function fuzzed(count: number): BadRequest[] {
  const next = random(20240501);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const badNumbers = [-1, -0.5, 0.5, 1e21, -1e21, 1.0000001];
  const badStrings = ['', ' ', 'VISION', 'x'.repeat(300), '\u0007bell', MODEL_ID.toLowerCase()];
  return Array.from({ length: count }, (_, i) => {
    const field = pick(['domain', 'modelId', 'newExamples', 'eventId'] as const);
    const value = field === 'newExamples' ? pick(badNumbers) : field === 'eventId' ? pick(['', 'x'.repeat(201), '\u0001']) : pick(badStrings);
    const body = { ...VALID_FEEDBACK, eventId: `fuzz-${i}`, [field]: value };
    return { name: `fuzz #${i}: ${field} = ${JSON.stringify(value).slice(0, 20)}`, request: signed(FEEDBACK, JSON.stringify(body)), status: 400 };
  });
}

describe('trigger API under generated bad input', () => {
  const cases = [
    ...wrongTypes(),
    ...missingFields(),
    ...hugeValues(),
    ...badJson(),
    ...badUnicode(),
    ...wrongContentTypes(),
    ...oversized(),
    ...badCredentials(),
    ...badPaths(),
    ...fuzzed(20),
  ];

  it(`has at least 50 generated bad requests, each named (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('answers each with the expected 4xx in the error shape, never reaches the client API, and keeps answering', async () => {
    const client = guardClient();
    const api = await buildTestApp({ client });
    const answers: { name: string; status: number; code?: string }[] = [];
    for (const { name, request } of cases) {
      const response = await api.app.inject(request);
      const body = safeJson(response.body) as { error?: { code?: string; message?: string } } | undefined;
      expect(typeof body?.error?.message).toBe('string');
      answers.push({ name, status: response.statusCode, code: body?.error?.code });
    }
    expect(answers.map(({ name, status }) => ({ name, status }))).toEqual(cases.map(({ name, status }) => ({ name, status })));
    expect(answers.every((a) => a.status >= 400 && a.status < 500)).toBe(true);
    expect(client.calls).toEqual([]);
    const health = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    await api.close();
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
