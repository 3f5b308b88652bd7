// Exit codes: how each way a run can end maps to a number scripts can branch on.
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { EXIT, exitCodeForEnding } from '../../../src/cli/errors/exit-codes';
import { endingFromFailure, endingFromStatus } from '../../../src/client/run-ending';

const failure = (type: string, details?: Record<string, unknown>) =>
  ApplicationFailure.create({ message: `${type} happened`, type, nonRetryable: true, details: details ? [details] : [] });

describe('exit code of a run ending', () => {
  it.each([
    ['SUCCEEDED', undefined, EXIT.OK],
    ['FAILED', 'TRAINING_FAILED', EXIT.TRAINING_FAILED],
    ['FAILED_WITH_RETRIES', 'TRAINING_FAILED', EXIT.TRAINING_FAILED],
    ['KILLED', 'TRAINING_FAILED', EXIT.TRAINING_FAILED],
    ['REJECTED', 'MODEL_NOT_FOUND', EXIT.INVALID_INPUT],
    ['REJECTED', 'DATASET_DELETED', EXIT.INVALID_INPUT],
    ['REJECTED', 'INVALID_REQUEST', EXIT.INVALID_INPUT],
    ['REJECTED', 'INVALID_INPUT', EXIT.INVALID_INPUT],
    ['REJECTED', 'UNAUTHENTICATED', EXIT.INFRASTRUCTURE],
    ['TIMED_OUT', 'DATASET_BUSY_TIMEOUT', EXIT.INCOMPLETE],
    ['TIMED_OUT', 'DEADLINE_EXCEEDED', EXIT.INCOMPLETE],
    ['CANCELLED', 'CANCELLED', EXIT.INCOMPLETE],
    ['TERMINATED', 'TERMINATED', EXIT.INCOMPLETE],
  ] as const)('%s (%s) → %d', (outcome, code, exitCode) => {
    expect(exitCodeForEnding({ outcome, code })).toBe(exitCode);
  });
});

describe('ending of a closed run, from its failure', () => {
  it('reads outcome and code from the workflow failure details', () => {
    const ending = endingFromFailure(failure('TrainingFailed', { code: 'TRAINING_FAILED', outcome: 'KILLED' }));
    expect(ending).toEqual({ outcome: 'KILLED', code: 'TRAINING_FAILED', message: 'TrainingFailed happened' });
    expect(exitCodeForEnding(ending)).toBe(EXIT.TRAINING_FAILED);
  });

  it('an invalid request (no outcome in details) is REJECTED → exit 2', () => {
    const ending = endingFromFailure(failure('InvalidRetrainInput', { code: 'INVALID_INPUT', issues: ['epochs: ...'] }));
    expect(ending).toMatchObject({ outcome: 'REJECTED', code: 'INVALID_INPUT' });
    expect(exitCodeForEnding(ending)).toBe(EXIT.INVALID_INPUT);
  });

  it('Einstein refusals keep their code', () => {
    expect(endingFromFailure(failure('MODEL_NOT_FOUND', { code: 'MODEL_NOT_FOUND', outcome: 'REJECTED' }))).toMatchObject({ outcome: 'REJECTED', code: 'MODEL_NOT_FOUND' });
  });

  it('an unknown application failure is a failure named by its type', () => {
    expect(endingFromFailure(failure('SomethingOdd'))).toMatchObject({ outcome: 'FAILED', code: 'SomethingOdd' });
  });

  it('cancellation, termination and workflow timeouts end incomplete (exit 4)', () => {
    for (const cause of [new CancelledFailure('cancelled'), new TerminatedFailure('by ops'), new TimeoutFailure('timed out', undefined, TimeoutType.START_TO_CLOSE)]) {
      expect(exitCodeForEnding(endingFromFailure(cause))).toBe(EXIT.INCOMPLETE);
    }
  });

  it('falls back to the workflow status when the failure cannot be read', () => {
    expect(endingFromStatus('COMPLETED')).toMatchObject({ outcome: 'SUCCEEDED' });
    expect(endingFromStatus('TERMINATED')).toMatchObject({ outcome: 'TERMINATED' });
    expect(endingFromStatus('RUNNING')).toBeUndefined();
  });
});
