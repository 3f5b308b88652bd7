// Public types of the Einstein client: the zod-inferred response types and the request/option shapes.
import type { AuthOptions } from './auth';

export type {
  Domain,
  Training,
  TrainingStatus,
  KnownTrainingStatus,
  TrainStats,
  ModelMetrics,
  MetricsData,
  LearningCurveEntry,
  LearningCurvePage,
  Dataset,
  DatasetModel,
  Example,
  Deletion,
  ApiUsage,
  TrainParams,
} from './schemas';

/** Parameters of `POST /v2/{domain}/retrain` (docs/einstein-api.md §2). Validated before sending. */
export interface RetrainParams {
  modelId: string;
  /** Detection (`object-detection-v1`, ...) and text-intent (`intent`, `multilingual-intent`, ...) only. */
  algorithm?: string;
  /** 1–1000. */
  epochs?: number;
  /** 0.0001–0.01. Not used for detection or language models. */
  learningRate?: number;
  trainParams?: {
    /** Share of examples used for training, strictly between 0 and 1. */
    trainSplitRatio?: number;
    withFeedback?: boolean;
    withGlobalDatasetId?: number;
  };
}

/** Parameters of `POST /v2/{domain}/train` (docs/einstein-api.md §3): a new model on a dataset. */
export type TrainRequest = { datasetId: number; name: string } & Omit<RetrainParams, 'modelId'>;

/** Parameters of `POST /v2/{domain}/feedback` (docs/einstein-api.md §6). */
export interface FeedbackParams {
  modelId: string;
  expectedLabel: string;
  /** Unique in the dataset, ≤ 180 characters; Einstein defaults it to the file name. */
  name?: string;
  /** Vision: the misclassified image. */
  data?: { bytes: Uint8Array; filename: string };
  /** Language: the misclassified text. */
  document?: string;
}

export interface PageRequest {
  offset?: number;
  count?: number;
}

/** HTTP timeouts, in milliseconds. */
export interface HttpTimeouts {
  /** TCP/TLS connect. @default 10_000 */
  connectMs?: number;
  /** From sending the request to receiving the response headers. @default 30_000 */
  headersMs?: number;
  /** Maximum gap between two chunks of the response body. @default 30_000 */
  bodyMs?: number;
  /** How long an idle keep-alive connection stays open. @default 30_000 */
  keepAliveMs?: number;
}

/** The subset of a pino logger the client uses. */
export interface ClientLogger {
  warn(details: object, message: string): void;
}

/** One HTTP exchange with Einstein, reported to `onCall` (token requests included). */
export interface ApiCall {
  /** Route with placeholders, e.g. `GET /v2/vision/train/:modelId`, `POST /v2/oauth2/token`. */
  endpoint: string;
  /** HTTP status, absent when no response arrived. */
  httpStatus?: number;
  /** Error code when the exchange failed at the transport level (NETWORK_ERROR, TIMEOUT). */
  failure?: string;
  durationMs: number;
}

export interface EinsteinClientOptions {
  /** e.g. `https://api.einstein.ai` or the emulator's URL; paths `/v2/...` are appended. */
  baseUrl: string;
  auth: AuthOptions;
  timeouts?: HttpTimeouts;
  /** @default 'einstein-retrain' */
  userAgent?: string;
  logger?: ClientLogger;
  /** Longest wait a `Retry-After` may ask for; longer asks are cut to it. @default 15 minutes */
  retryAfterCeilingMs?: number;
  /** Called after every HTTP exchange, so callers can count API calls. Must not throw. */
  onCall?: (call: ApiCall) => void;
}
