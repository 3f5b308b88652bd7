// The time-skipping test server from the pinned binary: a one-week timer completes in moments.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { resolveTestServer } from '../../../src/temporal/binaries';

describe('temporal time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkipping();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a week-long timer', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time-skipping-test',
      workflowsPath: require.resolve('./test-workflows'),
      activities: { echo: async (text: string) => `${text}!` },
    });
    const weekMs = 7 * 24 * 3600 * 1000;
    const before = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute('greetAfter', {
        taskQueue: 'time-skipping-test',
        workflowId: 'skip-1',
        args: ['week', weekMs],
      }),
    );
    const after = await env.currentTimeMs();
    expect(result).toBe('hello week!');
    // The server's clock moved a whole week while the test ran for seconds.
    expect(after - before).toBeGreaterThanOrEqual(weekMs);
  });
});

/**
 * The SDK gives the test server 5 s to accept connections, a wait no setting changes; on a loaded machine its start
 * (a native binary loading its image) can take longer. A start that timed out is tried again on a fresh port, up to
 * three times; what is tested is the server once it runs, not its start time.
 */
async function startTimeSkipping(attempts = 3): Promise<TestWorkflowEnvironment> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: resolveTestServer() } },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/did not start within/.test(message)) throw error;
      failures.push(`attempt ${attempt}: ${message}`);
    }
  }
  throw new Error(`the time-skipping test server did not start in ${attempts} attempts:\n${failures.join('\n')}`);
}
