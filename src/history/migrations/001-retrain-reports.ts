// The first table: one row per retrain report, its id as primary key so that a repeated delivery adds nothing.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retrain_reports')
    .addColumn('report_id', 'text', (col) => col.primaryKey())
    .addColumn('workflow_id', 'text', (col) => col.notNull())
    .addColumn('run_id', 'text', (col) => col.notNull())
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('model_id', 'text', (col) => col.notNull())
    .addColumn('model_name', 'text')
    .addColumn('dataset_id', 'integer')
    .addColumn('model_type', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('trigger_source', 'text')
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz', (col) => col.notNull())
    // double precision: whole milliseconds stay exact far past any deadline, and both drivers read it as a number
    // (bigint comes back as a string from node-postgres).
    .addColumn('duration_ms', 'double precision', (col) => col.notNull())
    .addColumn('api_calls', 'integer', (col) => col.notNull())
    .addColumn('report', 'jsonb', (col) => col.notNull())
    .addColumn('stored_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('retrain_reports_by_model')
    .on('retrain_reports')
    .columns(['domain', 'model_id', 'finished_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('retrain_reports').execute();
}
