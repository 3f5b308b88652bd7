// Runs the real CLI program in this process against a test stack, capturing stdout, stderr and the exit code.
import { run } from '../../../src/cli/main';
import type { CliContext } from '../../../src/cli/cli-context';
import { connectTemporal } from '../../../src/cli/temporal-connection';
import type { TestStack } from '../retrain/stack';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON lines (with --json). */
  records: Array<Record<string, unknown>>;
}

export async function cli(t: TestStack, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = { TEMPORAL_ADDRESS: t.stack.temporal!.address, EINSTEIN_RETRAIN_TASK_QUEUE: t.taskQueue };
  const context: CliContext = {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    connect: () => connectTemporal(env),
    now: () => Date.now(),
    refreshMs: 200,
    onInterrupt: () => () => undefined,
    exitCode: 0,
  };
  const exitCode = await run(['node', 'einstein-retrain', ...args], context);
  const records = args.includes('--json') ? stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>) : [];
  return { exitCode, stdout, stderr, records };
}
