// The bounds of a coordinator trigger without zod: trigger.ts builds its zod schemas from them, and the coordinator
// workflow's own check (src/workflows/input-checks.ts) reads them directly.

export const TRIGGER_KINDS = ['feedback', 'request'] as const;
export const TRIGGER_KIND_RULE = "kind must be 'feedback' or 'request'";

export const MAX_NEW_EXAMPLES = 1_000_000_000;
export const NEW_EXAMPLES_RULE = `newExamples must be an integer from 0 to ${MAX_NEW_EXAMPLES}`;

/** Longest workflow id a request's `retryOf` may name. */
export const MAX_RETRY_OF_CHARACTERS = 400;
