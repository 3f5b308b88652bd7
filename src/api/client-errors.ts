// Typed errors of the client API as HTTP answers: the kind of each code comes from the one table,
// CLIENT_ERROR_KINDS in src/client/errors.ts; the CLI reads the same table for its exit codes.
import { CLIENT_ERROR_KINDS, type ClientErrorCode } from '../client';
import { API_ERROR_CODES, ApiError, invalidRequest, type ApiErrorCode, type FieldIssue } from './api-error';

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
