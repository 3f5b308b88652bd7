// Opens the history database and brings its schema to the latest migration. The same Kysely queries run on both
// engines: PGlite speaks PostgreSQL's dialect because it is PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { HistoryStoreConfig } from './history-config';
import { migrationProvider } from './migrations';
import { lockFolder } from './folder-lock';
import { pgliteDialect } from './pglite-dialect';
import type { HistoryTables } from './tables';

/** A connection attempt to a server that is down fails after this, so a delivery attempt ends well inside its timeout. */
const CONNECT_TIMEOUT_MS = 5_000;
/** A query the server holds longer than this is cancelled by the server. */
const STATEMENT_TIMEOUT_MS = 20_000;

export async function openHistoryDatabase(config: HistoryStoreConfig): Promise<Kysely<HistoryTables>> {
  const db = config.kind === 'postgres' ? postgres(config.url) : await embedded(config.dataDir);
  try {
    await migrateToLatest(db);
    return db;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

function postgres(url: string): Kysely<HistoryTables> {
  const pool = new Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
  });
  // An idle connection lost to a server restart is reported here; without a listener it would crash the process.
  // The pool has already dropped it and the next query connects anew.
  pool.on('error', () => undefined);
  // A connection lost while a query runs on it rejects that query (the delivery fails as transient and is retried)
  // and also emits 'error' on the client, which the pool listens to only while the client is idle: without this
  // listener a database that dies mid-statement would crash the worker (test/integration/history/database-outage).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<HistoryTables>({ dialect: new PostgresDialect({ pool }) });
}

async function embedded(dataDir: string | undefined): Promise<Kysely<HistoryTables>> {
  if (dataDir === undefined) return new Kysely<HistoryTables>({ dialect: pgliteDialect(await PGlite.create()) });
  // PGlite keeps its files in a `pgdata` folder inside ours, beside the lock.
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockFolder(dataDir);
  try {
    const pglite = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
    return new Kysely<HistoryTables>({ dialect: pgliteDialect(pglite, unlock) });
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** Runs the migrations not yet applied; Kysely's lock table keeps two workers from running them at once. */
export async function migrateToLatest(db: Kysely<HistoryTables>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(`History database migration ${failed ?? ''} failed: ${reason}`.replace('  ', ' '), { cause: error });
}
