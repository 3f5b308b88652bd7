// The HTTP trigger API: start it in any process with `startTriggerApi`, configure it with `triggerApiConfigFromEnv`.
export { TriggerApiConfig, type TriggerApiConfigInput, TRIGGER_API_ENV, parseTriggerApiConfig, triggerApiConfigFromEnv } from './api-config';
export { API_ERROR_CODES, ApiError, type ApiErrorBody, type ApiErrorCode, type FieldIssue } from './errors';
export { type TriggerApi, type TriggerApiOptions, type RouteEntry, buildTriggerApi, registeredRoutes, startTriggerApi } from './server';
export { type TemporalProbe, type TemporalReachability, temporalProbe } from './health';
export { EmptyBody, FeedbackEventBody, RetrainIdParams, RetrainRequestBody, REQUEST_BODY_SCHEMAS } from './requests';
export type { TriggerClient } from './trigger-routes';
