// `npm run api` as its own process, configured only by environment variables: it connects to Temporal, serves the
// routes, refuses to start without credentials, and stops cleanly on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import { startEmbeddedStack, type EmbeddedStack } from '../../../src/embedded-stack';
import { freePort } from '../../../src/temporal/free-port';

const ROOT = path.join(__dirname, '../../..');
const TOKEN = 'process-bearer-token-0123456789';

function startApiProcess(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/api/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the trigger API process', () => {
  let stack: EmbeddedStack;
  beforeAll(async () => {
    stack = await startEmbeddedStack({ emulator: false });
  });
  afterAll(() => stack?.stop());

  it('serves /healthz and authenticated routes, and stops on SIGTERM', async () => {
    const port = await freePort();
    const api = startApiProcess({ TEMPORAL_ADDRESS: stack.temporal!.address, EINSTEIN_RETRAIN_API_PORT: String(port), EINSTEIN_RETRAIN_API_TOKENS: TOKEN });
    try {
      await waitFor(() => api.output().includes('trigger API listening'));
      expect(api.output()).not.toContain(TOKEN);
      const health = await request(`http://127.0.0.1:${port}/healthz`);
      expect(health.statusCode).toBe(200);
      expect(await health.body.json()).toMatchObject({ temporal: { reachable: true } });
      const unknown = await request(`http://127.0.0.1:${port}/v1/retrains/no-such-run`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(unknown.statusCode).toBe(404);
      expect(await unknown.body.json()).toMatchObject({ error: { code: 'RETRAIN_NOT_FOUND' } });
      const unsigned = await request(`http://127.0.0.1:${port}/v1/retrains/no-such-run`);
      expect(unsigned.statusCode).toBe(401);
      await unsigned.body.dump();
    } finally {
      api.child.kill('SIGTERM');
    }
    expect(await api.exited).toBe(0);
  });

  it('refuses to start without credentials, naming the variables to set', async () => {
    const api = startApiProcess({ TEMPORAL_ADDRESS: stack.temporal!.address });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('EINSTEIN_RETRAIN_API_HMAC_SECRET or EINSTEIN_RETRAIN_API_TOKENS');
  });
});
