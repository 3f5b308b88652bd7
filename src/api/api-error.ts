// Every error the API answers with: an HTTP status, a stable code and a message that says what to fix, sent as
// `{ "error": { "code", "message", "issues"? } }`. Messages never contain secrets, signatures or tokens.

/** Every error code the API answers with (also the `Error.code` enum of the OpenAPI file). */
export const API_ERROR_CODES = [
  'AUTH_REQUIRED',
  'AUTH_SCHEME_DISABLED',
  'INVALID_TOKEN',
  'MALFORMED_SIGNATURE',
  'MALFORMED_TIMESTAMP',
  'STALE_TIMESTAMP',
  'SIGNATURE_MISMATCH',
  'REPLAYED_REQUEST',
  'INVALID_REQUEST',
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'RETRAIN_NOT_FOUND',
  'NOT_RETRYABLE',
  'ALREADY_CLOSED',
  'TEMPORAL_UNAVAILABLE',
  'HISTORY_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** One problem with one field of a request: `field` is a dotted path such as `body.params.epochs`. */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: FieldIssue[] };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues && { issues: this.issues }) } };
  }
}

/** 400 for a request whose fields do not validate; the message lists each field and what it accepts. */
export function invalidRequest(issues: FieldIssue[]): ApiError {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new ApiError(400, 'INVALID_REQUEST', `Invalid request: ${summary}`, issues);
}
