// Keeps every report in the history database. The database is opened (and migrated) at the first report, not at
// start-up, so a database that is down delays only this sink: its emit fails as transient and Temporal retries it.
import { type HistoryStoreConfig, type ReportStore, describeHistoryStore, openReportStore } from '../history';
import { ReportInputError, type RetrainReport } from '../report';
import type { Sink, SinkContext } from './sink';
import { SinkPermanentError, SinkTransientError, type SinkError } from './sink-errors';

/**
 * PostgreSQL error classes no retry can fix: 22 data exception, 23 integrity constraint violation, 42 syntax error
 * or access rule violation. Everything else (connection refused, admin shutdown, too many connections, timeouts)
 * may pass once the server is back.
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42']);

export function createHistorySink(
  config: HistoryStoreConfig,
  open: (config: HistoryStoreConfig) => Promise<ReportStore> = openReportStore,
): Sink {
  let store: Promise<ReportStore> | undefined;
  const opened = (): Promise<ReportStore> => {
    // A failed open is forgotten, so the next emit (a retry) tries again.
    store ??= open(config).catch((error: unknown) => {
      store = undefined;
      throw error;
    });
    return store;
  };
  return {
    name: 'history',
    async emit(report: RetrainReport, _ctx: SinkContext): Promise<void> {
      try {
        await (await opened()).save(report);
      } catch (error) {
        throw databaseError(config, error);
      }
    },
    async close(): Promise<void> {
      const current = store;
      store = undefined;
      if (current !== undefined) await (await current.catch(() => undefined))?.close();
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
