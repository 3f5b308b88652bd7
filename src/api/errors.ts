// The API's error answers: one JSON shape with a documented code (API_ERROR_CODES, listed in the OpenAPI file), and
// how the client API's typed errors become them (their kinds come from CLIENT_ERROR_KINDS in src/client/errors.ts).
import { CLIENT_ERROR_KINDS, type ClientErrorCode } from '../client';

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

// Typed errors of the client API as HTTP answers: the kind of each code comes from the one table,
// CLIENT_ERROR_KINDS in src/client/errors.ts; the CLI reads the same table for its exit codes.
/** Seconds a caller should wait before retrying when Temporal cannot be reached. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** What a caller can do, per kind, when the client's message is missing. */
const FALLBACK_MESSAGES: Record<Exclude<(typeof CLIENT_ERROR_KINDS)[ClientErrorCode], 'invalid' | 'unavailable'>, string> = {
  'not-found': 'No retrain or schedule has this id: list runs with `einstein-retrain list`',
  conflict: 'The retrain or schedule is not in a state that allows this',
};

/** The HTTP answer for an error thrown by the client API; undefined when it is not one of its typed errors. */
export function apiErrorFromClient(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !(code in CLIENT_ERROR_KINDS)) return undefined;
  const text = typeof message === 'string' && message.length > 0 ? message : undefined;
  const kind = CLIENT_ERROR_KINDS[code as ClientErrorCode];
  // The API answers with its own documented codes (the OpenAPI enum); a client code it does not list (schedules are
  // not served here) is named by its kind's generic code.
  const apiCode = (API_ERROR_CODES as readonly string[]).includes(code) ? (code as ApiErrorCode) : undefined;
  switch (kind) {
    case 'invalid':
      return invalidRequest(triggerIssues(error, text));
    case 'not-found':
      return new ApiError(404, apiCode ?? 'NOT_FOUND', text ?? FALLBACK_MESSAGES[kind]);
    case 'conflict':
      return new ApiError(409, apiCode ?? 'INVALID_REQUEST', text ?? FALLBACK_MESSAGES[kind]);
    case 'unavailable':
      return new ApiError(
        503,
        'TEMPORAL_UNAVAILABLE',
        `Temporal cannot be reached right now: retry after ${TEMPORAL_RETRY_AFTER_SECONDS} s`,
        undefined,
        { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) },
      );
  }
}

/** The client names bad fields either as "field: message" strings or as zod issues ({ path, message }). */
function triggerIssues(error: object, message: string | undefined): FieldIssue[] {
  const issues = (error as { issues?: unknown }).issues;
  const listed = Array.isArray(issues) ? issues.map(asFieldIssue).filter((i): i is FieldIssue => i !== undefined) : [];
  return listed.length > 0 ? listed : [{ field: 'body', message: message ?? 'the trigger was refused as invalid' }];
}

function asFieldIssue(issue: unknown): FieldIssue | undefined {
  if (typeof issue === 'string') {
    const split = issue.indexOf(': ');
    return split > 0 ? { field: `body.${issue.slice(0, split)}`, message: issue.slice(split + 2) } : { field: 'body', message: issue };
  }
  if (typeof issue === 'object' && issue !== null && typeof (issue as { message?: unknown }).message === 'string') {
    const path = (issue as { path?: unknown }).path;
    const field = Array.isArray(path) && path.length > 0 ? `body.${path.map(String).join('.')}` : 'body';
    return { field, message: (issue as { message: string }).message };
  }
  return undefined;
}
