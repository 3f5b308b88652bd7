// Pieces of the client API that need no server: input validation before any call, the visibility query, and the
// per-coordinator limit on in-flight updates.
import type { Client } from '@temporalio/client';
import { InvalidFilterError, InvalidTriggerError, RetrainClient, visibilityQuery } from '../../../src/client';
import { PerKeyLimit } from '../../../src/client/per-key-limit';

const MODEL = 'NVECSMXTBHBTFUEWNPDFVA6FL4';
// Any call to Temporal would throw: validation must refuse first.
const offline = new RetrainClient({ client: {} as Client, taskQueue: 'q' });

describe('client validation (before any call to Temporal)', () => {
  it('names each bad field of a feedback event', async () => {
    const error = await offline.notifyFeedback({ domain: 'text' as 'vision', modelId: 'abc', eventId: '', newExamples: 1.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTriggerError);
    const issues = (error as InvalidTriggerError).issues.join('\n');
    for (const field of ['domain', 'modelId', 'eventId', 'newExamples']) expect(issues).toMatch(new RegExp(`^${field}: `, 'm'));
    expect((error as InvalidTriggerError).code).toBe('INVALID_TRIGGER');
  });

  it('checks a request with the retrain schema (ranges, domain rules, unknown fields)', async () => {
    const error = await offline
      .requestRetrain({ domain: 'language', modelId: MODEL, params: { epochs: 2000, learningRate: 0.001 } })
      .catch((e: unknown) => e as InvalidTriggerError);
    expect((error as InvalidTriggerError).issues.join('\n')).toMatch(/epochs[\s\S]*learningRate is not used by Einstein Language/);
    await expect(offline.requestRetrain({ domain: 'vision', modelId: MODEL, extra: 1 } as never)).rejects.toBeInstanceOf(InvalidTriggerError);
  });

  it('refuses a bad list filter naming the field', async () => {
    await expect(offline.list({ status: 'SLEEPING' as 'RUNNING' })).rejects.toBeInstanceOf(InvalidFilterError);
    await expect(offline.list({ limit: 0 })).rejects.toThrow(/limit/);
  });
});

describe('visibilityQuery', () => {
  it('always selects retrain runs and adds one clause per filter', () => {
    expect(visibilityQuery({})).toBe("WorkflowType = 'retrainModel'");
    expect(
      visibilityQuery({ modelId: MODEL, domain: 'vision', status: 'CANCELLED', outcome: 'FAILED', source: 'retry', since: new Date('2025-01-31T00:00:00Z') }),
    ).toBe(
      `WorkflowType = 'retrainModel' AND EinsteinModelId = '${MODEL}' AND EinsteinDomain = 'vision' AND ExecutionStatus = 'Canceled' ` +
        "AND EinsteinOutcome = 'FAILED' AND EinsteinTriggerSource = 'retry' AND StartTime >= '2025-01-31T00:00:00.000Z'",
    );
  });
});

describe('PerKeyLimit', () => {
  it('keeps at most `limit` calls in flight per key, in arrival order, and other keys unaffected', async () => {
    const limit = new PerKeyLimit(2);
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const call = (i: number) =>
      limit.run('a', async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
        return i;
      });
    const calls = [0, 1, 2, 3, 4].map(call);
    const other = limit.run('b', async () => 'b');
    await expect(other).resolves.toBe('b');
    while (order.length < 5) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    releases.forEach((release) => release());
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot when a call throws', async () => {
    const limit = new PerKeyLimit(1);
    await expect(limit.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run('k', async () => 'next')).resolves.toBe('next');
  });
});
