// Checks a trigger before the coordinator accepts it: the message shape, and for a request the whole retrain input it
// would start, so a bad parameter is refused at once (naming the field) instead of failing a run later. Hand-written
// checks (input-checks.ts), not zod: see there why.
import type { Domain } from '../contract/ids';
import type { CoordinatorTrigger } from '../contract/trigger';
import type { SettingsPatch } from './coordinator-settings';
import { retrainInputIssues, settingsPatchIssues, triggerIssues } from './input-checks';

/** Thrown when a trigger is malformed; `issues` name each field. */
export class TriggerValidationError extends Error {
  override readonly name = 'TriggerValidationError';
  constructor(readonly issues: string[]) {
    super(`Invalid trigger: ${issues.join('; ')}`);
  }
}

export function parseTrigger(domain: Domain, modelId: string, raw: unknown): CoordinatorTrigger {
  const shape = triggerIssues(raw);
  if (shape.length > 0) throw new TriggerValidationError(shape);
  const trigger = raw as CoordinatorTrigger;
  if (trigger.kind === 'request') {
    const issues = retrainInputIssues({
      domain,
      modelId,
      ...trigger.params,
      ...(trigger.policy !== undefined && { policy: trigger.policy }),
      trigger: { source: trigger.source, ...(trigger.retryOf !== undefined && { retryOf: trigger.retryOf }) },
    });
    if (issues.length > 0) throw new TriggerValidationError(issues);
  }
  return trigger;
}

/** Checks a settings patch; a bad one is refused with plain `field: message` issues. */
export function parseSettingsPatch(raw: unknown): SettingsPatch {
  const issues = settingsPatchIssues(raw);
  if (issues.length > 0) throw new TriggerValidationError(issues);
  return raw as SettingsPatch;
}
