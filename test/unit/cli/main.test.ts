// The program as a whole: help that teaches (examples, exit codes), usage errors, and Temporal's absence.
import { run } from '../../../src/cli/main';
import { EXIT } from '../../../src/cli/errors/exit-codes';
import { unreachable } from '../../../src/cli/temporal-connection';
import { argv, recordingContext } from './fake-context';

describe('einstein-retrain', () => {
  it('--help lists the commands, the connection variables and the exit codes (exit 0)', async () => {
    const context = recordingContext();
    expect(await run(argv('--help'), context)).toBe(EXIT.OK);
    const help = context.stdoutText();
    for (const text of ['retrain', 'status', 'watch', 'TEMPORAL_ADDRESS', 'EINSTEIN_RETRAIN_TASK_QUEUE', 'Exit codes:', '130']) {
      expect(help).toContain(text);
    }
  });

  it.each(['retrain', 'status', 'watch'])('%s --help has examples and the exit codes', async (command) => {
    const context = recordingContext();
    expect(await run(argv(command, '--help'), context)).toBe(EXIT.OK);
    expect(context.stdoutText()).toContain(`$ einstein-retrain ${command}`);
    expect(context.stdoutText()).toContain('Exit codes:');
    expect(context.stdoutText()).toContain('--json');
  });

  it('no command is a usage error (exit 2) with the help on stderr', async () => {
    const context = recordingContext();
    expect(await run(argv(), context)).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText()).toContain('Usage: einstein-retrain');
  });

  it('a missing argument is a usage error', async () => {
    const context = recordingContext();
    expect(await run(argv('status'), context)).toBe(EXIT.INVALID_INPUT);
    expect(context.stderrText()).toContain("missing required argument 'workflowId'");
  });

  it('Temporal unreachable: exit 3 and a message that says what to do', async () => {
    const context = recordingContext({ connect: () => Promise.reject(unreachable('127.0.0.1:7233', new Error('Failed to connect before the deadline'))) });
    expect(await run(argv('status', 'some-id', '--json'), context)).toBe(EXIT.INFRASTRUCTURE);
    expect(context.stderrText()).toContain('npm start');
    expect(context.stderrText()).toContain('TEMPORAL_ADDRESS');
    expect(JSON.parse(context.stdoutText())).toMatchObject({ type: 'error', exitCode: 3, code: 'TEMPORAL_UNREACHABLE' });
  });
});
