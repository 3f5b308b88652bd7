import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { api, rsaKeyPair, signAssertion } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

/** Starts the CLI and resolves with its URL once it prints the listening line (bounded by a deadline). */
function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/emulator/main.ts', ...args], { cwd: ROOT });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start in time:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Einstein emulator listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${output}`));
    });
  });
}

const exitCode = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('emulator CLI', () => {
  it('serves the API with the configured account and static token, lists the fixture, and stops cleanly on SIGTERM', async () => {
    const keys = rsaKeyPair();
    const keyFile = join(mkdtempSync(join(tmpdir(), 'emulator-cli-')), 'account.pem');
    writeFileSync(keyFile, keys.publicKeyPem);
    const { child, url, output } = await startCli([
      '--port', '0', '--seed', '3', '--time-scale', '50', '--queue-capacity', '1',
      '--public-key', keyFile, '--account', 'cli@example.com', '--static-token', 'CLITOKEN',
    ]);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).toContain(FIXTURE.models.visionImage.modelId);
      const status = await api(url, 'GET', `/v2/vision/train/${FIXTURE.models.visionImage.modelId}`, { token: 'CLITOKEN' });
      expect(status.json.status).toBe('SUCCEEDED');
      const assertion = await signAssertion(keys.privateKeyPem, { sub: 'cli@example.com' });
      const token = await api(url, 'POST', '/v2/oauth2/token', {
        token: null,
        urlencoded: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      });
      expect(token.status).toBe(200);
      const state = (await (await fetch(`${url}/__emulator/state`)).json()) as { seed: number; timeScale: number; queueCapacity: number };
      expect(state).toMatchObject({ seed: 3, timeScale: 50, queueCapacity: 1 });
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('--state-file: killed with SIGKILL right after accepting a retrain, it starts again on the file with the training', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-cli-')), 'state.json');
    const args = ['--port', '0', '--time-scale', '100', '--static-token', 'CLITOKEN', '--state-file', stateFile];
    const first = await startCli(args);
    expect(first.output()).toContain(`state file: ${stateFile} (new)`);
    const modelId = FIXTURE.models.visionImage.modelId;
    const retrain = await api(first.url, 'POST', '/v2/vision/retrain', { token: 'CLITOKEN', form: { modelId } });
    expect(retrain.status).toBe(200);
    const killed = exitCode(first.child);
    first.child.kill('SIGKILL');
    await killed;

    const second = await startCli(args);
    try {
      expect(second.output()).toContain(`state file: ${stateFile} (continued)`);
      const status = await api(second.url, 'GET', `/v2/vision/train/${modelId}`, { token: 'CLITOKEN' });
      expect(status.json).toMatchObject({ modelId, datasetVersionId: retrain.json.datasetVersionId, createdAt: retrain.json.createdAt });
      const submissions = (await (await fetch(`${second.url}/__emulator/submissions`)).json()) as { byModel: Record<string, number> };
      expect(submissions.byModel).toEqual({ [modelId]: 1 });
    } finally {
      const exited = exitCode(second.child);
      second.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('refuses a bad option with a message and a non-zero exit', async () => {
    await expect(startCli(['--time-scale', '-1'])).rejects.toThrow(/time scale must be a number > 0/);
  });
});
