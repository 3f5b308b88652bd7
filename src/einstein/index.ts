// Public surface of the Einstein API client.
export { EinsteinClient } from './client';
export { createTokenProvider, loadPrivateKey, DEFAULT_VALID_FOR_SECONDS, TOKEN_PATH } from './auth';
export type { AuthOptions, MintedToken, TokenProvider, TokenProviderDeps, TokenRequester } from './auth';
export * from './errors';
export { withAbortSignal } from './abort-scope';
export { parseRetryAfter } from '../http/retry-after';
export {
  KNOWN_TRAINING_STATUSES,
  isKnownTrainingStatus,
  isTerminalTrainingStatus,
  isTrainingInProgress,
  parseEinsteinTimestamp,
} from './schemas';
export { validateFeedbackParams, validateRetrainParams, validateTrainRequest } from './validation';
export type * from './types';
