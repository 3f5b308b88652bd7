// The client API: for applications (feedback events, retrain requests), the HTTP trigger API and the CLI.
export { RetrainClient, RETRYABLE_STATUSES, type FeedbackEvent, type RetrainRequest } from './retrain-client';
export { notifyFeedback, requestRetrain, getRetrain } from './shortcuts';
export { FeedbackEventSchema, RetrainRequestSchema, ListFilterSchema } from './schemas';
export {
  RetrainClientError,
  CLIENT_ERROR_KINDS,
  type ClientErrorCode,
  type ClientErrorKind,
  InvalidTriggerError,
  InvalidFilterError,
  RetrainNotFoundError,
  NotRetryableError,
  AlreadyClosedError,
  TemporalUnavailableError,
  ScheduleNotFoundError,
  ScheduleExistsError,
  InvalidScheduleError,
} from './errors';
export { RetrainSchedules, retrainScheduleId, CreateScheduleSchema, type CreateScheduleRequest, type NextScheduledRun, type ScheduleView } from './schedules';
export { connectRetrainClients, DEFAULT_TASK_QUEUE, type ConnectedClients, type ConnectOptions } from './connect';
export { visibilityQuery } from '../temporal/visibility-query';
export type { TimelineEntry } from './timeline';
export type {
  Domain,
  TriggerSource,
  TriggerAck,
  TriggerDisposition,
  RetrainClientOptions,
  RetrainStatus,
  RetrainView,
  RetrainSummary,
  ListFilter,
} from './types';
export type { CoordinatorView, PendingView } from '../workflows/coordinator-view';
export type { CoordinatorSettings, DebounceSettings, SettingsPatch } from '../workflows/coordinator-settings';
