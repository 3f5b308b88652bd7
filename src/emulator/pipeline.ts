/**
 * What happens to every /v2 request around its handler, in this order: it is counted (even if a fault answers it),
 * attributed to its model, struck by a fault if one matches, then authenticated (except the token endpoint).
 * Faults strike before authentication because they stand for the infrastructure in front of the API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { FaultRule } from './control-types';
import type { Emulator } from './emulator';
import { ApiError, INVALID_ACCESS_TOKEN, INVALID_AUTH_SCHEME } from './errors';
import { FAULT_STATUS_MESSAGES, faultMoment } from './faults';
import { peekTextField } from './form';
import { TOKEN_PATH } from './routes-token';

declare module 'fastify' {
  interface FastifyRequest {
    emulatorEndpoint?: string;
    emulatorAfterFault?: FaultRule;
  }
}

const API_PREFIX = '/v2/';

export function installPipeline(app: FastifyInstance, em: Emulator): void {
  app.addHook('onRequest', async (request) => {
    const path = pathOf(request);
    if (!path.startsWith(API_PREFIX)) return;
    request.emulatorEndpoint = `${request.method} ${request.routeOptions.url ?? path}`;
    em.calls.count(request.emulatorEndpoint);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.emulatorEndpoint === undefined) return;
    const modelId = (request.params as { modelId?: string } | undefined)?.modelId ?? peekTextField(request.body, 'modelId');
    if (modelId !== undefined) attributeToModel(em, request, modelId.trim());
    const rule = em.faults.take(request.method, pathOf(request));
    if (rule && faultMoment(rule) === 'after') request.emulatorAfterFault = rule;
    if (rule && faultMoment(rule) === 'before' && (await strikeBefore(rule, request, reply))) return reply;
    if (request.routeOptions.url !== TOKEN_PATH) authenticate(em, request);
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const rule = request.emulatorAfterFault;
    return rule ? strikeAfter(rule, request, reply, payload) : payload;
  });
}

export function attributeToModel(em: Emulator, request: FastifyRequest, modelId: string): void {
  if (request.emulatorEndpoint !== undefined && modelId !== '') em.calls.attribute(modelId, request.emulatorEndpoint);
}

function authenticate(em: Emulator, request: FastifyRequest): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new ApiError(401, INVALID_AUTH_SCHEME);
  if (em.tokens.check(match[1]) !== 'valid') throw new ApiError(401, INVALID_ACCESS_TOKEN);
}

/** Returns true when the fault answered the request (the handler must not run). */
async function strikeBefore(rule: FaultRule, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  switch (rule.kind) {
    case 'latency':
      await delay(rule.latencyMs ?? 0);
      return false;
    case 'status':
      throw statusFault(rule);
    case 'drop':
      reply.hijack();
      request.raw.socket?.destroy();
      return true;
    case 'malformed':
      await reply.code(200).header('content-type', 'application/json; charset=utf-8').send(truncated('{"object":"training","status":"QUEUED"}'));
      return true;
  }
}

async function strikeAfter(rule: FaultRule, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  switch (rule.kind) {
    case 'latency':
      await delay(rule.latencyMs ?? 0);
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
