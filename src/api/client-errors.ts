// Typed errors of the client API (src/client/errors.ts), matched by their stable `code`, as HTTP answers.
import { ApiError, invalidRequest, type FieldIssue } from './api-error';

/** Seconds a caller should wait before retrying when Temporal cannot be reached. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** The HTTP answer for an error thrown by the client API; undefined when it is not one of its typed errors. */
export function apiErrorFromClient(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message.length > 0 ? message : undefined;
  switch (code) {
    case 'INVALID_TRIGGER':
      return invalidRequest(triggerIssues(error, text));
    case 'RETRAIN_NOT_FOUND':
      return new ApiError(404, 'RETRAIN_NOT_FOUND', text ?? 'No retrain has this workflow id: list runs with `einstein-retrain list`');
    case 'NOT_RETRYABLE':
      return new ApiError(409, 'NOT_RETRYABLE', text ?? 'Only a failed, cancelled or timed-out retrain can be retried');
    case 'ALREADY_CLOSED':
      return new ApiError(409, 'ALREADY_CLOSED', text ?? 'This retrain has already finished: there is nothing to cancel');
    case 'TEMPORAL_UNAVAILABLE':
      return new ApiError(
        503,
        'TEMPORAL_UNAVAILABLE',
        `Temporal cannot be reached right now: retry after ${TEMPORAL_RETRY_AFTER_SECONDS} s`,
        undefined,
        { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) },
      );
    default:
      return undefined;
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
