// All configuration, validated once at start-up by one zod schema. Values come from environment variables; every
// default is visible here. Temporal's own connection settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key,
// profiles in temporal.toml) are read by @temporalio/envconfig, so Temporal Cloud works by configuration alone.
import { DEFAULT_TASK_QUEUE } from './temporal/connection-settings';
import path from 'node:path';
import { z } from 'zod';
import type { HistoryStoreConfig } from './history';
import { SinksConfig } from './sinks';

/** Folder of the embedded history database when no PostgreSQL URL is given, from the working directory. */
export const DEFAULT_HISTORY_DIR = path.join('.data', 'history');

/**
 * A variable that is set must say something. An empty value (often a forgotten `VAR=` in an env file) is refused
 * with this note, instead of being read as 0 (the metrics port would silently turn off) or as its default.
 */
const EMPTY = 'it is set but empty: give a value, or unset it';
const acceptsOrEmpty = (accepts: string) => (issue: { input?: unknown }) => (issue.input === '' ? `${accepts}; ${EMPTY}` : accepts);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: acceptsOrEmpty('expected true or false') })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const text = (what: string) => z.string().min(1, { error: `expected ${what}; ${EMPTY}` });
/** Decimal digits only: Number() would also read 0x10 or 1e3, which nobody writes in a port on purpose. */
const int = (min: number, max: number) => {
  const accepts = `expected an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,15}$/, { error: acceptsOrEmpty(accepts) })
    .transform(Number)
    .pipe(z.number().min(min, { error: accepts }).max(max, { error: accepts }));
};
const decimal = (min: number, max: number, unit: string) => {
  const accepts = `expected a number from ${min} to ${max} (${unit})`;
  return z
    .string()
    .regex(/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?$/, { error: acceptsOrEmpty(accepts) })
    .transform(Number)
    .pipe(z.number().min(min, { error: accepts }).max(max, { error: accepts }));
};

/**
 * Bounds of the Einstein call rate. Below 0.1 a run's few dozen calls would take hours (1e-9 would stall every run
 * for years); above 10000 the cap no longer protects anything.
 */
export const API_CALLS_PER_SECOND = { min: 0.1, max: 10_000 } as const;

/**
 * Worker cache and slot defaults (BENCHMARKS.md, section 4). The SDK's own cache default grows with the V8 heap limit
 * (about 2,300 workflows under Node's default limit on a large machine), so it bounds nothing at a thousand retrains.
 * At N = 1000 a cache of 100 cost four times the worker CPU per completed retrain of a cache of 1000 (every eviction
 * is a replay), 250 and 500 about 1.4 times; 500 keeps that while bounding the cached workflow state to half. Slots
 * are the SDK's own defaults, now visible and overridable.
 */
export const WORKER_DEFAULTS = {
  maxCachedWorkflows: 500,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentLocalActivityExecutions: 100,
} as const;

/**
 * The workflow thread's heap limit when nothing else sets one follows the cache (src/workflow-heap.ts; BENCHMARKS.md,
 * section 5): what the thread holds with no workflow cached, plus each cached retrain's live heap, times a headroom
 * for the garbage V8 collects later. A limit below the live heap of a full cache fails the worker (the thread runs
 * out of memory); one far above it lets garbage pile up, which is where the worker's memory went before.
 */
export const WORKFLOW_HEAP_SIZING = { baseMb: 48, perCachedWorkflowMb: 0.15, headroom: 2 } as const;

/** The live heap a full cache of lean retrains is expected to need in the workflow thread, MiB. */
export function workflowHeapNeededMb(maxCachedWorkflows: number): number {
  return WORKFLOW_HEAP_SIZING.baseMb + WORKFLOW_HEAP_SIZING.perCachedWorkflowMb * maxCachedWorkflows;
}

/** The default limit for a cache size: the expected live heap times the headroom, rounded up to 16 MiB. */
export function defaultWorkflowHeapMb(maxCachedWorkflows: number): number {
  return Math.ceil((workflowHeapNeededMb(maxCachedWorkflows) * WORKFLOW_HEAP_SIZING.headroom) / 16) * 16;
}

/** Bounds of the sizing variables: a cache of 0 or 1 is refused by the SDK (it replays every task), slots need 2. */
export const WORKER_LIMITS = {
  maxCachedWorkflows: { min: 2, max: 100_000 },
  slots: { min: 2, max: 10_000 },
  /** Below 64 MiB V8 cannot even load the workflow bundle; 0 turns the limit off. */
  workflowHeapMb: { min: 64, max: 65_536 },
} as const;

/** Environment variables we read, with their meaning; the README's configuration table mirrors this list. */
export const ConfigEnv = z.object({
  /** Task queue of the worker and of every workflow the CLI starts. */
  EINSTEIN_RETRAIN_TASK_QUEUE: text('a task queue name').default(DEFAULT_TASK_QUEUE),
  /** Einstein API base URL; when unset, the embedded emulator is started (development, demo). */
  EINSTEIN_BASE_URL: z.url({ error: acceptsOrEmpty('expected an http(s) URL such as https://api.einstein.ai') }).optional(),
  /** JWT bearer flow: the account id (`sub`) and the private key (PEM text, or a file). */
  EINSTEIN_ACCOUNT_ID: text('the Einstein account id').optional(),
  EINSTEIN_PRIVATE_KEY: text('a PEM private key').optional(),
  EINSTEIN_PRIVATE_KEY_FILE: text('the path of a PEM private key file').optional(),
  /** Alternatives to the JWT flow. */
  EINSTEIN_REFRESH_TOKEN: text('a refresh token').optional(),
  EINSTEIN_ACCESS_TOKEN: text('an access token').optional(),
  /** Lifetime asked for each access token (seconds). */
  EINSTEIN_TOKEN_TTL_SECONDS: int(60, 2_592_000).default(3600),
  /**
   * Activity tasks started per second across all workers (the task queue's activity rate limit). The name says
   * "API calls" from when every call was its own activity; a submitAndFollow is one task for all its status calls.
   */
  EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: decimal(API_CALLS_PER_SECOND.min, API_CALLS_PER_SECOND.max, 'activity tasks started per second').default(20),
  /** Longest wait an Einstein `Retry-After` may impose before the next call (seconds); longer asks are cut to it. */
  EINSTEIN_RETRAIN_MAX_RETRY_AFTER_SECONDS: int(1, 86_400).default(900),
  /** Port of the worker's Prometheus endpoint (application, process and SDK metrics); 0 turns it off. */
  EINSTEIN_RETRAIN_METRICS_PORT: int(0, 65_535).default(9464),
  /** Address the metrics endpoint binds (0.0.0.0 inside a container). */
  EINSTEIN_RETRAIN_METRICS_HOST: text('an address to bind, such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  /** Report sinks. */
  EINSTEIN_RETRAIN_LOG_REPORTS: bool.default(true),
  EINSTEIN_RETRAIN_JSONL_FILE: text('the path of a JSON-lines file').optional(),
  EINSTEIN_RETRAIN_WEBHOOK_URL: z.url({ error: acceptsOrEmpty('expected an http(s) URL') }).optional(),
  EINSTEIN_RETRAIN_WEBHOOK_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
  /** Report history: keep every report in a SQL database (PostgreSQL by URL, else embedded in a folder). */
  EINSTEIN_RETRAIN_KEEP_HISTORY: bool.default(true),
  EINSTEIN_RETRAIN_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: acceptsOrEmpty('expected a postgres:// or postgresql:// URL') }).optional(),
  EINSTEIN_RETRAIN_HISTORY_DIR: text('a folder path').default(DEFAULT_HISTORY_DIR),
  /**
   * Worker sizing (docs/OPERATIONS.md, "Sizing a worker"). Workflows kept in the worker's sticky cache: a cached
   * retrain answers its next task without replaying its history; one evicted is replayed from the server when its
   * next timer or activity completes. Memory grows with it; CPU and server load grow when it is too small.
   */
  EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: int(WORKER_LIMITS.maxCachedWorkflows.min, WORKER_LIMITS.maxCachedWorkflows.max).default(WORKER_DEFAULTS.maxCachedWorkflows),
  /** Workflow tasks processed at once: at most the cache size; unset, the default or the cache size if smaller. */
  EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: int(WORKER_LIMITS.slots.min, WORKER_LIMITS.slots.max).optional(),
  /** Regular activities (Einstein calls, report sinks) running at once in this worker. */
  EINSTEIN_RETRAIN_MAX_CONCURRENT_ACTIVITIES: int(WORKER_LIMITS.slots.min, WORKER_LIMITS.slots.max).default(WORKER_DEFAULTS.maxConcurrentActivityTaskExecutions),
  /**
   * V8 heap limit of the workflow thread, MiB (src/workflow-heap.ts): bounds the memory the cached workflows and
   * their garbage take. Unset: the default from the cache size; 0: no limit of ours (V8's, which follows
   * --max-old-space-size). node's --max-old-space-size limits the main thread.
   */
  EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB: z
    .string()
    .regex(/^\d{1,15}$/, { error: acceptsOrEmpty(`expected 0 (no limit) or an integer from ${WORKER_LIMITS.workflowHeapMb.min} to ${WORKER_LIMITS.workflowHeapMb.max}`) })
    .transform(Number)
    .refine((v) => v === 0 || (v >= WORKER_LIMITS.workflowHeapMb.min && v <= WORKER_LIMITS.workflowHeapMb.max), {
      error: `expected 0 (no limit) or an integer from ${WORKER_LIMITS.workflowHeapMb.min} to ${WORKER_LIMITS.workflowHeapMb.max}`,
    })
    .optional(),
  /** Local activities running at once in this worker. */
  EINSTEIN_RETRAIN_MAX_CONCURRENT_LOCAL_ACTIVITIES: int(WORKER_LIMITS.slots.min, WORKER_LIMITS.slots.max).default(WORKER_DEFAULTS.maxConcurrentLocalActivityExecutions),
  /** Log level of the worker's structured logs. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], { error: acceptsOrEmpty('expected one of trace, debug, info, warn, error, fatal, silent') }).default('info'),
});

export type EinsteinAuthConfig =
  | { mode: 'jwt'; accountId: string; privateKey: { file?: string; pem?: string }; validForSeconds: number }
  | { mode: 'refresh'; refreshToken: string; validForSeconds: number }
  | { mode: 'static'; accessToken: string };

export interface AppConfig {
  taskQueue: string;
  /** undefined: start the embedded emulator. */
  einstein?: { baseUrl: string; auth: EinsteinAuthConfig };
  maxApiCallsPerSecond: number;
  /** Ceiling of a `Retry-After` wait from Einstein. @default 900 000 (15 min) */
  maxRetryAfterMs?: number;
  metricsPort: number;
  metricsHost: string;
  sinks: SinksConfig;
  logLevel: z.infer<typeof ConfigEnv>['LOG_LEVEL'];
  /** Cache and slot sizes passed to Worker.create (WORKER_DEFAULTS unless overridden). */
  workerSizing?: WorkerSizing;
  /** EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB as set (0: no limit); undefined when unset: the default from the cache. */
  workflowHeapMb?: number;
}

export interface WorkerSizing {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
}

/** Thrown for invalid configuration; each issue names the variable and what it accepts (never its value). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  if (e.EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined && e.EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS > e.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS) {
    // The SDK would silently lower it; a setting that cannot take effect is better refused with the reason.
    throw new ConfigError([
      `EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS: expected at most EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS (${e.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS}); a workflow task needs its workflow in the cache`,
    ]);
  }
  const sinks = SinksConfig.safeParse({
    log: e.EINSTEIN_RETRAIN_LOG_REPORTS,
    jsonlFile: e.EINSTEIN_RETRAIN_JSONL_FILE,
    webhook: webhookConfig(e),
    prometheus: e.EINSTEIN_RETRAIN_METRICS_PORT > 0,
    history: historyConfig(e),
  });
  if (!sinks.success) throw new ConfigError(sinks.error.issues.map((i) => `sinks.${i.path.join('.')}: ${i.message}`));
  return {
    taskQueue: e.EINSTEIN_RETRAIN_TASK_QUEUE,
    einstein: e.EINSTEIN_BASE_URL ? { baseUrl: e.EINSTEIN_BASE_URL, auth: authConfig(e) } : undefined,
    maxApiCallsPerSecond: e.EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND,
    maxRetryAfterMs: e.EINSTEIN_RETRAIN_MAX_RETRY_AFTER_SECONDS * 1000,
    metricsPort: e.EINSTEIN_RETRAIN_METRICS_PORT,
    metricsHost: e.EINSTEIN_RETRAIN_METRICS_HOST,
    sinks: sinks.data,
    logLevel: e.LOG_LEVEL,
    workerSizing: {
      maxCachedWorkflows: e.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions:
        e.EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS ?? Math.min(WORKER_DEFAULTS.maxConcurrentWorkflowTaskExecutions, e.EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS),
      maxConcurrentActivityTaskExecutions: e.EINSTEIN_RETRAIN_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentLocalActivityExecutions: e.EINSTEIN_RETRAIN_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    },
    ...(e.EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB !== undefined ? { workflowHeapMb: e.EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB } : {}),
  };
}

const HistoryEnv = ConfigEnv.pick({ EINSTEIN_RETRAIN_KEEP_HISTORY: true, EINSTEIN_RETRAIN_DATABASE_URL: true, EINSTEIN_RETRAIN_HISTORY_DIR: true });

/** The history store from the environment alone (the API process reads the history the workers write). */
export function historyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HistoryStoreConfig | undefined {
  const parsed = HistoryEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return historyConfig(parsed.data);
}

function historyConfig(e: z.infer<typeof HistoryEnv>): HistoryStoreConfig | undefined {
  if (!e.EINSTEIN_RETRAIN_KEEP_HISTORY) return undefined;
  if (e.EINSTEIN_RETRAIN_DATABASE_URL !== undefined) return { kind: 'postgres', url: e.EINSTEIN_RETRAIN_DATABASE_URL };
  return { kind: 'embedded', dataDir: path.resolve(e.EINSTEIN_RETRAIN_HISTORY_DIR) };
}

function webhookConfig(e: z.infer<typeof ConfigEnv>) {
  if (!e.EINSTEIN_RETRAIN_WEBHOOK_URL && !e.EINSTEIN_RETRAIN_WEBHOOK_SECRET) return undefined;
  if (!e.EINSTEIN_RETRAIN_WEBHOOK_URL || !e.EINSTEIN_RETRAIN_WEBHOOK_SECRET) {
    throw new ConfigError(['EINSTEIN_RETRAIN_WEBHOOK_URL and EINSTEIN_RETRAIN_WEBHOOK_SECRET: set both or neither']);
  }
  return { url: e.EINSTEIN_RETRAIN_WEBHOOK_URL, secret: e.EINSTEIN_RETRAIN_WEBHOOK_SECRET };
}

function authConfig(e: z.infer<typeof ConfigEnv>): EinsteinAuthConfig {
  const validForSeconds = e.EINSTEIN_TOKEN_TTL_SECONDS;
  if (e.EINSTEIN_ACCOUNT_ID && (e.EINSTEIN_PRIVATE_KEY || e.EINSTEIN_PRIVATE_KEY_FILE)) {
    if (e.EINSTEIN_PRIVATE_KEY && e.EINSTEIN_PRIVATE_KEY_FILE) {
      throw new ConfigError(['EINSTEIN_PRIVATE_KEY and EINSTEIN_PRIVATE_KEY_FILE: set one, not both']);
    }
    const privateKey = e.EINSTEIN_PRIVATE_KEY_FILE ? { file: e.EINSTEIN_PRIVATE_KEY_FILE } : { pem: e.EINSTEIN_PRIVATE_KEY };
    return { mode: 'jwt', accountId: e.EINSTEIN_ACCOUNT_ID, privateKey, validForSeconds };
  }
  if (e.EINSTEIN_REFRESH_TOKEN) return { mode: 'refresh', refreshToken: e.EINSTEIN_REFRESH_TOKEN, validForSeconds };
  if (e.EINSTEIN_ACCESS_TOKEN) return { mode: 'static', accessToken: e.EINSTEIN_ACCESS_TOKEN };
  throw new ConfigError([
    'EINSTEIN_BASE_URL is set but no credentials are: set EINSTEIN_ACCOUNT_ID with EINSTEIN_PRIVATE_KEY or ' +
      'EINSTEIN_PRIVATE_KEY_FILE (JWT bearer flow), or EINSTEIN_REFRESH_TOKEN, or EINSTEIN_ACCESS_TOKEN',
  ]);
}
