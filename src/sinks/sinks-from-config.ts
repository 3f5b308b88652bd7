// Which sinks receive the report, from one validated configuration object (docs/ARCHITECTURE.md).
import { register as defaultRegistry, type Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { HistoryStoreConfig, type ReportStoreHolder } from '../history';
import { createHistorySink } from './history-sink';
import { createJsonlSink } from './jsonl-sink';
import { createLogSink, type ReportLogger } from './log-sink';
import { createPrometheusSink } from './prometheus-sink';
import type { Sink } from './sink';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, createWebhookSink } from './webhook-sink';

/** Shortest accepted webhook secret: 16 characters, about 96 bits when random. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export const WebhookSinkConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an absolute http:// or https:// URL' }),
  secret: z
    .string({ error: 'expected a string' })
    .min(MIN_WEBHOOK_SECRET_LENGTH, { error: `expected at least ${MIN_WEBHOOK_SECRET_LENGTH} characters` }),
  /** @default 10000 */
  timeoutMs: z
    .number({ error: 'expected a number of milliseconds' })
    .int({ error: 'expected a whole number of milliseconds' })
    .min(100, { error: 'expected 100 to 300000 milliseconds' })
    .max(300_000, { error: 'expected 100 to 300000 milliseconds' })
    .default(DEFAULT_WEBHOOK_TIMEOUT_MS),
});

export const SinksConfig = z
  .strictObject({
    /** One structured log line per report. @default true */
    log: z.boolean({ error: 'expected true or false' }).default(true),
    /** Append each report as one JSON line to this file. @default off */
    jsonlFile: z
      .string({ error: 'expected a file path' })
      .min(1, { error: 'expected a non-empty file path' })
      .optional(),
    /** POST each report, signed, to this receiver. @default off */
    webhook: WebhookSinkConfig.optional(),
    /** Retrain counts and durations on the worker's metrics registry. @default false */
    prometheus: z.boolean({ error: 'expected true or false' }).default(false),
    /** Keep every report in the history database (embedded or PostgreSQL). @default off */
    history: HistoryStoreConfig.optional(),
  })
  .refine(
    (config) =>
      config.log || config.jsonlFile !== undefined || config.webhook !== undefined || config.prometheus || config.history !== undefined,
    { error: 'enable at least one sink (log, jsonlFile, webhook, prometheus or history): a report must go somewhere' },
  );
export type SinksConfig = z.infer<typeof SinksConfig>;
export type SinksConfigInput = z.input<typeof SinksConfig>;

/** Thrown for an invalid sinks configuration; each issue names its field. Values (secrets) are never quoted. */
export class SinkConfigError extends Error {
  override readonly name = 'SinkConfigError';
  readonly code = 'SINK_CONFIG_INVALID';
  constructor(readonly issues: string[]) {
    super(`Invalid sinks configuration: ${issues.join('; ')}`);
  }
}

/** Validates the configuration; `path` prefixes field names in messages (e.g. `sinks.webhook.url`). */
export function parseSinksConfig(input: unknown, path = 'sinks'): SinksConfig {
  const parsed = SinksConfig.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new SinkConfigError(
    parsed.error.issues.map((issue) => `${[path, ...issue.path.map(String)].join('.')}: ${issue.message}`),
  );
}

export interface SinkDependencies {
  /** For the log sink. @default a pino logger on stdout */
  logger?: ReportLogger;
  /** For the Prometheus sink: the worker's registry. @default prom-client's global registry */
  registry?: Registry;
  /** For the webhook sink (agent, proxy). @default undici's global dispatcher */
  dispatcher?: Dispatcher;
  /** For the history sink: the process's shared store (the API reads it too). @default one of its own */
  historyStore?: ReportStoreHolder;
}

/** The configured sinks, local ones first: log, jsonl, webhook, prometheus, history. */
export function sinksFromConfig(input: unknown, deps: SinkDependencies = {}): Sink[] {
  const config = parseSinksConfig(input);
  const sinks: Sink[] = [];
  if (config.log) sinks.push(createLogSink(deps.logger));
  if (config.jsonlFile !== undefined) sinks.push(createJsonlSink({ filePath: config.jsonlFile }));
  if (config.webhook !== undefined) {
    const { url, secret, timeoutMs } = config.webhook;
    const dispatcher = deps.dispatcher !== undefined ? { dispatcher: deps.dispatcher } : {};
    sinks.push(createWebhookSink({ url, secret, timeoutMs, ...dispatcher }));
  }
  if (config.prometheus) sinks.push(createPrometheusSink(deps.registry ?? defaultRegistry));
  if (config.history !== undefined) sinks.push(createHistorySink(config.history, deps.historyStore));
  return sinks;
}
