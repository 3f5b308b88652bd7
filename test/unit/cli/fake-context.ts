// A CliContext that records what commands print and refuses to reach Temporal unless a test hands one in.
import type { CliContext } from '../../../src/cli/cli-context';
import type { TemporalTarget } from '../../../src/cli/temporal-connection';

export interface RecordingContext extends CliContext {
  stdoutText(): string;
  stderrText(): string;
  connectCalls: number;
}

export function recordingContext(options: { connect?: () => Promise<TemporalTarget>; env?: NodeJS.ProcessEnv } = {}): RecordingContext {
  const out: string[] = [];
  const err: string[] = [];
  const context: RecordingContext = {
    env: options.env ?? {},
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    connectCalls: 0,
    connect: async () => {
      context.connectCalls += 1;
      if (!options.connect) throw new Error('this test must not contact Temporal');
      return options.connect();
    },
    now: () => Date.parse('2025-01-31T09:30:00.000Z'),
    refreshMs: 1,
    onInterrupt: () => () => undefined,
    exitCode: 0,
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
  return context;
}

export const argv = (...args: string[]) => ['node', 'einstein-retrain', ...args];
