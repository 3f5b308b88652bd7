// A database that is down never fails or loses a report: the history sink's delivery is retried durably by
// Temporal, and once the server is back the report is written exactly once. Runs the product's worker on a real
// Temporal dev server against a real PostgreSQL server that the test kills and starts again: before the delivery,
// while its INSERT waits inside the server, and right after the INSERT committed with its answer lost.
import { Client } from 'pg';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import type { RetrainResult } from '../../../src/workflows/retrain-model';
import { startReplyDroppingProxy, type ReplyDroppingProxy } from '../../helpers/reply-dropping-proxy';
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

/** Queries the server directly (not through the worker's pool or the proxy). */
async function query<R>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as R[];
  } finally {
    await client.end();
  }
}

describeWhen(
  POSTGRESQL,
  'report delivery when the database dies mid-delivery',
  () => {
    let server: PostgresServer;
    let url: string;
    let proxy: ReplyDroppingProxy;
    let t: TestStack;
    beforeAll(async () => {
      server = await startPostgresServer();
      url = await server.createDatabase('history_mid_delivery');
      proxy = await startReplyDroppingProxy({ host: '127.0.0.1', port: Number(new URL(url).port) });
      const throughProxy = new URL(url);
      throughProxy.port = String(proxy.port);
      t = await startTestStack({ sinks: { log: false, history: { kind: 'postgres', url: throughProxy.toString() } } });
      // The worker's store opens and migrates at its first report.
      await t.client.workflow.execute('deliverReport', { taskQueue: t.taskQueue, workflowId: 'mid-warm-up', args: [sampleSuccessReport({ runId: 'mid-warm-up' })] });
    });
    afterAll(async () => {
      await t?.stop();
      await proxy?.close();
      await server?.destroy();
    });

    /** The highest attempt of the history sink's activity in the delivery: above 1 when it was retried. */
    async function historyAttempts(reportWorkflowId: string): Promise<number> {
      const events = (await t.client.workflow.getHandle(reportWorkflowId).fetchHistory()).events ?? [];
      const historyActivities = new Set(
        events
          .filter((e) => {
            const scheduled = e.activityTaskScheduledEventAttributes;
            const input = Buffer.from(scheduled?.input?.payloads?.[0]?.data ?? []).toString('utf8');
            return scheduled?.activityType?.name === 'emitReport' && input.includes('"sink":"history"');
          })
          .map((e) => String(e.eventId)),
      );
      return Math.max(0, ...events.filter((e) => historyActivities.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId ?? ''))).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
    }

    /**
     * The history sink failed inline (the retrain's own delivery), so the report child was started for it alone and
     * retried it: it ends delivered, with one row for the report.
     */
    async function expectDeliveredOnceAfterRetry(report: { workflowId: string; reportId: string }): Promise<void> {
      const delivery = t.client.workflow.getHandle(`${report.workflowId}/report`);
      const result = (await delivery.result()) as DeliveryResult;
      expect(result).toEqual({ delivered: ['history'], failed: [] });
      expect(await rowsOf(url, report.reportId)).toBe(1);
      expect(await historyAttempts(delivery.workflowId)).toBeGreaterThanOrEqual(1);
    }

    async function retrainOnce(model: { domain: 'vision' | 'language'; modelId: string }): Promise<Extract<RetrainResult['report'], { outcome: 'SUCCEEDED' }>> {
      const handle = await t.startRetrain({ domain: model.domain, modelId: model.modelId });
      const { report } = (await handle.result()) as RetrainResult;
      expect(report.outcome).toBe('SUCCEEDED');
      if (report.outcome !== 'SUCCEEDED') throw new Error('the retrain did not succeed');
      return report;
    }

    it('kills the server while the INSERT waits inside it: the retrain succeeds, and once the server is back the retry writes one row', async () => {
      // Another session holds the table, so the delivery's INSERT reaches the server and waits there for the lock.
      const holder = new Client({ connectionString: url });
      holder.on('error', () => undefined); // it dies with the server
      await holder.connect();
      await holder.query('begin');
      await holder.query('lock table retrain_reports in access exclusive mode');

      // The retrain waits for its report's inline delivery only so long (INLINE_SINK_TIMEOUT_MS): it succeeds while the
      // INSERT is stuck, and the report child takes the history sink over.
      const report = await retrainOnce(FIXTURE.models.visionImage);
      await eventually(async () => {
        const waiting = await query<{ n: number }>(
          url,
          "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into \"retrain_reports\"%'",
        );
        return waiting[0]!.n > 0 ? true : undefined;
      }, 60_000, 100);

      await server.kill(); // mid-statement: the INSERT never completes
      await server.start();
      // The history attempt was retried: the first one died with the server.
      await expectDeliveredOnceAfterRetry(report);
    });

    it('stops the server right after the INSERT committed, its answer lost: the retry finds the row and adds none', async () => {
      const lost = proxy.dropNextReplyContaining('INSERT 0 1');
      const report = await retrainOnce(FIXTURE.models.languageIntent);
      await lost;
      // The server did the work: the row is there although the worker never heard so.
      await eventually(async () => ((await rowsOf(url, report.reportId)) === 1 ? true : undefined), 30_000, 50);
      await server.kill();
      await server.start();

      await expectDeliveredOnceAfterRetry(report);
      // Every report the worker delivered here has exactly one row.
      const counts = await query<{ report_id: string; n: number }>(url, 'select report_id, count(*)::int as n from retrain_reports group by report_id');
      expect(counts.filter((row) => row.n !== 1)).toEqual([]);
    });
  },
  envWithPostgres(),
);
