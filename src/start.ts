// `npm start`: the service on one machine. With nothing configured it runs the embedded default — a Temporal dev
// server on 127.0.0.1:7233 (Web UI :8233, data in .data/temporal.db) and the Einstein emulator on :8099 — and the
// worker next to them; configured Temporal (TEMPORAL_ADDRESS or a profile) and Einstein (EINSTEIN_BASE_URL) replace
// the embedded parts. Logs are JSON lines on stdout; the banner and start-up errors go to stderr.
// `npm start` runs the compiled form (dist/start.js, after `npm run build`), which loads the prebuilt workflow bundle;
// `npm run start:dev` runs these sources with ts-node, which bundles the workflows at start-up.
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { Registry } from 'prom-client';
import { ConfigError, defaultWorkflowHeapMb, loadConfig, WORKER_DEFAULTS, type AppConfig } from './config';
// Types only: the embedded stack (dev server, emulator and its web framework) is loaded when it is started, so a
// configured production worker never loads it.
import type { EmbeddedStack } from './embedded-stack';
import { createLogger } from './logger';
import { PROJECT_ROOT } from './temporal/binaries';
import { installRuntime, runWorkerProcess, startMetrics, waitForTemporal, workflowSource, type RunningWorker } from './worker';
import type { Logger } from './logger';
import { EXIT } from './cli/errors/exit-codes';
import { emulatorEinstein } from './launch/local-stack';
import { renderBanner } from './launch/start-banner';
import { readTemporalSettings } from './temporal/connection-settings';
import { connectRetrainClients } from './client';
import { reportStoreHolder, type ReportStoreHolder } from './history';
// The trigger API's settings only; its HTTP server is loaded when EINSTEIN_RETRAIN_API_PORT asks for it.
import { triggerApiConfigFromEnv, type TriggerApiConfig } from './api/api-config';
import { commanderValue, integerInRange, numberRule } from './cli/flags/flag-values';

interface StartFlags {
  temporalPort: number;
  uiPort: number;
  emulatorPort: number;
  timeScale: number;
  db: string;
  waitForTemporal: number;
}

const port = commanderValue(integerInRange(1, 65_535));
const positive = commanderValue(numberRule.pipe(z.number().gt(0, 'must be a number greater than 0')));
const seconds = commanderValue(integerInRange(0, 86_400));

function parseFlags(argv: string[]): StartFlags {
  return new Command('npm start --')
    .description('Run the retrain worker; with nothing configured, also the embedded Temporal dev server and Einstein emulator.')
    .option('--temporal-port <port>', 'gRPC port of the embedded dev server', port, 7233)
    .option('--ui-port <port>', 'Web UI port of the embedded dev server', port, 8233)
    .option('--emulator-port <port>', 'port of the embedded emulator', port, 8099)
    .option('--time-scale <factor>', 'emulator: simulated seconds per real second', positive, 30)
    .option('--db <file>', 'SQLite file of the embedded dev server', path.join(PROJECT_ROOT, '.data', 'temporal.db'))
    .option(
      '--wait-for-temporal <seconds>',
      'configured Temporal: keep retrying the connection (and the namespace) this long before giving up; 0 tries once',
      seconds,
      0,
    )
    .addHelpText('after', sizingHelp())
    .parse(argv)
    .opts<StartFlags>();
}

/** The variables that size the worker, with their defaults (docs/OPERATIONS.md, "Sizing a worker"). */
function sizingHelp(): string {
  const cache = WORKER_DEFAULTS.maxCachedWorkflows;
  return [
    '',
    'Sizing (environment; docs/OPERATIONS.md, "Sizing a worker"):',
    `  EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS              retrains kept in memory (default ${cache})`,
    `  EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB                  heap limit of the workflow thread, MiB (default from the cache: ${defaultWorkflowHeapMb(cache)} for ${cache}; 0: none)`,
    `  EINSTEIN_RETRAIN_MAX_CONCURRENT_WORKFLOW_TASKS     workflow tasks at once (default ${WORKER_DEFAULTS.maxConcurrentWorkflowTaskExecutions})`,
    `  EINSTEIN_RETRAIN_MAX_CONCURRENT_ACTIVITIES         activities at once (default ${WORKER_DEFAULTS.maxConcurrentActivityTaskExecutions})`,
    `  EINSTEIN_RETRAIN_MAX_CONCURRENT_LOCAL_ACTIVITIES   local activities at once (default ${WORKER_DEFAULTS.maxConcurrentLocalActivityExecutions})`,
  ].join('\n');
}

/** What start-up reads from the environment. */
export interface StartupConfig {
  config: AppConfig;
  /** The trigger API's settings when EINSTEIN_RETRAIN_API_PORT is set (even to an empty value, which is refused). */
  api?: TriggerApiConfig;
}

/**
 * Reads and checks every setting at once, before anything starts: a bad trigger-API setting found after the worker
 * started would leave a worker polling without the API it was configured with. All problems are reported together.
 */
export function loadStartupConfig(env: NodeJS.ProcessEnv): StartupConfig {
  const issues: string[] = [];
  const config = collectIssues(() => loadConfig(env), issues);
  const api = env.EINSTEIN_RETRAIN_API_PORT === undefined ? undefined : collectIssues(() => triggerApiConfigFromEnv(env), issues);
  if (issues.length > 0 || config === undefined) throw new ConfigError(issues);
  return { config, ...(api && { api }) };
}

