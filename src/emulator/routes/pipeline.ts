/**
 * What happens to every /v2 request around its handler, in this order: it is counted (even if a fault answers it),
 * attributed to its model, struck by a fault if one matches, then authenticated (except the token endpoint).
 * Faults strike before authentication because they stand for the infrastructure in front of the API; the token is
 * still judged as it was on arrival, so a request held by a latency fault is not refused for the time it was held.
 *
 * Around every request (control calls too): a change of state reaches the state file before the response leaves,
 * so a client never hears of a training the file does not hold; and a status read that showed a terminal training
 * is recorded once its answer was delivered whole (GET /__emulator/trainings).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { FaultRule } from '../control/control-types';
import type { Emulator, TerminalRead } from '../emulator';
import { ApiError, INVALID_ACCESS_TOKEN, INVALID_AUTH_SCHEME } from './errors';
import { FAULT_STATUS_MESSAGES, faultMoment } from '../control/faults';
import { peekTextField } from './form';
import { TOKEN_PATH } from './token';

declare module 'fastify' {
  interface FastifyRequest {
    emulatorEndpoint?: string;
    emulatorAfterFault?: FaultRule;
    /** Set by GET /train/{modelId} when it showed a terminal status. */
    emulatorTerminalRead?: TerminalRead;
  }
}

const API_PREFIX = '/v2/';

export function installPipeline(app: FastifyInstance, em: Emulator): void {
  app.addHook('onRequest', async (request) => {
    const path = pathOf(request);
    if (!path.startsWith(API_PREFIX)) return;
    request.emulatorEndpoint = `${request.method} ${request.routeOptions.url ?? path}`;
    em.calls.count(request.emulatorEndpoint);
    em.sink.soon();
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.emulatorEndpoint === undefined) return;
    const modelId = (request.params as { modelId?: string } | undefined)?.modelId ?? peekTextField(request.body, 'modelId');
    if (modelId !== undefined) attributeToModel(em, request, modelId.trim());
    const rule = em.faults.take(request.method, pathOf(request));
    if (rule && faultMoment(rule) === 'after') request.emulatorAfterFault = rule;
    // Credentials are judged as they were on arrival: a long hold must not turn the token of a late POST into a 401.
    const refusal = request.routeOptions.url !== TOKEN_PATH ? authenticationError(em, request) : undefined;
    if (rule && faultMoment(rule) === 'before' && (await strikeBefore(em, rule, request, reply))) return reply;
    if (refusal) throw refusal;
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // Before any 'after' fault holds or drops the answer: the server acted, so the file must already know.
    if (request.method !== 'GET' && request.method !== 'HEAD') em.sink.now();
    const rule = request.emulatorAfterFault;
    return rule ? strikeAfter(em, rule, request, reply, payload) : payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const read = request.emulatorTerminalRead;
    if (read && delivered(request, reply) && em.recordTerminalRead(read)) em.sink.now();
  });
}

/**
 * The client got the whole answer as the handler made it: status 200, no fault but latency changed it, and every
 * byte handed to the socket (a client that gave up during a hold never gets here: its response never finishes).
 */
function delivered(request: FastifyRequest, reply: FastifyReply): boolean {
  const fault = request.emulatorAfterFault;
  return reply.statusCode === 200 && (fault === undefined || fault.kind === 'latency') && reply.raw.writableFinished;
}

export function attributeToModel(em: Emulator, request: FastifyRequest, modelId: string): void {
  if (request.emulatorEndpoint !== undefined && modelId !== '') em.calls.attribute(modelId, request.emulatorEndpoint);
}

function authenticationError(em: Emulator, request: FastifyRequest): ApiError | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return new ApiError(401, INVALID_AUTH_SCHEME);
  return em.tokens.check(match[1]) === 'valid' ? undefined : new ApiError(401, INVALID_ACCESS_TOKEN);
}

/** Returns true when the fault answered the request (the handler must not run). */
async function strikeBefore(em: Emulator, rule: FaultRule, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  switch (rule.kind) {
    case 'latency':
      // Held, then handled even if the client gave up meanwhile: the late POST that still lands. Only the server
      // closing cuts a hold short, and then nothing is handled (as if the process had died).
      if (await hold(em, rule)) return false;
      dropConnection(request, reply);
      return true;
    case 'status':
      throw statusFault(rule);
    case 'drop':
      dropConnection(request, reply);
      return true;
    case 'malformed':
      await reply.code(200).header('content-type', 'application/json; charset=utf-8').send(truncated('{"object":"training","status":"QUEUED"}'));
      return true;
  }
}

async function strikeAfter(em: Emulator, rule: FaultRule, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  switch (rule.kind) {
    case 'latency':
      // The server acted already; only the answer waits.
      if (!(await hold(em, rule))) request.raw.socket?.destroy();
      return payload;
    case 'status': {
      const error = statusFault(rule);
      reply.code(error.status).headers(error.headers).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ message: error.message });
    }
    case 'drop':
      request.raw.socket?.destroy();
      return payload;
    case 'malformed':
      reply.code(200).header('content-type', 'application/json; charset=utf-8');
      return truncated(typeof payload === 'string' ? payload : '');
  }
}

/** Waits the rule's latency; false when the server closed first. */
async function hold(em: Emulator, rule: FaultRule): Promise<boolean> {
  try {
    await delay(rule.latencyMs ?? 0, undefined, { signal: em.holdSignal });
    return true;
  } catch {
    return false;
  }
}

/** Ends the connection without a response; fastify must not try to answer it. */
function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket?.destroy();
}

function statusFault(rule: FaultRule): ApiError {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = rule.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : {};
  return new ApiError(status, FAULT_STATUS_MESSAGES[status] ?? 'Injected fault', headers);
}

/** Cuts a JSON body in the middle of a token, so no JSON parser accepts it. */
function truncated(body: string): string {
  const text = body.length >= 4 ? body : '{"message":"Internal server error"}';
  return text.slice(0, Math.max(2, Math.floor(text.length / 2)));
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
