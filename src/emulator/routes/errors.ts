/**
 * Errors the emulator answers with: an HTTP status and the documented `{"message": "..."}` body. Texts marked
 * invented in docs/einstein-api.md §13 are stable here but clients must not depend on them.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const notFound = (message: string) => new ApiError(404, message);

export const INVALID_ACCESS_TOKEN = 'Invalid access token';
export const INVALID_AUTH_SCHEME = 'Invalid authentication scheme';
/** Invented placeholder (docs/einstein-api.md §2). */
export const DATASET_BUSY_MESSAGE = 'The dataset has a model training in progress.';
