// Per-model settings of the coordinator: how feedback events are debounced, and the parameters a retrain started by
// feedback alone uses. Kept in the coordinator's state (so they survive continue-as-new) and changed with the
// `configure` update. Every default is visible here.
import { z } from 'zod';
import { RetrainParams, RetrainPolicy } from '../contract/retrain-input';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ms = (field: string, max: number, maxText: string) =>
  z
    .number({ error: `${field} must be a whole number of milliseconds from 0 to ${maxText}` })
    .int({ error: `${field} must be a whole number of milliseconds from 0 to ${maxText}` })
    .min(0, { error: `${field} must be a whole number of milliseconds from 0 to ${maxText}` })
    .max(max, { error: `${field} must be a whole number of milliseconds from 0 to ${maxText}` });

const minNewExamplesField = z
  .number({ error: 'minNewExamples must be an integer from 0 to 1000000' })
  .int({ error: 'minNewExamples must be an integer from 0 to 1000000' })
  .min(0, { error: 'minNewExamples must be an integer from 0 to 1000000' })
  .max(1_000_000, { error: 'minNewExamples must be an integer from 0 to 1000000' });

export const DebounceSettings = z
  .object({
    /** A feedback-triggered retrain waits until no new event arrived for this long. @default 5 minutes */
    quietPeriodMs: ms('quietPeriodMs', 7 * DAY, '7 days').default(5 * MINUTE),
    /** ... but never longer than this after the first event it covers, even if events keep coming. @default 1 hour */
    maxDelayMs: ms('maxDelayMs', 30 * DAY, '30 days').default(HOUR),
    /** Feedback retrains only once the events together report at least this many new examples. @default 1 */
    minNewExamples: minNewExamplesField.default(1),
  })
  .strict();

/** A change of some debounce settings (no defaults here: a field left out keeps its current value). */
const DebouncePatch = z
  .object({
    quietPeriodMs: ms('quietPeriodMs', 7 * DAY, '7 days').optional(),
    maxDelayMs: ms('maxDelayMs', 30 * DAY, '30 days').optional(),
    minNewExamples: minNewExamplesField.optional(),
  })
  .strict();
export type DebounceSettings = z.output<typeof DebounceSettings>;


/** Feedback examples only reach the model when the retrain asks for them (docs/einstein-api.md, "How withFeedback is used"). */
export const DEFAULT_FEEDBACK_PARAMS: RetrainParams = { trainParams: { withFeedback: true } };

export const CoordinatorSettings = z
  .object({
    debounce: DebounceSettings.default(DebounceSettings.parse({})),
    /** Parameters of a retrain that only feedback events asked for. @default { trainParams: { withFeedback: true } } */
    feedbackParams: RetrainParams.default(DEFAULT_FEEDBACK_PARAMS),
    /** Policy of a retrain that only feedback events asked for. @default the retrain's own defaults */
    feedbackPolicy: RetrainPolicy.partial().optional(),
  })
  .strict();
export type CoordinatorSettings = z.output<typeof CoordinatorSettings>;

/** What `configure` accepts: any subset; fields left out keep their current value. */
export const SettingsPatch = z
  .object({
    debounce: DebouncePatch.optional(),
    feedbackParams: RetrainParams.optional(),
    feedbackPolicy: RetrainPolicy.partial().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export function defaultSettings(): CoordinatorSettings {
  return CoordinatorSettings.parse({});
}

export function applySettingsPatch(current: CoordinatorSettings, patch: SettingsPatch): CoordinatorSettings {
  const valid = SettingsPatch.parse(patch);
  return {
    debounce: { ...current.debounce, ...stripUndefined(valid.debounce ?? {}) },
    feedbackParams: valid.feedbackParams ?? current.feedbackParams,
    ...((valid.feedbackPolicy ?? current.feedbackPolicy) && { feedbackPolicy: valid.feedbackPolicy ?? current.feedbackPolicy }),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
