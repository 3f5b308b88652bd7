// Every migration of the history database, in order. Listed here (not found on disk at run time) so that the
// compiled package and the TypeScript sources run the same list. Never edit a migration that has shipped: add one.
import type { Migration, MigrationProvider } from 'kysely';
import * as retrainReports from './001-retrain-reports';

const MIGRATIONS: Record<string, Migration> = {
  '001-retrain-reports': retrainReports,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
