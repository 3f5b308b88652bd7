// The report history: every retrain report kept in a SQL database (embedded PGlite or PostgreSQL), read back per model.
export { HistoryStoreConfig, describeHistoryStore } from './history-config';
export { migrateToLatest, openHistoryDatabase } from './open-database';
export { DEFAULT_REPORTS_LIMIT, type ModelRef, type ModelSummary, type ReportStore, SqlReportStore, openReportStore } from './report-store';
export { type ReportStoreHolder, reportStoreHolder } from './store-holder';
export { type ModelHistoryView, type ModelIndexEntry, type RunView, TREND_POINTS, headlineMetric, modelHistoryView, modelIndexEntry, runView } from './model-views';
