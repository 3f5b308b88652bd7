import { parseRetrainInput, RetrainInputError, retrainParameters } from '../../../src/contract/retrain-input';

const MODEL = '7JXCXTRXTMNLJCEF2DR5CJ46QU';

function issuesOf(raw: unknown): string[] {
  try {
    parseRetrainInput(raw);
  } catch (error) {
    if (error instanceof RetrainInputError) return error.issues;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('parseRetrainInput', () => {
  it('accepts a minimal request and fills the policy defaults', () => {
    const input = parseRetrainInput({ domain: 'vision', modelId: MODEL });
    expect(input.policy.maxBusyWaitMs).toBe(6 * 3600_000);
    expect(input.policy.deadlineMs).toBe(48 * 3600_000);
    expect(input.policy.maxResubmits).toBe(0);
    expect(retrainParameters(input)).toEqual({});
  });

  it('keeps every API parameter for the report and the submission', () => {
    const input = parseRetrainInput({
      domain: 'vision',
      modelId: MODEL,
      epochs: 12,
      learningRate: 0.001,
      algorithm: 'object-detection-v2',
      trainParams: { trainSplitRatio: 0.8, withFeedback: true, withGlobalDatasetId: 42 },
    });
    expect(retrainParameters(input)).toEqual({
      epochs: 12,
      learningRate: 0.001,
      algorithm: 'object-detection-v2',
      trainParams: { trainSplitRatio: 0.8, withFeedback: true, withGlobalDatasetId: 42 },
    });
  });

  it.each([
    [{ domain: 'audio', modelId: MODEL }, /^domain: .*'vision' or 'language'/],
    [{ domain: 'vision', modelId: 'abc' }, /^modelId: .*26 characters of A-Z and 2-7/],
    [{ domain: 'vision', modelId: MODEL, epochs: 0 }, /^epochs: .*1 to 1000/],
    [{ domain: 'vision', modelId: MODEL, epochs: 1001 }, /^epochs: .*1 to 1000/],
    [{ domain: 'vision', modelId: MODEL, epochs: 2.5 }, /^epochs: /],
    [{ domain: 'vision', modelId: MODEL, learningRate: 0.5 }, /^learningRate: .*0.0001 to 0.01/],
    [{ domain: 'language', modelId: MODEL, learningRate: 0.001 }, /^learningRate: .*not used by Einstein Language/],
    [{ domain: 'language', modelId: MODEL, algorithm: 'object-detection' }, /^algorithm: .*intent, multilingual-intent/],
    [{ domain: 'vision', modelId: MODEL, trainParams: { trainSplitRatio: 1 } }, /^trainParams.trainSplitRatio: .*less than 1/],
    [{ domain: 'vision', modelId: MODEL, trainParams: { unknown: true } }, /^trainParams: /],
    [{ domain: 'vision', modelId: MODEL, policy: { maxResubmits: 9 } }, /^policy.maxResubmits: /],
    [{ domain: 'vision', modelId: MODEL, policy: { maxLagShare: 0 } }, /^policy.maxLagShare: .*0.001 to 1/],
    [{ domain: 'vision', modelId: MODEL, policy: { maxLagShare: 2 } }, /^policy.maxLagShare: .*0.001 to 1/],
    // Pairs that pass alone but cannot work together.
    [{ domain: 'vision', modelId: MODEL, policy: { maxPollDelayMs: 2_000 } }, /^policy.maxPollDelayMs: .*at least minPollDelayMs \(5000 ms\)/],
    [{ domain: 'vision', modelId: MODEL, policy: { minPollDelayMs: 20_000, maxPollDelayMs: 10_000 } }, /^policy.maxPollDelayMs: .*at least minPollDelayMs \(20000 ms\)/],
    [{ domain: 'vision', modelId: MODEL, policy: { deadlineMs: 60_000, minPollDelayMs: 60_000 } }, /^policy.minPollDelayMs: .*less than deadlineMs/],
    [{ domain: 'vision', modelId: MODEL, policy: { deadlineMs: 60_000, submitAttemptTimeoutMs: 60_000 } }, /^policy.submitAttemptTimeoutMs: .*less than deadlineMs/],
    [{ domain: 'vision', modelId: MODEL, policy: { deadlineMs: 3_600_000, maxBusyWaitMs: 7_200_000 } }, /^policy.maxBusyWaitMs: .*at most deadlineMs/],
  ])('refuses %j naming the field', (raw, pattern) => {
    expect(issuesOf(raw).some((issue) => pattern.test(issue))).toBe(true);
  });

  it('accepts the poll bounds that caused stalls before (a 60 s ceiling, a 60 s floor)', () => {
    expect(parseRetrainInput({ domain: 'vision', modelId: MODEL, policy: { maxPollDelayMs: 60_000 } }).policy.maxPollDelayMs).toBe(60_000);
    expect(parseRetrainInput({ domain: 'vision', modelId: MODEL, policy: { minPollDelayMs: 60_000 } }).policy.minPollDelayMs).toBe(60_000);
  });

  it('judges policy pairs on the fields given: a short deadline alone is accepted, an explicit longer busy wait is not', () => {
    const short = parseRetrainInput({ domain: 'vision', modelId: MODEL, policy: { deadlineMs: 3_600_000 } });
    expect([short.policy.deadlineMs, short.policy.maxBusyWaitMs]).toEqual([3_600_000, 6 * 3_600_000]);
    expect(issuesOf({ domain: 'vision', modelId: MODEL, policy: { deadlineMs: 3_600_000, maxBusyWaitMs: 7_200_000 } })).toEqual([
      'policy.maxBusyWaitMs: maxBusyWaitMs must be at most deadlineMs (3600000 ms): the deadline ends every wait',
    ]);
  });

  it('reports every bad field at once', () => {
    expect(issuesOf({ domain: 'vision', modelId: 'x', epochs: -1, learningRate: 1 })).toHaveLength(3);
  });
});
