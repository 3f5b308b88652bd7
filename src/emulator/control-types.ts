/**
 * Shapes of the control API (outside /v2, under /__emulator/): shared by the server routes and the typed client.
 * zod schemas validate what the control routes receive.
 */
import { z } from 'zod';

export const faultRuleSchema = z.object({
  match: z
    .object({
      method: z.string().min(1).optional(),
      /** Regex source tested against the URL path (without the query string). */
      path: z.string().min(1).optional(),
    })
    .optional(),
  kind: z.enum(['status', 'drop', 'latency', 'malformed']),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.string().min(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().min(1).optional(),
  /**
   * Extension: whether the fault strikes before the request is handled ('before': the server never acts) or after
   * ('after': the server acted, e.g. a training was queued, but the response is lost or corrupted).
   * Defaults: 'after' for malformed, 'before' for the rest.
   */
  when: z.enum(['before', 'after']).optional(),
});

export type FaultRule = {
  match?: { method?: string; path?: string };
  kind: 'status' | 'drop' | 'latency' | 'malformed';
  status?: number;
  retryAfter?: string;
  latencyMs?: number;
  times?: number;
  when?: 'before' | 'after';
};

export type CallCounts = {
  total: number;
  byEndpoint: Record<string, number>;
  byModel: Record<string, Record<string, number>>;
};

export type Submission = {
  modelId: string;
  datasetId: number;
  domain: 'vision' | 'language';
  kind: 'train' | 'retrain';
  at: string;
  params: Record<string, unknown>;
};

export const trainingPlanSchema = z.object({
  outcome: z.enum(['SUCCEEDED', 'FAILED']).optional(),
  failureMsg: z.string().min(1).optional(),
  durationSeconds: z.number().positive().optional(),
  queueSeconds: z.number().min(0).optional(),
});
export type TrainingPlan = z.infer<typeof trainingPlanSchema>;

export const resetSchema = z.object({
  seed: z.number().int().optional(),
  timeScale: z.number().positive().optional(),
});

export const accountSchema = z.object({ sub: z.string().min(1), publicKeyPem: z.string().min(1) });
export const staticTokenSchema = z.object({ token: z.string().min(1) });
export const addExamplesSchema = z.object({ label: z.string().min(1), count: z.number().int().min(1).max(1_000_000) });