function collectIssues<T>(read: () => T, issues: string[]): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv);
  const { config, api: apiConfig } = loadStartupConfig(process.env);
  // Checked with the rest of the configuration: a named bundle that is missing is a start-up error, not a late one.
  workflowSource(process.env);
  const logger = createLogger(config.logLevel);
  const temporal = readTemporalSettings(process.env);
  const embedTemporal = temporal.address === undefined;
  const namespace = temporal.namespace;
  if (!embedTemporal && flags.waitForTemporal > 0) {
    await waitForTemporal({ connection: temporal.connectionOptions, namespace, timeoutMs: flags.waitForTemporal * 1000, logger });
  }
  const stack = await startStack(flags, embedTemporal, config.einstein === undefined);
  const address = stack?.temporal?.address ?? temporal.connectionOptions.address!;
  try {
    const runnable = { ...config, einstein: config.einstein ?? emulatorEinstein(stack!) };
    const registry = new Registry();
    const sdkMetricsAddress = await installRuntime(logger, config.metricsPort > 0);
    // One history store for the worker's sink and the API's model pages: an embedded database admits one process.
    const historyStore = config.sinks.history && reportStoreHolder(config.sinks.history);
    const worker = await runWorkerProcess({
      config: runnable,
      connection: { ...temporal.connectionOptions, address },
      namespace,
      logger,
      registry,
      ...(historyStore && { historyStore }),
    });
    const metrics = await startMetrics(config, registry, sdkMetricsAddress);
    const temporalUi = stack?.temporal?.uiUrl === undefined ? undefined : { url: stack.temporal.uiUrl, namespace };
    const api = apiConfig && (await startApi(apiConfig, address, namespace, config.taskQueue, logger, { history: historyStore, temporalUi }));
    const stopOnSignals = drainOnSignals(worker, logger);
    process.stderr.write(`${renderBanner({
      temporalAddress: address,
      namespace,
      uiUrl: stack?.temporal?.uiUrl,
      temporalDbFile: embedTemporal ? path.relative(process.cwd(), flags.db) || flags.db : undefined,
      einsteinUrl: runnable.einstein.baseUrl,
      emulatorTimeScale: config.einstein === undefined ? flags.timeScale : undefined,
      taskQueue: config.taskQueue,
      metricsUrl: metrics?.url,
    })}\n`);
    await worker.running.finally(() => worker.stop());
    stopOnSignals();
    await api?.close();
    await historyStore?.close();
    await metrics?.close();
    logger.info('worker stopped');
  } finally {
    await stack?.stop();
  }
}

/**
 * SIGTERM/SIGINT drain the worker (in-flight activities finish; workflows resume on any worker later); `main` then
 * stops the metrics endpoint and the embedded stack. A second signal exits at once.
 */
function drainOnSignals(worker: RunningWorker, logger: Logger): () => void {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(EXIT.INTERRUPTED);
    }
    draining = true;
    logger.info({ signal }, 'shutting down: finishing in-flight tasks');
    if (worker.worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
}

/** The embedded parts that are not configured; undefined when both Temporal and Einstein are. */
async function startStack(flags: StartFlags, temporal: boolean, emulator: boolean): Promise<EmbeddedStack | undefined> {
  if (!temporal && !emulator) return undefined;
  const { startEmbeddedStack } = await import('./embedded-stack');
  return startEmbeddedStack({
    temporal,
    emulator,
    temporalPort: flags.temporalPort,
    temporalUiPort: flags.uiPort,
    temporalDbFile: flags.db,
    emulatorPort: flags.emulatorPort,
    timeScale: flags.timeScale,
  });
}

/** Start-up failures: what went wrong and what to do, then exit 3 (the CLI's "infrastructure" code). */
function explain(error: unknown): string {
  if (error instanceof ConfigError) return `${error.message}\nFix the variables above (see README, Configuration).`;
  const message = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE|address already in use|bind/i.test(message)) {
    return `${message}\nA port is taken: is another 'npm start' running? Stop it, or choose other ports (npm start -- --help).`;
  }
  return message;
}

/** Runs `npm start` in this process; scripts/start-built.js calls it after checking that the build is there. */
export function run(): void {
  main().catch((error: unknown) => {
    process.stderr.write(`npm start failed: ${explain(error)}\n`);
    process.exit(EXIT.INFRASTRUCTURE);
  });
}

if (require.main === module) run();


/** The HTTP trigger API in this process, with the settings loadStartupConfig checked (see src/api/api-config.ts). */
async function startApi(
  config: TriggerApiConfig,
  address: string,
  namespace: string,
  taskQueue: string,
  logger: Logger,
  pages: { history?: ReportStoreHolder; temporalUi?: { url: string; namespace: string } },
) {
  const { startTriggerApi, temporalProbe } = await import('./api');
  const clients = await connectRetrainClients({ address, namespace, taskQueue });
  const api = await startTriggerApi({
    config,
    client: clients.retrain,
    temporalProbe: temporalProbe(clients.client.connection),
    logger,
    ...(pages.history && { history: pages.history }),
    ...(pages.temporalUi && { temporalUi: pages.temporalUi }),
    nextRunOf: (domain, modelId, options) => clients.schedules.nextRunOf(domain, modelId, options),
  });
  logger.info({ url: api.url, ...(pages.history && { modelPages: `${api.url}/models` }) }, 'trigger API listening');
  return { close: async () => (await api.close(), await clients.close()) };
}
