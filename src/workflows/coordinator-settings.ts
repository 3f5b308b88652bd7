// Per-model settings of the coordinator: how feedback events are debounced, and the parameters a retrain started by
// feedback alone uses. Kept in the coordinator's state (so they survive continue-as-new) and changed with the
// `configure` update. The defaults and bounds are in src/contract/settings-rules.ts; the zod schemas the edges parse
// with are in src/contract/coordinator-settings.ts. No zod here: this module is instantiated per cached workflow.
import type { CoordinatorSettings, DebounceSettings, SettingsPatch } from '../contract/coordinator-settings';
import { debounceDefaults, defaultFeedbackParams } from '../contract/settings-rules';
import { settingsPatchIssues } from './input-checks';

export type { CoordinatorSettings, DebounceSettings, SettingsPatch };

export function defaultSettings(): CoordinatorSettings {
  return { debounce: debounceDefaults(), feedbackParams: defaultFeedbackParams() };
}

/** Applies a patch (checked again here: the coordinator's start input carries one that no validator has seen). */
export function applySettingsPatch(current: CoordinatorSettings, patch: SettingsPatch): CoordinatorSettings {
  const issues = settingsPatchIssues(patch);
  if (issues.length > 0) throw new Error(`Invalid coordinator settings: ${issues.join('; ')}`);
  return {
    debounce: { ...current.debounce, ...stripUndefined(patch.debounce ?? {}) },
    feedbackParams: patch.feedbackParams ?? current.feedbackParams,
    ...((patch.feedbackPolicy ?? current.feedbackPolicy) && { feedbackPolicy: patch.feedbackPolicy ?? current.feedbackPolicy }),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
