// The report history: every retrain report kept in a SQL database (embedded PGlite or PostgreSQL), read back per model.
export { HistoryStoreConfig, describeHistoryStore } from './history-config';
export { migrateToLatest, openHistoryDatabase } from './open-database';
export { DEFAULT_REPORTS_LIMIT, type ModelRef, type ModelSummary, type ReportStore, SqlReportStore, openReportStore } from './report-store';
