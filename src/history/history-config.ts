// Where the report history lives: an embedded PGlite database in a folder (the default, no set-up), or a PostgreSQL
// server by URL (production, and every worker of a scaled-out deployment on one database).
import { z } from 'zod';

export const HistoryStoreConfig = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('postgres'),
    url: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }),
  }),
  z.strictObject({
    kind: z.literal('embedded'),
    /** Folder of the embedded database, created when missing; in memory when omitted (tests). */
    dataDir: z.string().min(1, { error: 'expected a folder path' }).optional(),
  }),
]);
export type HistoryStoreConfig = z.infer<typeof HistoryStoreConfig>;

/** Describes the store for logs and messages without its credentials (a URL may carry a password). */
export function describeHistoryStore(config: HistoryStoreConfig): string {
  if (config.kind === 'embedded') return config.dataDir === undefined ? 'embedded database in memory' : `embedded database in ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
