// The workflows' hand-written checks (src/workflows/input-checks.ts) against the contract's zod schemas: for every
// input below, at each bound read from the shared rules and one step past it, the light check accepts exactly what
// zod accepts, so the defence in depth inside the workflow never refuses what the edge let through, nor the reverse.
import { RetrainInput } from '../../../src/contract/retrain-input';
import { CoordinatorTrigger } from '../../../src/contract/trigger';
import { SettingsPatch } from '../../../src/contract/coordinator-settings';
import { EPOCHS, LEARNING_RATE, LANGUAGE_ALGORITHMS, POLICY_BOUNDS, TRIGGER_SOURCES, VISION_ALGORITHMS } from '../../../src/contract/retrain-rules';
import { DEBOUNCE_RULES } from '../../../src/contract/settings-rules';
import { MAX_NEW_EXAMPLES, MAX_RETRY_OF_CHARACTERS } from '../../../src/contract/trigger-rules';
import { MAX_TRIGGER_ID_CHARACTERS } from '../../../src/contract/id-rules';
import { retrainInputIssues, settingsPatchIssues, triggerIssues } from '../../../src/workflows/input-checks';

const MODEL = '7JXCXTRXTMNLJCEF2DR5CJ46QU';
const base = { domain: 'vision', modelId: MODEL };

/** The bound itself and one step beyond it, on both sides, plus a non-integer and a non-number. */
function edges(min: number, max: number, step: number): unknown[] {
  return [min, min - step, max, max + step, (min + max) / 2 + 0.5, '1', null, Number.NaN];
}

const retrainInputs: unknown[] = [
  base,
  { domain: 'language', modelId: MODEL },
  { domain: 'audio', modelId: MODEL },
  { domain: 'vision', modelId: 'nope' },
  { domain: 'vision' },
  'a string',
  { ...base, extra: 1 },
  ...edges(EPOCHS.min, EPOCHS.max, 1).map((epochs) => ({ ...base, epochs })),
  ...edges(LEARNING_RATE.min, LEARNING_RATE.max, 0.00001).map((learningRate) => ({ ...base, learningRate })),
  { domain: 'language', modelId: MODEL, learningRate: 0.001 },
  ...[...VISION_ALGORITHMS, ...LANGUAGE_ALGORITHMS, 'other', 3].flatMap((algorithm) => [
    { ...base, algorithm },
    { domain: 'language', modelId: MODEL, algorithm },
  ]),
  ...[0, 0.5, 1, -1, '0.5'].map((trainSplitRatio) => ({ ...base, trainParams: { trainSplitRatio } })),
  { ...base, trainParams: { withFeedback: 'yes' } },
  { ...base, trainParams: { withGlobalDatasetId: 0 } },
  { ...base, trainParams: { withGlobalDatasetId: 7 } },
  { ...base, trainParams: { other: 1 } },
  ...Object.entries(POLICY_BOUNDS).flatMap(([field, { min, max }]) =>
    edges(min, max, max >= 1000 ? 1 : 0.0001).map((value) => ({ ...base, policy: { [field]: value } })),
  ),
  { ...base, policy: { maxPollDelayMs: 2_000 } },
  { ...base, policy: { maxPollDelayMs: 2_000, minPollDelayMs: 1_000 } },
  { ...base, policy: { deadlineMs: 120_000, maxBusyWaitMs: 180_000 } },
  { ...base, policy: { deadlineMs: 3_600_000 } },
  { ...base, policy: { deadlineMs: 120_000, submitAttemptTimeoutMs: 120_000 } },
  { ...base, policy: { deadlineMs: 120_000, minPollDelayMs: 120_000 } },
  { ...base, policy: { other: 1 } },
  { ...base, policy: { adoptTrainingSince: { status: 'RUNNING', updatedAtMs: 5 } } },
  ...[...TRIGGER_SOURCES, 'nobody'].map((source) => ({ ...base, trigger: { source } })),
  { ...base, trigger: { source: 'feedback', eventIds: ['a', 'b'] } },
  { ...base, trigger: { source: 'feedback', eventIds: Array.from({ length: 101 }, (_, i) => `e${i}`) } },
  { ...base, trigger: { source: 'retry', retryOf: 'retrain-x' } },
];

