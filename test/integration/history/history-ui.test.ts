// `einstein-retrain ui` as a user runs it: it prints the pages' address with a token made for this run, serves the
// pages to anyone (they hold no data) and the history only to that token, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../../..');

describe('einstein-retrain ui', () => {
  let child: ChildProcess | undefined;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'einstein-retrain-ui-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the pages, and the history only with the token it printed', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', EINSTEIN_RETRAIN_CLI_FROM_SOURCE: '1', EINSTEIN_RETRAIN_HISTORY_DIR: path.join(dir, 'history') };
    const ui = spawn(process.execPath, [path.join(ROOT, 'bin', 'einstein-retrain.js'), 'ui', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = ui;
    let stdout = '';
    const printed = await new Promise<RegExpExecArray>((resolve, reject) => {
      ui.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+)\/models#token=([A-Za-z0-9_-]+)/.exec(stdout);
        if (found && stdout.includes('Ctrl-C')) resolve(found);
      });
      ui.once('exit', (code) => reject(new Error(`ui exited with ${code}: ${stdout}`)));
    });
    const [, base, token] = printed;
    expect((await fetch(`${base}/models`)).status).toBe(200);
    expect((await fetch(`${base}/v1/models`)).status).toBe(401);
    const answer = await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ models: [] });
    const exited = new Promise<number | null>((resolve) => ui.once('exit', resolve));
    ui.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });
});
