// Checks a trigger before the coordinator accepts it: the message shape, and for a request the whole retrain input it
// would start, so a bad parameter is refused at once (naming the field) instead of failing a run later.
import type { Domain } from '../contract/ids';
import { CoordinatorTrigger } from '../contract/trigger';
import { SettingsPatch } from './coordinator-settings';
import { parseRetrainInput, RetrainInputError } from '../contract/retrain-input';

/** Thrown when a trigger is malformed; `issues` name each field. */
export class TriggerValidationError extends Error {
  override readonly name = 'TriggerValidationError';
  constructor(readonly issues: string[]) {
    super(`Invalid trigger: ${issues.join('; ')}`);
  }
}

export function parseTrigger(domain: Domain, modelId: string, raw: unknown): CoordinatorTrigger {
  const parsed = CoordinatorTrigger.safeParse(raw);
  if (!parsed.success) {
    throw new TriggerValidationError(parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(trigger)'}: ${issue.message}`));
  }
  const trigger = parsed.data;
  if (trigger.kind === 'request') {
    try {
      parseRetrainInput({ domain, modelId, ...trigger.params, policy: trigger.policy, trigger: { source: trigger.source, retryOf: trigger.retryOf } });
    } catch (error) {
      if (error instanceof RetrainInputError) throw new TriggerValidationError(error.issues);
      throw error;
    }
  }
  return trigger;
}

/** Checks a settings patch; a bad one is refused with plain `field: message` issues, never raw zod output. */
export function parseSettingsPatch(raw: unknown): SettingsPatch {
  const parsed = SettingsPatch.safeParse(raw);
  if (!parsed.success) {
    throw new TriggerValidationError(parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(settings)'}: ${issue.message}`));
  }
  return parsed.data;
}
