/**
 * The state file (`startEmulator({ stateFile })`, `--state-file`): the emulator's whole state as JSON, so the
 * emulator process can be killed, even with SIGKILL, and started again on the same file, its trainings having gone
 * on on the wall clock meanwhile.
 *
 * Writes are atomic (a temporary file renamed over the old one), so a kill mid-write leaves the previous state. A
 * change a client can hear of (any non-GET call, a terminal read recorded) is written before its response leaves;
 * call counts of GETs follow within STATE_WRITE_DEBOUNCE_MS, so a SIGKILL may lose the last few of those.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateSink } from '../emulator';
import { persistedStateSchema, type PersistedState } from './persisted-state';

export const STATE_WRITE_DEBOUNCE_MS = 100;

export class StateFileError extends Error {
  readonly code = 'EMULATOR_STATE_FILE_INVALID';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Emulator state file ${path} ${detail}`);
    this.name = 'StateFileError';
  }
}

/** The saved state, or undefined when there is no file yet. A file that exists must be valid. */
export function readStateFile(path: string): PersistedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, `cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StateFileError(path, 'is not valid JSON (was it written by something else?)');
  }
  const parsed = persistedStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new StateFileError(path, `is not an emulator state: ${field}: ${issue?.message ?? 'invalid'}`);
}

export class StateFileWriter implements StateSink {
  private timer: NodeJS.Timeout | undefined;
  private writes = 0;
  private lastSavedAt: string | undefined;
  private lastError: string | undefined;

  constructor(
    readonly path: string,
    private readonly capture: () => PersistedState,
    /** True when the emulator continued from this file rather than starting fresh. */
    readonly restored: boolean,
    private readonly debounceMs = STATE_WRITE_DEBOUNCE_MS,
  ) {}

  /** The first write: unlike later ones it throws, so a path that cannot be written stops the emulator at start. */
  start(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const error = this.write();
    if (error !== undefined) throw new StateFileError(this.path, `cannot be written: ${error}`);
  }

  now(): void {
    this.cancelTimer();
    this.write();
  }

  soon(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, this.debounceMs);
    // A pending write must not keep a test process or a stopping CLI alive; close() flushes it.
    this.timer.unref();
  }

  flush(): void {
    this.cancelTimer();
    this.write();
  }

  describe(): Record<string, unknown> {
    return { path: this.path, restored: this.restored, writes: this.writes, lastSavedAt: this.lastSavedAt ?? null, lastError: this.lastError ?? null };
  }

  /**
   * Writes the whole state; returns the error text on failure. A later write failing must not fail the API call
   * that caused it: the error shows in GET /__emulator/state and the next change tries again.
   */
  private write(): string | undefined {
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      const state = this.capture();
      writeFileSync(temporary, JSON.stringify(state));
      renameSync(temporary, this.path);
      this.writes += 1;
      this.lastSavedAt = state.savedAt;
      this.lastError = undefined;
      return undefined;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return this.lastError;
    }
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
