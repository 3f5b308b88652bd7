// Keeps every report in the history database. The worker warms the sink at start-up (opens and migrates the
// database, bounded), so the first report does not pay for it inside a workflow task; a database that is down then
// delays only this sink: the warm-up is given up, its emit fails as transient and is retried.
// A timed-out attempt's open goes on in the background and the next attempt waits for the same one.
import { type HistoryStoreConfig, type ReportStoreHolder, describeHistoryStore, reportStoreHolder } from '../history';
import { ReportInputError, type RetrainReport } from '../report';
import type { Sink, SinkContext } from './sink';
import { SinkPermanentError, SinkTransientError, type SinkError } from './sink-errors';

/**
 * PostgreSQL error classes no retry can fix: 22 data exception, 23 integrity constraint violation, 42 syntax error
 * or access rule violation. Everything else (connection refused, admin shutdown, too many connections, timeouts)
 * may pass once the server is back.
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42']);

/** `store`: the process's shared store when the API reads the same database; a holder of its own otherwise. */
export function createHistorySink(config: HistoryStoreConfig, store: ReportStoreHolder = reportStoreHolder(config)): Sink {
  return {
    name: 'history',
    async emit(report: RetrainReport, _ctx: SinkContext): Promise<void> {
      try {
        await (await store.get()).save(report);
      } catch (error) {
        throw databaseError(config, error);
      }
    },
    close: () => store.close(),
    warmUp: async () => {
      await store.get();
    },
  };
}

function databaseError(config: HistoryStoreConfig, error: unknown): SinkError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const message = `Cannot keep the report in the ${describeHistoryStore(config)}: ${reason}`;
  const permanent = error instanceof ReportInputError || sqlstateIsPermanent(code);
  return permanent
    ? new SinkPermanentError(message, { sink: 'history', cause: error })
    : new SinkTransientError(message, { sink: 'history', cause: error });
}

function sqlstateIsPermanent(code: unknown): boolean {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
}
