// Sinks deliver the final retrain report: log line, JSON-lines file, signed webhook, Prometheus counters and histograms.
export { type Sink, type SinkContext, type SinkResult, asSinkError, emitToSinks, warmUpSinks, withinTime } from './sink';
export {
  SinkError,
  type SinkErrorCode,
  type SinkErrorDetails,
  SinkPermanentError,
  SinkTransientError,
  isSinkError,
} from './sink-errors';
export { LOG_SINK_EVENT, type ReportLogger, createLogSink } from './log-sink';
export { type JsonlSinkOptions, createJsonlSink } from './jsonl-sink';
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  IDEMPOTENCY_KEY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type VerifyOptions,
  type WebhookSinkOptions,
  type WebhookVerification,
  createWebhookSink,
  signWebhookBody,
  verifyWebhookSignature,
} from './webhook-sink';
export { createHistorySink } from './history-sink';
export { createPrometheusSink } from './prometheus-sink';
export {
  MIN_WEBHOOK_SECRET_LENGTH,
  SinkConfigError,
  type SinkDependencies,
  SinksConfig,
  type SinksConfigInput,
  WebhookSinkConfig,
  parseSinksConfig,
  sinksFromConfig,
} from './sinks-from-config';
