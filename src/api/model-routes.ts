// Read-only model history: the index of models with a kept report (with each one's next scheduled run, read from
// Temporal), one model's runs, and the whole report of one run. Behind the same authentication as every /v1 route;
// the store is the process's shared one (see src/history/store-holder.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NextScheduledRun } from '../client';
import { describeHistoryStore, modelHistoryView, modelIndexEntry, type ReportStore, type ReportStoreHolder, TREND_POINTS } from '../history';
import { MODEL_ID_PATTERN } from '../contract/ids';
import { ApiError } from './errors';
import { validate } from './requests';

/**
 * The model's retrain schedule and its next firing, or null when it has none (`RetrainSchedules.nextRunOf`), within
 * `timeoutMs` (retries included).
 */
export type NextRunLookup = (domain: 'vision' | 'language', modelId: string, options: { timeoutMs: number }) => Promise<NextScheduledRun | null>;

/**
 * How long the index waits for Temporal's answer about schedules. Past it (Temporal down or slow), the index still
 * answers from the history, with the next run left out (unknown) rather than claimed to be none. The lookup itself
 * is given a little less, so it has ended by the time the index answers.
 */
export const SCHEDULE_LOOKUP_TIMEOUT_MS = 3_000;
const LOOKUP_DEADLINE_MS = 2_500;

export const RunParams = z.strictObject({
  domain: z.enum(['vision', 'language'], { error: "expected 'vision' or 'language'" }),
  modelId: z.string().regex(MODEL_ID_PATTERN, { error: 'expected 26 characters of A-Z and 2-7' }),
  runId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, { error: 'expected a run id: 1 to 200 of A-Z, a-z, 0-9, ".", "_" and "-"' }),
});

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

export function registerModelRoutes(app: FastifyInstance, history: ReportStoreHolder, nextRunOf?: NextRunLookup): void {
  app.get('/models', async () => {
    const store = await open(history);
    const models = await store.models();
    const entries = await Promise.all(
      models.map(async (summary) => {
        const [reports, schedule] = await Promise.all([store.reportsOf(summary, { limit: TREND_POINTS }), scheduleOf(nextRunOf, summary.domain, summary.modelId)]);
        const entry = modelIndexEntry(summary, reports);
        return schedule === undefined ? entry : { ...entry, schedule };
      }),
    );
    return { models: entries };
  });

  app.get('/models/:domain/:modelId/runs/:runId', async (request) => {
    const { domain, modelId, runId } = validate(RunParams, request.params, 'path');
    const report = await (await open(history)).runReport({ domain, modelId }, runId);
    if (report === undefined) throw new ApiError(404, 'NOT_FOUND', `No kept report of run ${runId} of ${domain} model ${modelId}`);
    return report;
  });

  app.get('/models/:domain/:modelId', async (request) => {
    const { domain, modelId } = validate(ModelParams, request.params, 'path');
    const { limit } = validate(ModelRunsQuery, request.query ?? {}, 'query');
    const reports = await (await open(history)).reportsOf({ domain, modelId }, limit === undefined ? {} : { limit });
    return modelHistoryView(domain, modelId, reports);
  });
}

/** The model's schedule, null for none, undefined when it cannot be known now (no Temporal, or no answer in time). */
async function scheduleOf(nextRunOf: NextRunLookup | undefined, domain: 'vision' | 'language', modelId: string): Promise<NextScheduledRun | null | undefined> {
  if (nextRunOf === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SCHEDULE_LOOKUP_TIMEOUT_MS)));
  try {
    return await Promise.race([nextRunOf(domain, modelId, { timeoutMs: LOOKUP_DEADLINE_MS }).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
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
