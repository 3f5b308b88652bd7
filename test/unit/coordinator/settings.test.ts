// Coordinator settings: defaults, partial changes that keep what they leave out, validation naming the field.
import { applySettingsPatch, defaultSettings } from '../../../src/workflows/coordinator-settings';
import { parseTrigger, TriggerValidationError } from '../../../src/workflows/coordinator-validation';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';

describe('coordinator settings', () => {
  it('has sensible defaults: 5 min quiet, 1 h max delay, 1 example, feedback included', () => {
    expect(defaultSettings()).toEqual({
      debounce: { quietPeriodMs: 300_000, maxDelayMs: 3_600_000, minNewExamples: 1 },
      feedbackParams: { trainParams: { withFeedback: true } },
    });
  });

  it('a change keeps every field it leaves out', () => {
    const once = applySettingsPatch(defaultSettings(), { debounce: { maxDelayMs: 120_000 } });
    const twice = applySettingsPatch(once, { debounce: { quietPeriodMs: 1_000 } });
    expect(twice.debounce).toEqual({ quietPeriodMs: 1_000, maxDelayMs: 120_000, minNewExamples: 1 });
  });

  it('refuses bad values, naming the field', () => {
    expect(() => applySettingsPatch(defaultSettings(), { debounce: { quietPeriodMs: -1 } })).toThrow(/quietPeriodMs/);
    expect(() => applySettingsPatch(defaultSettings(), { debounce: { minNewExamples: 1.5 } })).toThrow(/minNewExamples/);
  });
});

describe('parseTrigger', () => {
  it('accepts a feedback event and a request', () => {
    expect(parseTrigger('vision', MODEL, { kind: 'feedback', eventId: 'e', newExamples: 0 }).kind).toBe('feedback');
    expect(parseTrigger('vision', MODEL, { kind: 'request', requestId: 'r', source: 'api', params: { epochs: 3 } }).kind).toBe('request');
  });

  it('refuses a request whose retrain input would be invalid, naming each field', () => {
    const attempt = () => parseTrigger('language', MODEL, { kind: 'request', requestId: 'r', source: 'api', params: { epochs: 0, learningRate: 0.001 } });
    expect(attempt).toThrow(TriggerValidationError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as TriggerValidationError).issues.join('\n');
      expect(issues).toMatch(/epochs/);
      expect(issues).toMatch(/learningRate/);
    }
  });

  it('refuses malformed triggers with the field named', () => {
    expect(() => parseTrigger('vision', MODEL, { kind: 'feedback', eventId: '', newExamples: -1 })).toThrow(/eventId[\s\S]*newExamples/);
    expect(() => parseTrigger('vision', MODEL, { kind: 'other' })).toThrow(/kind/);
    expect(() => parseTrigger('vision', MODEL, { kind: 'request', requestId: 'r', source: 'nobody' })).toThrow(/source must be one of/);
  });
});
