// Appends each report as one JSON line to a file. Delivery is at least once (a retried emit may add the line again);
// readers deduplicate on `reportId`.
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RetrainReport } from '../report';
import type { Sink, SinkContext } from './sink';
import { SinkPermanentError, SinkTransientError, type SinkError } from './sink-errors';

export interface JsonlSinkOptions {
  /** File to append to; missing parent directories are created. */
  filePath: string;
  /** Flush each line to disk before resolving. @default false */
  fsync?: boolean;
}

/** Errors that no retry can fix: the path itself is wrong or not ours to write. */
const PERMANENT_FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EISDIR',
  'ENOTDIR',
  'EROFS',
  'ENAMETOOLONG',
  'EINVAL',
  'ELOOP',
]);

export function createJsonlSink(options: JsonlSinkOptions): Sink {
  const { filePath, fsync = false } = options;
  return {
    name: 'jsonl',
    async emit(report: RetrainReport, _ctx: SinkContext): Promise<void> {
      const line = Buffer.from(`${JSON.stringify(report)}\n`, 'utf8');
      try {
        await mkdir(dirname(filePath), { recursive: true });
        await appendLine(filePath, line, fsync);
      } catch (error) {
        throw fileError(filePath, error);
      }
    },
  };
}

/**
 * One `write` on a file opened with O_APPEND: the kernel places the whole buffer at the end of the file, so lines
 * from concurrent emitters (other activities, other worker processes) never interleave.
 */
async function appendLine(filePath: string, line: Buffer, fsync: boolean): Promise<void> {
  const handle = await open(filePath, 'a');
  try {
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) {
      throw Object.assign(new Error(`short write (${bytesWritten} of ${line.length} bytes)`), { code: 'ESHORTWRITE' });
    }
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}

function fileError(filePath: string, error: unknown): SinkError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const message = `Cannot append the report to ${filePath}: ${reason}`;
  return typeof code === 'string' && PERMANENT_FS_CODES.has(code)
    ? new SinkPermanentError(message, { sink: 'jsonl', cause: error })
    : new SinkTransientError(message, { sink: 'jsonl', cause: error });
}
