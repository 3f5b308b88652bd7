// The scripts docker-compose.yml relies on, run for real without Docker:
// - scripts/compose-env.js writes the stack's secrets and profile into .env once, readable by its owner only, and
//   never changes a value already there;
// - scripts/compose/temporal-namespace.sh (the postgres profile's namespace step) creates a namespace and registers
//   the workflows' search attributes on a real Temporal server, and can run again (every `up` runs it).
import { Connection } from '@temporalio/client';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveTemporalCli } from '../../../src/temporal/binaries';
import { startDevServer, type DevServer } from '../../../src/temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../../../src/workflows/search-attributes';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const COMPOSE_ENV = path.join(ROOT, 'scripts', 'compose-env.js');

async function composeEnv(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [COMPOSE_ENV, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

const readEnv = (file: string) =>
  Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('scripts/compose-env.js', () => {
  const envFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-env-')), '.env');

  it('writes a random API token, a Postgres password and the dev profile, readable by its owner only, printing no secret', async () => {
    const file = envFile();
    const run = await composeEnv('--file', file);
    expect(run.code).toBe(0);
    const values = readEnv(file);
    expect(values).toEqual({
      EINSTEIN_RETRAIN_API_TOKENS: expect.stringMatching(/^[0-9a-f]{64}$/),
      TEMPORAL_POSTGRES_PASSWORD: expect.stringMatching(/^[0-9a-f]{48}$/),
      COMPOSE_PROFILES: 'dev',
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain('added EINSTEIN_RETRAIN_API_TOKENS, TEMPORAL_POSTGRES_PASSWORD, COMPOSE_PROFILES');
    expect(run.stdout).not.toContain(values.EINSTEIN_RETRAIN_API_TOKENS);
  });

  it('keeps every value already in the file, and the lines it does not know', async () => {
    const file = envFile();
    fs.writeFileSync(file, '# mine\nEINSTEIN_RETRAIN_API_TOKENS=my-own-token-0123456789\nTEMPORAL_ADDRESS=my-ns.tmprl.cloud:7233');
    await composeEnv('--file', file, '--profile', 'postgres');
    const first = fs.readFileSync(file, 'utf8');
    expect(first.startsWith('# mine\nEINSTEIN_RETRAIN_API_TOKENS=my-own-token-0123456789\nTEMPORAL_ADDRESS=my-ns.tmprl.cloud:7233\n')).toBe(true);
    expect(readEnv(file)).toMatchObject({ EINSTEIN_RETRAIN_API_TOKENS: 'my-own-token-0123456789', COMPOSE_PROFILES: 'postgres' });
    const again = await composeEnv('--file', file, '--profile', 'dev');
    expect(again.stdout).toContain('already complete, nothing changed');
    expect(fs.readFileSync(file, 'utf8')).toBe(first);
  });

  it('enables no profile for a Temporal run elsewhere, and refuses an unknown profile', async () => {
    const file = envFile();
    await composeEnv('--file', file, '--profile', 'none');
    expect(readEnv(file).COMPOSE_PROFILES).toBe('');
    const bad = await composeEnv('--file', envFile(), '--profile', 'cloud');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: compose-env [--profile dev|postgres|none]');
  });
});

const onlyWithSh = process.platform === 'win32' ? describe.skip : describe;

onlyWithSh('scripts/compose/temporal-namespace.sh on a real Temporal server', () => {
  let server: DevServer;
  const namespace = `compose-${process.pid}`;
  const script = path.join(ROOT, 'scripts', 'compose', 'temporal-namespace.sh');
  // The script calls `temporal` by name, as in the admin-tools image: the project's binary goes first on PATH.
  const env = () => ({
    PATH: `${path.dirname(resolveTemporalCli())}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: os.tmpdir(),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_WAIT_ATTEMPTS: '15',
  });

  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('creates the namespace and registers the workflows\' search attributes, then finds them there on a second run', async () => {
    const first = await execFileAsync('sh', [script], { env: env() });
    expect(first.stdout).toContain(`namespace ${namespace} is ready`);

    const connection = await Connection.connect({ address: server.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      for (const sa of SEARCH_ATTRIBUTES) expect({ name: sa.name, type: customAttributes?.[sa.name] }).toEqual({ name: sa.name, type: expect.anything() });
    } finally {
      await connection.close();
    }

    const second = await execFileAsync('sh', [script], { env: env() });
    expect(second.stdout).toContain(`namespace ${namespace} exists`);
    for (const sa of SEARCH_ATTRIBUTES) expect(second.stdout).toContain(`search attribute ${sa.name} exists`);
  });
});
