// One report store per process, opened at first use and shared: the worker's history sink writes through it and
// the API's model pages read through it. An embedded database folder admits one process, so inside one process
// everything must go through the same store. A failed open is forgotten, so the next use tries again.
import type { HistoryStoreConfig } from './history-config';
import { openReportStore, type ReportStore } from './report-store';

export interface ReportStoreHolder {
  readonly config: HistoryStoreConfig;
  /** The open store; opens (and migrates) it at the first call. Rejects while the database cannot be reached. */
  get(): Promise<ReportStore>;
  /** Closes the store if it was opened; a later `get` opens it again. */
  close(): Promise<void>;
}

export function reportStoreHolder(
  config: HistoryStoreConfig,
  open: (config: HistoryStoreConfig) => Promise<ReportStore> = openReportStore,
): ReportStoreHolder {
  let store: Promise<ReportStore> | undefined;
  return {
    config,
    get() {
      store ??= open(config).catch((error: unknown) => {
        store = undefined;
        throw error;
      });
      return store;
    },
    async close() {
      const current = store;
      store = undefined;
      if (current !== undefined) await (await current.catch(() => undefined))?.close();
    },
  };
}
