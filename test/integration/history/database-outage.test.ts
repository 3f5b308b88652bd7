// A database that is down never fails or loses a report: the history sink's delivery is retried durably by
// Temporal, and once the server is back the report is written exactly once. Runs the product's worker on a real
// Temporal dev server against a real PostgreSQL server that the test kills and starts again.
import { Client } from 'pg';
import { createHistorySink } from '../../../src/sinks';
import { SinkTransientError } from '../../../src/sinks';
import type { DeliveryResult } from '../../../src/workflows/deliver-report';
import { POSTGRESQL, type PostgresServer, envWithPostgres, startPostgresServer } from '../../helpers/postgres-server';
import { describeWhen } from '../../helpers/system-tool';
import { eventually, startTestStack, type TestStack } from '../retrain/stack';
import { everythingIn, sampleSuccessReport } from '../../unit/sinks/sample-reports';

jest.setTimeout(240_000);

async function rowsOf(url: string, reportId: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query('select count(*)::int as n from retrain_reports where report_id = $1', [reportId]);
    return Number(result.rows[0].n);
  } finally {
    await client.end();
  }
}

describe('history sink against a server that is not there', () => {
  it('fails as transient, so it is retried, and names no password', async () => {
    const sink = createHistorySink({ kind: 'postgres', url: 'postgres://retrain:pw-never-shown-77@127.0.0.1:1/history' });
    const report = sampleSuccessReport();
    const emitted = sink.emit(report, { idempotencyKey: report.reportId });
    await expect(emitted).rejects.toBeInstanceOf(SinkTransientError);
    const error = await emitted.catch((e: unknown) => e);
    expect((error as Error).message).toContain('PostgreSQL at 127.0.0.1:1/history');
    expect(everythingIn(error)).not.toContain('pw-never-shown-77');
    await sink.close?.();
  });
});

describeWhen(
  POSTGRESQL,
  'report delivery through a database outage',
  () => {
    let server: PostgresServer;
    let url: string;
    let t: TestStack;
    beforeAll(async () => {
      server = await startPostgresServer();
      url = await server.createDatabase('history_outage');
      t = await startTestStack({ sinks: { log: false, history: { kind: 'postgres', url } } });
    });
    afterAll(async () => {
      await t?.stop();
      await server?.destroy();
    });

    it('retries while the database is killed, then writes exactly one row; a second delivery adds none', async () => {
      const report = sampleSuccessReport({ runId: 'outage-run' });
      // Make the table exist first (the sink migrates at its first report), then kill the server.
      const warmUp = sampleSuccessReport({ runId: 'warm-up' });
      await t.client.workflow.execute('deliverReport', { taskQueue: t.taskQueue, workflowId: 'deliver-warm-up', args: [warmUp] });
      await server.kill();

      const handle = await t.client.workflow.start('deliverReport', { taskQueue: t.taskQueue, workflowId: 'deliver-outage', args: [report] });
      // The history sink's activity has failed at least once and is waiting to try again.
      await eventually(async () => {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        return pending.some((activity) => (activity.attempt ?? 0) >= 2) ? true : undefined;
      }, 120_000, 250);

      await server.start();
      const result = (await handle.result()) as DeliveryResult;
      expect(result.failed).toEqual([]);
      expect(result.delivered).toContain('history');
      expect(await rowsOf(url, report.reportId)).toBe(1);

      // The same report delivered again (a retried delivery workflow) finds its row and adds nothing.
      const again = (await t.client.workflow.execute('deliverReport', { taskQueue: t.taskQueue, workflowId: 'deliver-outage-again', args: [report] })) as DeliveryResult;
      expect(again.delivered).toContain('history');
      expect(await rowsOf(url, report.reportId)).toBe(1);
    });
  },
  envWithPostgres(),
);
