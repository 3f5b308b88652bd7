import { ApplicationFailure } from '@temporalio/common';
import { followCarryOf, SUBMIT_RETRY, withSubmitRetry } from '../../../src/activities/submit-and-follow';

const retryable = () => ApplicationFailure.create({ message: 'Einstein answered 503', type: 'ServerError', details: [{ code: 'SERVER_ERROR', apiCalls: 2 }] });

describe('submitAndFollow: the submit keeps its own retry rhythm inside the poll-shaped activity', () => {
  it('a retryable submit failure waits 1 s, doubling, up to 1 min', () => {
    const delays = [1, 2, 3, 6, 7, 10, 19].map((attempt) => (withSubmitRetry(retryable(), attempt) as ApplicationFailure).nextRetryDelay);
    expect(delays).toEqual([1_000, 2_000, 4_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('gives up at the last of its attempts, as the submit activity did, keeping type, code and calls', () => {
    const last = withSubmitRetry(retryable(), SUBMIT_RETRY.maxAttempts) as ApplicationFailure;
    expect(last.nonRetryable).toBe(true);
    expect(last.type).toBe('ServerError');
    expect(last.message).toBe(`Einstein answered 503 (gave up after ${SUBMIT_RETRY.maxAttempts} submit attempts)`);
    expect(last.details).toEqual([{ code: 'SERVER_ERROR', apiCalls: 2 }]);
  });

  it("a server's Retry-After longer than the backoff is kept", () => {
    const asked = ApplicationFailure.create({ message: '429', type: 'RateLimitedError', nextRetryDelay: 45_000 });
    expect((withSubmitRetry(asked, 1) as ApplicationFailure).nextRetryDelay).toBe(45_000);
  });

  it('a permanent failure and a cancellation pass unchanged', () => {
    const permanent = ApplicationFailure.create({ message: 'gone', type: 'ModelNotFoundError', nonRetryable: true });
    expect(withSubmitRetry(permanent, 1)).toBe(permanent);
    const other = new Error('cancelled');
    expect(withSubmitRetry(other, 1)).toBe(other);
  });
});

describe('submitAndFollow: which attempts poll', () => {
  const observation = { status: 'QUEUED', progress: 0, atMs: 1 };

  it('only heartbeat details that record a submission make an attempt a poll attempt', () => {
    const carry = { window: [observation], polls: 0, apiCalls: 2, consecutiveErrors: 0, submission: { kind: 'submitted', atMs: 1 } };
    expect(followCarryOf(carry)).toBe(carry);
    expect(followCarryOf({ ...carry, submission: { kind: 'adopted', atMs: 1 } })).toBeDefined();
  });

  it('anything else (none, a failed submit attempt\'s call count, a foreign shape) is a submit attempt: it reads and adopts before it posts', () => {
    expect(followCarryOf(undefined)).toBeUndefined();
    expect(followCarryOf({ apiCalls: 3 })).toBeUndefined();
    expect(followCarryOf({ window: [observation], submission: { kind: 'busy', atMs: 1 } })).toBeUndefined();
    expect(followCarryOf({ submission: { kind: 'submitted', atMs: 1 } })).toBeUndefined();
  });
});
