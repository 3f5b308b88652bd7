// An embedded database folder belongs to one process: PGlite is PostgreSQL in single-user mode, with no
// coordination between two processes writing the same files. A lock file holding the owner's pid keeps a second
// process out (its sink then fails as transient and is retried) instead of letting it corrupt the folder. A lock
// left by a process that died is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'einstein-retrain.lock';

/** Thrown when another live process holds the folder. */
export class HistoryFolderBusyError extends Error {
  override readonly name = 'HistoryFolderBusyError';
  readonly code = 'HISTORY_FOLDER_BUSY';
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded history database in ${dataDir} is in use by process ${pid}; one process at a time can use it ` +
        '(several processes need a PostgreSQL server: EINSTEIN_RETRAIN_DATABASE_URL)',
    );
  }
}

/** Takes the folder's lock; resolves to its release. */
export async function lockFolder(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(file).catch(() => undefined);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new HistoryFolderBusyError(dataDir, owner);
    }
    if (owner === process.pid) throw new HistoryFolderBusyError(dataDir, owner);
    await unlink(file).catch(() => undefined); // left by a process that is gone
  }
  throw new Error(`Cannot take the lock ${file}: another process keeps taking it`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
