/**
 * Standalone emulator: `npm run emulator -- --port 8099 --time-scale 60`.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { FIXTURE } from './state/fixture';
import { startEmulator, type EmulatorOptions } from './server';

interface CliOptions {
  port: number;
  host: string;
  seed: number;
  timeScale: number;
  queueCapacity: number;
  publicKey?: string;
  account: string;
  staticToken: string[];
  stateFile?: string;
  log: boolean;
}

const integer = (name: string, min: number) => (raw: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return value;
};

const positive = (raw: string) => {
  const value = Number(raw);
  if (!(value > 0)) throw new InvalidArgumentError('time scale must be a number > 0');
  return value;
};

export function buildCli(): Command {
  return new Command('einstein-emulator')
    .description('Einstein Vision/Language API emulator (stateful, with a training simulator and fault injection)')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer('port', 0), 8099)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <seed>', 'seed of every random choice', integer('seed', 0), 1)
    .option('--time-scale <factor>', 'simulated seconds per real second', positive, 1)
    .option('--queue-capacity <n>', 'trainings RUNNING at once', integer('queue capacity', 1), 2)
    .option('--public-key <file>', 'PEM file with the RSA key of the JWT-bearer account (public or private key)')
    .option('--account <sub>', 'JWT sub of that account', FIXTURE.account.sub)
    .option('--static-token <token>', 'access token accepted as-is (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--state-file <path>', 'keep the whole state in this JSON file and continue from it at start (its seed, time scale and queue capacity win)')
    .option('--log', 'log every request (JSON lines on stdout)', false);
}

export function optionsFrom(cli: CliOptions): EmulatorOptions {
  return {
    host: cli.host,
    port: cli.port,
    seed: cli.seed,
    timeScale: cli.timeScale,
    queueCapacity: cli.queueCapacity,
    accounts: cli.publicKey ? [{ sub: cli.account, publicKeyPem: readFileSync(cli.publicKey, 'utf8') }] : [],
    staticTokens: cli.staticToken,
    ...(cli.stateFile !== undefined ? { stateFile: cli.stateFile } : {}),
    logger: cli.log ? pino({ level: 'info' }) : false,
  };
}

async function main(): Promise<void> {
  const cli = buildCli().parse().opts<CliOptions>();
  const handle = await startEmulator(optionsFrom(cli));
  const lines = [
    `Einstein emulator listening on ${handle.url}`,
    `  token URL: ${handle.url}/v2/oauth2/token   control API: ${handle.url}/__emulator/state`,
    `  seed ${handle.settings.seed}, time scale ${handle.settings.timeScale}x, queue capacity ${handle.settings.queueCapacity}`,
    ...(cli.stateFile !== undefined ? [`  state file: ${cli.stateFile} (${handle.restored ? 'continued' : 'new'})`] : []),
    '  fixture models:',
    ...Object.entries(FIXTURE.models).map(([key, m]) => `    ${key.padEnd(28)} ${m.modelId}  ${m.domain}/${m.modelType}  dataset ${m.datasetId}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the emulator\n`);
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Einstein emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
