// The real dev server from the pinned binary: starts, registers our search attributes, runs a workflow, stops.
import { Client, Connection } from '@temporalio/client';
import { Worker, NativeConnection } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../../../src/temporal/binaries';
import { startDevServer, type DevServer } from '../../../src/temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../../../src/workflows/search-attributes';

describe('temporal dev server', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs a workflow end to end', async () => {
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'foundation-test',
      workflowsPath: require.resolve('./test-workflows'),
      activities: { echo: async (text: string) => text.toUpperCase() },
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const result = await worker.runUntil(
      client.workflow.execute('greetAfter', { taskQueue: 'foundation-test', workflowId: 'greet-1', args: ['dev', 10] }),
    );
    expect(result).toBe('HELLO DEV');
    await connection.close();
    await nativeConnection.close();
  });

  it('has every project search attribute registered', () => {
    const out = execFileSync(resolveTemporalCli(), [
      'operator', 'search-attribute', 'list', '--address', server.address, '--output', 'json',
    ]).toString();
    for (const sa of SEARCH_ATTRIBUTES) expect(out).toContain(sa.name);
  });

  it('is gone after stop', async () => {
    const other = await startDevServer();
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow();
  });
});
