// startDevServer's start-up handling, against a stand-in binary (a shell script) so that an early exit can be staged:
// the real server exits when a port it picks for itself is taken before it binds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevServerStartError, startDevServer } from '../../../src/temporal/dev-server';

/**
 * A `temporal` stand-in: `server start-dev` fails (a Go panic's first line, then a long stack) until its `failures`
 * are used up, then runs until stopped; `operator cluster health` answers SERVING once a start got that far. Counts
 * its starts in a file.
 */
function standIn(failures: number): { binary: string; starts: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-server-start-'));
  const counter = path.join(dir, 'starts');
  const serving = path.join(dir, 'serving');
  const binary = path.join(dir, 'temporal');
  fs.writeFileSync(
    binary,
    [
      '#!/bin/sh',
      `if [ "$1" = operator ]; then if [ -f "${serving}" ]; then echo SERVING; exit 0; fi; exit 1; fi`,
      `echo x >> "${counter}"`,
      `if [ "$(wc -l < "${counter}")" -le ${failures} ]; then`,
      '  echo "panic: listen tcp 127.0.0.1:41234: bind: address already in use" >&2',
      '  i=0; while [ $i -lt 80 ]; do echo "        /go/pkg/mod/frame$i.go:$i +0x1" >&2; i=$((i+1)); done',
      '  exit 2',
      'fi',
      `touch "${serving}"`,
      'exec sleep 600',
    ].join('\n'),
    { mode: 0o755 },
  );
  const starts = () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
  return { binary, starts };
}

describe('startDevServer start-up', () => {
  it('starts again on a fresh port when the server exits before serving, up to three starts', async () => {
    const { binary, starts } = standIn(2);
    const server = await startDevServer({ binary });
    await server.stop();
    expect(starts()).toBe(3);
  });

  it('gives up after three early exits, keeping the first lines of the output (the panic) and its last ones', async () => {
    const { binary, starts } = standIn(10);
    const failure = await startDevServer({ binary }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DevServerStartError);
    const message = (failure as DevServerStartError).message;
    expect(message).toContain('panic: listen tcp 127.0.0.1:41234: bind: address already in use');
    expect(message).toContain('frame79.go');
    expect(starts()).toBe(3);
  });

  it('tries once when the caller chose the port: another start would not be the same request', async () => {
    const { binary, starts } = standIn(1);
    await expect(startDevServer({ binary, port: 41_235 })).rejects.toMatchObject({ exitedEarly: true });
    expect(starts()).toBe(1);
  });
});
