// The report history behind one small interface: write each report once, read a model's story back. One SQL
// implementation serves both engines (embedded PGlite and a PostgreSQL server).
import type { Kysely } from 'kysely';
import { parseRetrainReport, type RetrainReport } from '../report';
import type { HistoryStoreConfig } from './history-config';
import { openHistoryDatabase } from './open-database';
import type { HistoryTables } from './tables';

export interface ModelRef {
  domain: 'vision' | 'language';
  modelId: string;
}

export interface ModelSummary extends ModelRef {
  modelName?: string;
  /** Reports kept for this model, failures included. */
  runs: number;
  /** The report of the run that finished last. */
  last: RetrainReport;
}

export interface ReportStore {
  /** Writes the report once. Resolves true when this call stored it, false when a row with its id was already there. */
  save(report: RetrainReport): Promise<boolean>;
  /** Every model with at least one report, the most recently finished first. */
  models(): Promise<ModelSummary[]>;
  /** The model's reports in the order they finished, oldest first: the last `limit` of them (default 200). */
  reportsOf(model: ModelRef, options?: { limit?: number }): Promise<RetrainReport[]>;
  report(reportId: string): Promise<RetrainReport | undefined>;
  /** The report of one run of the model (its first run id, as in the report), if kept. */
  runReport(model: ModelRef, runId: string): Promise<RetrainReport | undefined>;
  close(): Promise<void>;
}

export const DEFAULT_REPORTS_LIMIT = 200;

export async function openReportStore(config: HistoryStoreConfig): Promise<ReportStore> {
  return new SqlReportStore(await openHistoryDatabase(config));
}

export class SqlReportStore implements ReportStore {
  constructor(private readonly db: Kysely<HistoryTables>) {}

  async save(report: RetrainReport): Promise<boolean> {
    const parsed = parseRetrainReport(report);
    const result = await this.db
      .insertInto('retrain_reports')
      .values({
        report_id: parsed.reportId,
        workflow_id: parsed.workflowId,
        run_id: parsed.runId,
        domain: parsed.domain,
        model_id: parsed.modelId,
        model_name: parsed.modelName ?? null,
        dataset_id: parsed.datasetId ?? null,
        model_type: parsed.modelType ?? null,
        outcome: parsed.outcome,
        trigger_source: parsed.triggerSource ?? null,
        requested_at: parsed.timing.requestedAt,
        finished_at: parsed.timing.finishedAt,
        duration_ms: parsed.timing.durations.totalMs,
        api_calls: parsed.apiCalls,
        report: JSON.stringify(parsed),
      })
      // The report id is the idempotency key: a retried delivery finds its row and adds nothing.
      .onConflict((conflict) => conflict.column('report_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async models(): Promise<ModelSummary[]> {
    const lastRows = await this.db
      .selectFrom('retrain_reports')
      .select(['domain', 'model_id', 'report', 'finished_at'])
      .distinctOn(['domain', 'model_id'])
      .orderBy('domain')
      .orderBy('model_id')
      .orderBy('finished_at', 'desc')
      .orderBy('report_id', 'desc')
      .execute();
    const counts = await this.db
      .selectFrom('retrain_reports')
      .select(['domain', 'model_id', (eb) => eb.fn.countAll<string | number>().as('runs')])
      .groupBy(['domain', 'model_id'])
      .execute();
    const runsOf = new Map(counts.map((row) => [`${row.domain}/${row.model_id}`, Number(row.runs)]));
    return lastRows
      .map((row) => {
        const last = parseRetrainReport(row.report);
        const summary: ModelSummary = { domain: last.domain, modelId: last.modelId, runs: runsOf.get(`${row.domain}/${row.model_id}`) ?? 1, last };
        if (last.modelName !== undefined) summary.modelName = last.modelName;
        return summary;
      })
      .sort((a, b) => Date.parse(b.last.timing.finishedAt) - Date.parse(a.last.timing.finishedAt));
  }

  async reportsOf(model: ModelRef, options: { limit?: number } = {}): Promise<RetrainReport[]> {
    const rows = await this.db
      .selectFrom('retrain_reports')
      .select('report')
      .where('domain', '=', model.domain)
      .where('model_id', '=', model.modelId)
      .orderBy('finished_at', 'desc')
      .orderBy('report_id', 'desc')
      .limit(options.limit ?? DEFAULT_REPORTS_LIMIT)
      .execute();
    return rows.map((row) => parseRetrainReport(row.report)).reverse();
  }

  async report(reportId: string): Promise<RetrainReport | undefined> {
    const row = await this.db.selectFrom('retrain_reports').select('report').where('report_id', '=', reportId).executeTakeFirst();
    return row === undefined ? undefined : parseRetrainReport(row.report);
  }

  async runReport(model: ModelRef, runId: string): Promise<RetrainReport | undefined> {
    const row = await this.db
      .selectFrom('retrain_reports')
      .select('report')
      .where('domain', '=', model.domain)
      .where('model_id', '=', model.modelId)
      .where('run_id', '=', runId)
      .orderBy('finished_at', 'desc')
      .executeTakeFirst();
    return row === undefined ? undefined : parseRetrainReport(row.report);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
