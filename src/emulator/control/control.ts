/**
 * The control API, outside /v2 under /__emulator/: reset, faults, call counts, submissions, training records, training
 * plans, tokens, accounts, extra examples, and a state dump. JSON bodies, validated with zod; never counted as API
 * calls.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  accountSchema,
  addExamplesSchema,
  faultRuleSchema,
  resetSchema,
  staticTokenSchema,
  trainingPlanSchema,
} from './control-types';
import type { Emulator } from '../emulator';
import { badRequest, notFound } from '../routes/errors';

export const CONTROL_PREFIX = '/__emulator';

export function registerControlRoutes(app: FastifyInstance, em: Emulator): void {
  const ok = { ok: true };
  app.post(`${CONTROL_PREFIX}/reset`, async (request) => {
    em.reset(parse(resetSchema, request.body ?? {}));
    return ok;
  });
  app.post(`${CONTROL_PREFIX}/faults`, async (request) => {
    const rule = parse(faultRuleSchema, request.body);
    checkFault(rule);
    em.faults.add(rule);
    return ok;
  });
  app.delete(`${CONTROL_PREFIX}/faults`, async () => {
    em.faults.clear();
    return ok;
  });
  app.get(`${CONTROL_PREFIX}/calls`, async () => em.calls.snapshot());
  app.get(`${CONTROL_PREFIX}/submissions`, async () => em.submissions());
  app.get(`${CONTROL_PREFIX}/trainings`, async () => em.trainings());
  app.post<{ Params: { modelId: string } }>(`${CONTROL_PREFIX}/plans/:modelId`, async (request) => {
    em.sim.planNext(request.params.modelId, parse(trainingPlanSchema, request.body ?? {}));
    return ok;
  });
  app.post(`${CONTROL_PREFIX}/tokens/expire`, async () => {
    em.tokens.expireAll();
    return ok;
  });
  app.post(`${CONTROL_PREFIX}/accounts`, async (request) => {
    const { sub, publicKeyPem } = parse(accountSchema, request.body);
    em.tokens.addAccount(sub, publicKeyPem);
    return ok;
  });
  app.post(`${CONTROL_PREFIX}/static-tokens`, async (request) => {
    em.tokens.addStaticToken(parse(staticTokenSchema, request.body).token);
    return ok;
  });
  app.post<{ Params: { datasetId: string } }>(`${CONTROL_PREFIX}/datasets/:datasetId/examples`, async (request) => {
    const { label, count } = parse(addExamplesSchema, request.body);
    const dataset = em.store.visibleDataset(Number(request.params.datasetId));
    if (!dataset) throw notFound(`The dataset ${request.params.datasetId} was not found.`);
    const target = dataset.labels.find((l) => l.name === label);
    if (!target) throw badRequest(`label must be one of ${dataset.labels.map((l) => l.name).join(', ')}`);
    target.uploaded += count;
    dataset.updatedAtMs = em.nowMs();
    return ok;
  });
  app.get(`${CONTROL_PREFIX}/state`, async () => em.state());
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  // A misspelt field is the likeliest mistake: say which fields there are.
  const known = issue?.code === 'unrecognized_keys' ? fieldsAt(schema, issue.path) : undefined;
  throw badRequest(`${field}: ${issue?.message ?? 'invalid'}${known ? ` (allowed: ${known.join(', ')})` : ''}`);
}

/** Field names of the object schema at `path` (zod 4 objects expose `shape`; optional wrappers expose `unwrap`). */
function fieldsAt(schema: z.ZodType, path: PropertyKey[]): string[] | undefined {
  let node: unknown = schema;
  for (const key of path) {
    while (node && typeof (node as { unwrap?: unknown }).unwrap === 'function') node = (node as { unwrap: () => unknown }).unwrap();
    node = (node as { shape?: Record<PropertyKey, unknown> }).shape?.[key];
  }
  while (node && typeof (node as { unwrap?: unknown }).unwrap === 'function') node = (node as { unwrap: () => unknown }).unwrap();
  const shape = (node as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : undefined;
}

function checkFault(rule: z.infer<typeof faultRuleSchema>): void {
  if (rule.match?.path !== undefined) {
    try {
      new RegExp(rule.match.path);
    } catch {
      throw badRequest('match.path must be a valid regular expression');
    }
  }
  if (rule.kind === 'latency' && rule.latencyMs === undefined) throw badRequest('latencyMs is required for a latency fault');
}
