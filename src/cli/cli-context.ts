// Everything a command touches outside itself: streams, environment, Temporal, clock, Ctrl-C. Injected so the
// commands run unchanged in tests and in the demo.
import { connectTemporal, type TemporalTarget } from './temporal-connection';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  connect(): Promise<TemporalTarget>;
  now(): number;
  /** Pause between two reads of a live run. @default 1000 */
  refreshMs: number;
  /** Calls `handler` on Ctrl-C; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
  /** Set by the command that ran; main.ts exits with it. */
  exitCode: number;
}

export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    connect: () => connectTemporal(process.env),
    now: () => Date.now(),
    refreshMs: 1_000,
    onInterrupt: (handler) => {
      process.once('SIGINT', handler);
      return () => process.removeListener('SIGINT', handler);
    },
    exitCode: 0,
  };
}
