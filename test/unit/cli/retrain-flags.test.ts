// `retrain` flags: mapping to the workflow input, and validation messages that name the flag the user typed —
// checked through the real commander program, before anything contacts Temporal.
import { run } from '../../../src/cli/main';
import { retrainInputFromFlags, validateRetrainFlags } from '../../../src/cli/flags/retrain-flags';
import { CliError } from '../../../src/cli/errors/cli-error';
import { EXIT } from '../../../src/cli/errors/exit-codes';
import { argv, recordingContext } from './fake-context';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';

describe('retrain flags → RetrainInput', () => {
  it('maps every API parameter and policy flag to its field, with the cli trigger', () => {
    const input = retrainInputFromFlags(MODEL, {
      domain: 'vision',
      epochs: 5,
      learningRate: 0.001,
      algorithm: 'object-detection',
      trainSplitRatio: 0.8,
      withFeedback: true,
      withGlobalDatasetId: 7,
      maxBusyWait: 1_800_000,
      deadline: 21_600_000,
      maxResubmits: 1,
    });
    expect(input).toEqual({
      domain: 'vision',
      modelId: MODEL,
      epochs: 5,
      learningRate: 0.001,
      algorithm: 'object-detection',
      trainParams: { trainSplitRatio: 0.8, withFeedback: true, withGlobalDatasetId: 7 },
      policy: { maxBusyWaitMs: 1_800_000, deadlineMs: 21_600_000, maxResubmits: 1 },
      trigger: { source: 'cli' },
    });
  });

  it('leaves out what the user did not set, so the workflow applies its defaults', () => {
    expect(retrainInputFromFlags(MODEL, { domain: 'language' })).toEqual({ domain: 'language', modelId: MODEL, trigger: { source: 'cli' } });
  });

  it('names the flags and shows policy bounds as durations', () => {
    let caught: unknown;
    try {
      validateRetrainFlags('short', { domain: 'vision', epochs: 0, deadline: 90 * 86_400_000, maxResubmits: 9, trainSplitRatio: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    const error = caught as CliError;
    expect(error.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        '<modelId>: must be 26 characters of A-Z and 2-7 (got "short")',
        '--epochs: must be an integer from 1 to 1000 (got 0)',
        '--deadline: must be from 1m to 30d (got 90d)',
        expect.stringMatching(/^--max-resubmits: .*5.* \(got 9\)$/),
        '--train-split-ratio: must be greater than 0 and less than 1 (got 1)',
      ]),
    );
  });
});

describe('retrain command validation (no Temporal contacted)', () => {
  it.each([
    [['--epochs', '2000'], '--epochs: must be an integer from 1 to 1000 (got 2000)'],
    [['--learning-rate', '0.5'], '--learning-rate: must be from 0.0001 to 0.01 (got 0.5)'],
    [['--domain', 'language', '--learning-rate', '0.001'], '--learning-rate: learningRate is not used by Einstein Language models'],
    [['--algorithm', 'intent'], '--algorithm: algorithm for vision must be one of: object-detection'],
    [['--max-busy-wait', '8d'], '--max-busy-wait: must be from 0s to 7d (got 8d)'],
  ])('%p → exit 2 naming the flag', async (flags, message) => {
    const context = recordingContext();
    const code = await run(argv('retrain', MODEL, ...flags), context);
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText()).toContain(message);
    expect(context.connectCalls).toBe(0);
    expect(context.stdoutText()).toBe('');
  });

  it.each([
    [['--domain', 'image'], "option '--domain <domain>' argument 'image' is invalid. Allowed choices are vision, language."],
    [['--epochs', 'ten'], '--epochs: must be a whole number in decimal digits, such as 5 (got "ten")'],
    [['--deadline', '48'], '--deadline: must be a duration such as 90s, 30m, 6h, 1h30m, 2d (got "48")'],
    [['--no-such-flag'], "unknown option '--no-such-flag'"],
  ])('a value the flag does not accept %p → exit 2 naming the flag', async (flags, message) => {
    const context = recordingContext();
    const code = await run(argv('retrain', MODEL, ...flags), context);
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText()).toContain(message);
    expect(context.connectCalls).toBe(0);
  });

  it('one bad flag is one line on stderr', async () => {
    const context = recordingContext();
    expect(await run(argv('retrain', MODEL, '--epochs', '0'), context)).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText()).toBe('error: --epochs: must be an integer from 1 to 1000 (got 0)\n');
  });

  it('several bad flags are listed under one title', async () => {
    const context = recordingContext();
    expect(await run(argv('retrain', MODEL, '--epochs', '0', '--max-resubmits', '9'), context)).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText().split('\n')).toEqual([
      'error: Invalid retrain request',
      '  --epochs: must be an integer from 1 to 1000 (got 0)',
      expect.stringMatching(/^ {2}--max-resubmits: .* \(got 9\)$/),
      '',
    ]);
  });

  it('with --json: one error object on stdout, the issues in it', async () => {
    const context = recordingContext();
    const code = await run(argv('retrain', MODEL, '--epochs', '0', '--json'), context);
    expect(code).toBe(EXIT.INVALID_INPUT);
    const lines = context.stdoutText().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'error',
      exitCode: 2,
      code: 'INVALID_INPUT',
      message: '--epochs: must be an integer from 1 to 1000 (got 0)',
      issues: ['--epochs: must be an integer from 1 to 1000 (got 0)'],
    });
  });

  it('a commander error with --json is also one JSON line on stdout', async () => {
    const context = recordingContext();
    expect(await run(argv('retrain', MODEL, '--domain', 'x', '--json'), context)).toBe(EXIT.INVALID_INPUT);
    const parsed = JSON.parse(context.stdoutText());
    expect(parsed).toMatchObject({ type: 'error', exitCode: 2, code: 'INVALID_INPUT' });
    expect(parsed.message).toContain('--domain');
  });

  it('an invalid task queue variable is a configuration error (exit 3), still before connecting', async () => {
    const context = recordingContext({ env: { EINSTEIN_RETRAIN_TASK_QUEUE: '' } });
    expect(await run(argv('retrain', MODEL), context)).toBe(EXIT.INFRASTRUCTURE);
    expect(context.stderrText()).toContain('EINSTEIN_RETRAIN_TASK_QUEUE');
    expect(context.connectCalls).toBe(0);
  });
});
