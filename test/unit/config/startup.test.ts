// `npm start` checks every setting, the trigger API's included, before it starts anything: a bad setting is exit 3
// with the variables named, and no worker, embedded server or API is ever started on half a configuration.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadStartupConfig } from '../../../src/start';
import { configIssues } from './config-issues';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOKEN = 'api-token-0123456789abcdef';
/** Temporal and Einstein both configured, so that nothing embedded is needed. */
const CONFIGURED = { EINSTEIN_BASE_URL: 'https://einstein.invalid', EINSTEIN_ACCESS_TOKEN: 'token', EINSTEIN_RETRAIN_METRICS_PORT: '0' };

const startupIssues = (env: NodeJS.ProcessEnv) => configIssues(loadStartupConfig, env);

describe('loadStartupConfig', () => {
  it('reads the trigger API settings when EINSTEIN_RETRAIN_API_PORT is set', () => {
    const startup = loadStartupConfig({ EINSTEIN_RETRAIN_API_PORT: '9000', EINSTEIN_RETRAIN_API_TOKENS: TOKEN });
    expect(startup.api).toMatchObject({ port: 9000, bearerTokens: [TOKEN] });
    expect(startup.config.taskQueue).toBe('einstein-retrain');
  });

  it('has no trigger API when EINSTEIN_RETRAIN_API_PORT is unset', () => {
    expect(loadStartupConfig({}).api).toBeUndefined();
  });

  it('refuses an API without credentials', () => {
    expect(startupIssues({ EINSTEIN_RETRAIN_API_PORT: '8088' })).toEqual([
      'EINSTEIN_RETRAIN_API_HMAC_SECRET or EINSTEIN_RETRAIN_API_TOKENS: the trigger API needs credentials: set an HMAC secret, bearer tokens, or both',
    ]);
  });

  it('refuses an empty EINSTEIN_RETRAIN_API_PORT instead of quietly running without the API', () => {
    expect(startupIssues({ EINSTEIN_RETRAIN_API_PORT: '', EINSTEIN_RETRAIN_API_TOKENS: TOKEN })).toEqual([
      'EINSTEIN_RETRAIN_API_PORT: port must be an integer from 0 to 65535; it is set but empty',
    ]);
  });

  it('reports the worker\'s and the API\'s problems together', () => {
    expect(startupIssues({ EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: '1e-9', EINSTEIN_RETRAIN_API_PORT: '0x10', EINSTEIN_RETRAIN_API_TOKENS: TOKEN })).toEqual([
      'EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: expected a number from 0.1 to 10000 (activity tasks started per second)',
      'EINSTEIN_RETRAIN_API_PORT: port must be an integer from 0 to 65535',
    ]);
  });
});

/** Runs `npm start`'s entry point with only `env` (and PATH), in an empty HOME so no Temporal profile is read. */
function runStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'einstein-retrain-start-'));
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'src/start.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start with a bad trigger API setting', () => {
  it('exits 3 naming the variable, before connecting to Temporal or starting the worker', async () => {
    // Port 1 on the loopback: were the worker started first, its connection error would be the answer instead.
    const run = await runStart({ ...CONFIGURED, TEMPORAL_ADDRESS: '127.0.0.1:1', EINSTEIN_RETRAIN_API_PORT: '8088', EINSTEIN_RETRAIN_API_TOKENS: 'short' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('npm start failed: Invalid configuration:\n  EINSTEIN_RETRAIN_API_TOKENS (token 1): each bearer token must be at least 16 characters');
    expect(run.stderr).not.toMatch(/127\.0\.0\.1:1|connect/i);
    expect(run.stdout).toBe('');
  }, 120_000);
});
