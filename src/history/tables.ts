// The history database's tables as Kysely sees them. Columns beside `report` are copies of report fields that the
// queries filter and sort on; `report` holds the whole report (parameters, timing, metrics), as validated JSON.
import type { ColumnType, Generated } from 'kysely';

export interface ReportsTable {
  report_id: string;
  workflow_id: string;
  run_id: string;
  domain: string;
  model_id: string;
  model_name: string | null;
  dataset_id: number | null;
  model_type: string | null;
  outcome: string;
  trigger_source: string | null;
  requested_at: ColumnType<Date, Date | string, never>;
  finished_at: ColumnType<Date, Date | string, never>;
  duration_ms: number;
  api_calls: number;
  /** JSON text on the way in; the driver parses jsonb on the way out. */
  report: ColumnType<unknown, string, never>;
  stored_at: Generated<Date>;
}

export interface HistoryTables {
  retrain_reports: ReportsTable;
}