const id = (length: number) => 'x'.repeat(length);
const triggers: unknown[] = [
  { kind: 'feedback', eventId: 'e', newExamples: 0 },
  { kind: 'feedback', eventId: 'e', newExamples: MAX_NEW_EXAMPLES },
  { kind: 'feedback', eventId: 'e', newExamples: MAX_NEW_EXAMPLES + 1 },
  { kind: 'feedback', eventId: 'e', newExamples: -1 },
  { kind: 'feedback', eventId: 'e', newExamples: 1.5 },
  { kind: 'feedback', eventId: '', newExamples: 1 },
  { kind: 'feedback', eventId: id(MAX_TRIGGER_ID_CHARACTERS), newExamples: 1 },
  { kind: 'feedback', eventId: id(MAX_TRIGGER_ID_CHARACTERS + 1), newExamples: 1 },
  { kind: 'feedback', eventId: 'a\u0007b', newExamples: 1 },
  { kind: 'feedback', eventId: 'e', newExamples: 1, occurredAt: '2024-05-01T10:00:00Z' },
  { kind: 'feedback', eventId: 'e', newExamples: 1, other: true },
  { kind: 'request', requestId: 'r', source: 'api' },
  { kind: 'request', requestId: 'r', source: 'nobody' },
  { kind: 'request', requestId: '', source: 'api' },
  { kind: 'request', requestId: 'r', source: 'api', params: { epochs: 3 }, policy: { deadlineMs: 3_600_000 } },
  { kind: 'request', requestId: 'r', source: 'api', params: { other: 3 } },
  { kind: 'request', requestId: 'r', source: 'api', params: { epochs: 'many' } },
  { kind: 'request', requestId: 'r', source: 'api', policy: { deadlineMs: 'soon' } },
  { kind: 'request', requestId: 'r', source: 'api', retryOf: id(MAX_RETRY_OF_CHARACTERS) },
  { kind: 'request', requestId: 'r', source: 'api', retryOf: id(MAX_RETRY_OF_CHARACTERS + 1) },
  { kind: 'other' },
  {},
  42,
];

const patches: unknown[] = [
  {},
  ...Object.entries(DEBOUNCE_RULES).flatMap(([field, { max }]) => edges(0, max, 1).map((value) => ({ debounce: { [field]: value } }))),
  { debounce: { other: 1 } },
  { feedbackParams: { trainParams: { withFeedback: true } } },
  { feedbackParams: { algorithm: 3 } },
  { feedbackParams: { epochs: 0 } },
  { feedbackParams: { epochs: '3' } },
  { feedbackParams: { trainParams: { withFeedback: 1 } } },
  { feedbackPolicy: { deadlineMs: 3_600_000 } },
  { feedbackPolicy: { deadlineMs: 1 } },
  { other: 1 },
  'x',
];

describe('the workflows’ hand-written checks agree with the contract’s zod schemas', () => {
  it.each(retrainInputs.map((input) => [JSON.stringify(input)?.slice(0, 120), input]))('retrain input %s', (_, input) => {
    expect(retrainInputIssues(input).length === 0).toBe(RetrainInput.safeParse(input).success);
  });

  it.each(triggers.map((trigger) => [JSON.stringify(trigger)?.slice(0, 120), trigger]))('trigger %s', (_, trigger) => {
    expect(triggerIssues(trigger).length === 0).toBe(CoordinatorTrigger.safeParse(trigger).success);
  });

  it.each(patches.map((patch) => [JSON.stringify(patch)?.slice(0, 120), patch]))('settings patch %s', (_, patch) => {
    expect(settingsPatchIssues(patch).length === 0).toBe(SettingsPatch.safeParse(patch).success);
  });

  it('names the field and its allowed values', () => {
    expect(retrainInputIssues({ ...base, epochs: 0 })).toEqual([`epochs: epochs must be an integer from ${EPOCHS.min} to ${EPOCHS.max}`]);
    expect(triggerIssues({ kind: 'request', requestId: 'r', source: 'nobody' })).toEqual([`source: source must be one of: ${TRIGGER_SOURCES.join(', ')}`]);
  });
});
