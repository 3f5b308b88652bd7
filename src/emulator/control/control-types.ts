/**
 * Shapes of the control API (outside /v2, under /__emulator/): shared by the server routes and the typed client.
 * zod schemas validate what the control routes receive.
 */
import { z } from 'zod';
import { TRAINING_OUTCOMES, type TrainingOutcome, type TrainingStatus } from '../simulator/timeline';

/** Longest burst window of a fault rule: a week covers any scenario. */
export const MAX_FAULT_WINDOW_MS = 7 * 24 * 3_600_000;

export const faultRuleSchema = z.strictObject({
  match: z
    .strictObject({
      method: z.string().min(1).optional(),
      /** Regex source tested against the URL path (without the query string). */
      path: z.string().min(1).optional(),
    })
    .optional(),
  kind: z.enum(['status', 'drop', 'latency', 'malformed']),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.string().min(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** Strikes before the rule is gone. Default 1, or unlimited when `forMs` is given. */
  times: z.number().int().min(1).optional(),
  /** Extension: the rule lives this many milliseconds from when it is added, striking every matching request. */
  forMs: z.number().int().min(1).max(MAX_FAULT_WINDOW_MS).optional(),
  /**
   * Extension: each matching request is struck with this probability, drawn from the rule's own seeded stream. A
   * request the rule spares is offered to the rules after it.
   */
  probability: z.number().min(0).max(1).optional(),
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
  forMs?: number;
  probability?: number;
  when?: 'before' | 'after';
};

/** A rule as GET /__emulator/state lists it: `times` is what is left, `until` ends a `forMs` window. */
export type PendingFault = FaultRule & { until?: string };

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

export const trainingPlanSchema = z
  .strictObject({
    outcome: z.enum(TRAINING_OUTCOMES).optional(),
    failureMsg: z.string().min(1).optional(),
    durationSeconds: z.number().positive().optional(),
    queueSeconds: z.number().min(0).optional(),
    /** Failure outcomes: epochs completed before the failure, which strikes mid-way through the next (0: during dataset load). */
    failAfterEpochs: z.number().int().min(0).optional(),
    /** SUCCEEDED: converges after this many epochs and stops mid-way through the next, then saves the model. */
    earlyStopAfterEpochs: z.number().int().min(1).optional(),
  })
  .superRefine((plan, ctx) => {
    const failure = plan.outcome !== undefined && plan.outcome !== 'SUCCEEDED';
    if (plan.failAfterEpochs !== undefined && !failure) {
      ctx.addIssue({ code: 'custom', path: ['failAfterEpochs'], message: 'needs outcome FAILED, KILLED or FAILED_WITH_RETRIES' });
    }
    if (plan.earlyStopAfterEpochs !== undefined && failure) {
      ctx.addIssue({ code: 'custom', path: ['earlyStopAfterEpochs'], message: 'needs outcome SUCCEEDED (or no outcome)' });
    }
  });
export type TrainingPlan = z.infer<typeof trainingPlanSchema>;

/**
 * One training accepted through the API (GET /__emulator/trainings): the ground truth a chaos checker compares with
 * what the orchestrator believes. Times are ISO 8601 on the real clock.
 */
export type TrainingRecord = {
  modelId: string;
  datasetId: number;
  domain: 'vision' | 'language';
  kind: 'train' | 'retrain';
  submittedAt: string;
  /** The status GET /train/{modelId} would show now. */
  status: TrainingStatus;
  terminal: boolean;
  /** The terminal status it reaches (or reached). */
  outcome: TrainingOutcome;
  /** When it reaches (or reached) that status. */
  endsAt: string;
  /** endsAt once that moment has passed, else null. */
  endedAt: string | null;
  failureMsg?: string;
  /** The first GET /train/{modelId} answered (200, delivered whole) after the training ended, or null. */
  firstTerminalReadAt: string | null;
};

export type TrainingRecords = {
  /** Trainings accepted per model (= submissions().byModel). */
  acceptedByModel: Record<string, number>;
  trainings: TrainingRecord[];
};

export const resetSchema = z.object({
  seed: z.number().int().optional(),
  timeScale: z.number().positive().optional(),
});

export const accountSchema = z.object({ sub: z.string().min(1), publicKeyPem: z.string().min(1) });
export const staticTokenSchema = z.object({ token: z.string().min(1) });
export const addExamplesSchema = z.object({ label: z.string().min(1), count: z.number().int().min(1).max(1_000_000) });
