// Read-only model history: the index of models with a kept report, and one model's runs. Behind the same
// authentication as every /v1 route; the store is the process's shared one (see src/history/store-holder.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeHistoryStore, modelHistoryView, modelIndexEntry, type ReportStore, type ReportStoreHolder, TREND_POINTS } from '../history';
import { MODEL_ID_PATTERN } from '../contract/ids';
import { ApiError } from './api-error';
import { validate } from './request-body';

export const ModelParams = z.strictObject({
  domain: z.enum(['vision', 'language'], { error: "expected 'vision' or 'language'" }),
  modelId: z.string().regex(MODEL_ID_PATTERN, { error: 'expected 26 characters of A-Z and 2-7' }),
});

export const ModelRunsQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'expected a whole number from 1 to 1000' })
    .transform(Number)
    .pipe(z.number().min(1, { error: 'expected a whole number from 1 to 1000' }).max(1000, { error: 'expected a whole number from 1 to 1000' }))
    .optional(),
});

export function registerModelRoutes(app: FastifyInstance, history: ReportStoreHolder): void {
  app.get('/models', async () => {
    const store = await open(history);
    const models = await store.models();
    const entries = await Promise.all(
      models.map(async (summary) => modelIndexEntry(summary, await store.reportsOf(summary, { limit: TREND_POINTS }))),
    );
    return { models: entries };
  });

  app.get('/models/:domain/:modelId', async (request) => {
    const { domain, modelId } = validate(ModelParams, request.params, 'path');
    const { limit } = validate(ModelRunsQuery, request.query ?? {}, 'query');
    const reports = await (await open(history)).reportsOf({ domain, modelId }, limit === undefined ? {} : { limit });
    return modelHistoryView(domain, modelId, reports);
  });
}

/** A database that cannot be reached is a 503 that says which one (never its credentials), not a 500. */
async function open(history: ReportStoreHolder): Promise<ReportStore> {
  try {
    return await history.get();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(503, 'HISTORY_UNAVAILABLE', `The report history (${describeHistoryStore(history.config)}) cannot be read now: ${reason}`, undefined, {
      'retry-after': '5',
    });
  }
}
