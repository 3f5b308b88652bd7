// waitForTemporal: a worker started before Temporal (a container stack) retries until the frontend answers for its
// namespace, within a bound; with no time allowed it tries once, as `npm start` always did.
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import pino from 'pino';
import { Writable } from 'node:stream';
import { waitForTemporal } from '../../../src/worker';

type FakeConnection = Pick<NativeConnection, 'workflowService' | 'close'>;

/** A connect() that fails `failures` times (refused, then namespace missing), then answers; it counts what it did. */
function fakeTemporal(failures: number) {
  const seen = { connects: 0, describes: [] as string[], closes: 0 };
  const connect = async (_options: NativeConnectionOptions): Promise<FakeConnection> => {
    seen.connects += 1;
    if (seen.connects <= Math.ceil(failures / 2)) throw new Error('connection refused\nsecond line');
    return {
      workflowService: {
        describeNamespace: async ({ namespace }: { namespace?: string | null }) => {
          seen.describes.push(namespace ?? '');
          if (seen.connects <= failures) throw new Error(`Namespace ${namespace} is not found.`);
          return {};
        },
      } as unknown as NativeConnection['workflowService'],
      close: async () => {
        seen.closes += 1;
      },
    };
  };
  return { seen, connect };
}

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { lines, logger };
}

const connection = { address: 'temporal:7233' };

describe('waitForTemporal', () => {
  it('retries refused connections and a missing namespace until Temporal answers, closing each connection', async () => {
    const { seen, connect } = fakeTemporal(4);
    const { lines, logger } = captureLogs();
    await waitForTemporal({ connection, namespace: 'default', timeoutMs: 10_000, logger, connect, retryDelayMs: 1 });
    expect(seen.connects).toBe(5);
    expect(seen.describes).toEqual(['default', 'default', 'default']);
    expect(seen.closes).toBe(3);
    const waits = lines.filter((l) => l.msg === 'waiting for Temporal');
    expect(waits).toHaveLength(4);
    expect(waits[0]).toMatchObject({ address: 'temporal:7233', namespace: 'default', attempt: 1, reason: 'connection refused' });
    expect(lines.at(-1)).toMatchObject({ msg: 'Temporal is reachable', attempts: 5 });
  });

  it('gives up with the last error once the time is spent', async () => {
    const { seen, connect } = fakeTemporal(1_000);
    const { logger } = captureLogs();
    const started = Date.now();
    await expect(waitForTemporal({ connection, namespace: 'default', timeoutMs: 300, logger, connect, retryDelayMs: 20 })).rejects.toThrow(
      /connection refused|Namespace default is not found/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen.connects).toBeGreaterThan(1);
  });

  it('tries once when no time is allowed', async () => {
    const { seen, connect } = fakeTemporal(2);
    const { lines, logger } = captureLogs();
    await expect(waitForTemporal({ connection, namespace: 'default', timeoutMs: 0, logger, connect })).rejects.toThrow('connection refused');
    expect(seen.connects).toBe(1);
    expect(lines).toEqual([]);
  });

  it('says nothing when Temporal answers at once', async () => {
    const { seen, connect } = fakeTemporal(0);
    const { lines, logger } = captureLogs();
    await waitForTemporal({ connection, namespace: 'retrain', timeoutMs: 1_000, logger, connect });
    expect(seen.describes).toEqual(['retrain']);
    expect(lines).toEqual([]);
  });
});
