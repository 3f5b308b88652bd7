// The zod schemas of a coordinator's per-model settings (how feedback events are debounced, and the parameters a
// retrain started by feedback alone uses), for the edges: the client and the CLI. Bounds and defaults come from
// settings-rules.ts, which the coordinator workflow reads without zod.
import { z } from 'zod';
import { RetrainParams, RetrainPolicyPatch } from './retrain-input';
import { debounceDefaults, defaultFeedbackParams, DEBOUNCE_RULES, type DebounceField } from './settings-rules';

const debounceNumber = (field: DebounceField) => {
  const { max, rule } = DEBOUNCE_RULES[field];
  return z.number({ error: rule }).int({ error: rule }).min(0, { error: rule }).max(max, { error: rule });
};

export const DebounceSettings = z
  .object({
    quietPeriodMs: debounceNumber('quietPeriodMs').default(DEBOUNCE_RULES.quietPeriodMs.default),
    maxDelayMs: debounceNumber('maxDelayMs').default(DEBOUNCE_RULES.maxDelayMs.default),
    minNewExamples: debounceNumber('minNewExamples').default(DEBOUNCE_RULES.minNewExamples.default),
  })
  .strict();
export type DebounceSettings = z.output<typeof DebounceSettings>;

/** A change of some debounce settings (no defaults here: a field left out keeps its current value). */
const DebouncePatch = z
  .object({
    quietPeriodMs: debounceNumber('quietPeriodMs').optional(),
    maxDelayMs: debounceNumber('maxDelayMs').optional(),
    minNewExamples: debounceNumber('minNewExamples').optional(),
  })
  .strict();

export const CoordinatorSettings = z
  .object({
    debounce: DebounceSettings.default(debounceDefaults()),
    /** Parameters of a retrain that only feedback events asked for. @default { trainParams: { withFeedback: true } } */
    feedbackParams: RetrainParams.default(defaultFeedbackParams()),
    /** Policy of a retrain that only feedback events asked for. @default the retrain's own defaults */
    feedbackPolicy: RetrainPolicyPatch.optional(),
  })
  .strict();
export type CoordinatorSettings = z.output<typeof CoordinatorSettings>;

/** What `configure` accepts: any subset; fields left out keep their current value. */
export const SettingsPatch = z
  .object({
    debounce: DebouncePatch.optional(),
    feedbackParams: RetrainParams.optional(),
    feedbackPolicy: RetrainPolicyPatch.optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;
