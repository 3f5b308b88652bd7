// An embedded database folder belongs to one process: PGlite is PostgreSQL in single-user mode, with no
// coordination between two processes writing the same files. A lock file naming its owner (pid and host) keeps a
// second process out (its sink then fails as transient and is retried) instead of letting it corrupt the folder.
//
// A lock left by a process that died is taken over. On the same host that is decided by asking whether the pid
// lives. A container restarted after a crash is the same host and often the same pid (1) as the process that left
// the lock: a lock naming our own pid that this process does not hold is such a leftover. A lock from another host
// (another container sharing the volume) cannot be checked from here, so it is respected and the message says how
// to clear it once that host is gone.
import { open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'einstein-retrain.lock';

/** Folders this process holds: a second open inside the same process is refused too. */
const heldHere = new Set<string>();

/** Thrown when another live process holds the folder. */
export class HistoryFolderBusyError extends Error {
  override readonly name = 'HistoryFolderBusyError';
  readonly code = 'HISTORY_FOLDER_BUSY';
  constructor(dataDir: string, owner: LockOwner) {
    const elsewhere = owner.host !== undefined && owner.host !== os.hostname();
    super(
      `The embedded history database in ${dataDir} is in use by process ${owner.pid}${elsewhere ? ` on host ${owner.host}` : ''}; ` +
        'one process at a time can use it (several processes need a PostgreSQL server: EINSTEIN_RETRAIN_DATABASE_URL)' +
        (elsewhere ? `. If that host is gone, delete ${path.join(dataDir, LOCK_FILE)}` : ''),
    );
  }
}

interface LockOwner {
  pid: number;
  /** Absent in locks written before the host was recorded: taken as this host. */
  host?: string;
}

/** Takes the folder's lock; resolves to its release. */
export async function lockFolder(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE);
  const key = path.resolve(file);
  if (heldHere.has(key)) throw new HistoryFolderBusyError(dataDir, { pid: process.pid, host: os.hostname() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n${os.hostname()}\n`);
      await handle.close();
      heldHere.add(key);
      return async () => {
        heldHere.delete(key);
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const owner = parseOwner(await readFile(file, 'utf8').catch(() => ''));
    if (owner !== undefined && stillHolds(owner)) throw new HistoryFolderBusyError(dataDir, owner);
    await unlink(file).catch(() => undefined); // left by a process that is gone
  }
  throw new Error(`Cannot take the lock ${file}: another process keeps taking it`);
}

function parseOwner(text: string): LockOwner | undefined {
  const [pidLine, hostLine] = text.split('\n');
  const pid = Number(pidLine?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const host = hostLine?.trim();
  return host ? { pid, host } : { pid };
}

function stillHolds(owner: LockOwner): boolean {
  if (owner.host !== undefined && owner.host !== os.hostname()) return true;
  // Our own pid, not held by this process (checked above): a previous life of this container or machine.
  if (owner.pid === process.pid) return false;
  return isAlive(owner.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
