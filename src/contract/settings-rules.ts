// The bounds and defaults of a coordinator's settings without zod: coordinator-settings.ts (in this folder) builds
// its zod schemas from them, and the coordinator workflow (src/workflows/coordinator-settings.ts) reads them directly.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each debounce setting: its upper bound (the lower is 0, whole numbers only), the bound in words, its default. */
export const DEBOUNCE_RULES = {
  /** A feedback-triggered retrain waits until no new event arrived for this long. @default 5 minutes */
  quietPeriodMs: { max: 7 * DAY, default: 5 * MINUTE, rule: 'quietPeriodMs must be a whole number of milliseconds from 0 to 7 days' },
  /** ... but never longer than this after the first event it covers, even if events keep coming. @default 1 hour */
  maxDelayMs: { max: 30 * DAY, default: HOUR, rule: 'maxDelayMs must be a whole number of milliseconds from 0 to 30 days' },
  /** Feedback retrains only once the events together report at least this many new examples. @default 1 */
  minNewExamples: { max: 1_000_000, default: 1, rule: 'minNewExamples must be an integer from 0 to 1000000' },
} as const;
export type DebounceField = keyof typeof DEBOUNCE_RULES;
export const DEBOUNCE_FIELDS = Object.keys(DEBOUNCE_RULES) as DebounceField[];

export function debounceDefaults(): Record<DebounceField, number> {
  return { quietPeriodMs: DEBOUNCE_RULES.quietPeriodMs.default, maxDelayMs: DEBOUNCE_RULES.maxDelayMs.default, minNewExamples: DEBOUNCE_RULES.minNewExamples.default };
}

/** Feedback examples only reach the model when the retrain asks for them (docs/einstein-api.md, "How withFeedback is used"). */
export function defaultFeedbackParams(): { trainParams: { withFeedback: boolean } } {
  return { trainParams: { withFeedback: true } };
}
