// The worker process: validated config, Temporal runtime (logs + metrics), the Einstein client, the sinks,
// the metrics endpoint. `src/start.ts` (`npm start`) runs it as a process with graceful shutdown.
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { createActivities, recordApiCall } from './activities';
import type { AppConfig } from './config';
import { createEinsteinClient } from './einstein-from-config';
import { sdkLogger, type Logger } from './logger';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { sinksFromConfig } from './sinks';
import { freePort } from './temporal/free-port';

export interface RetrainWorkerOptions {
  config: AppConfig & { einstein: NonNullable<AppConfig['einstein']> };
  connection: NativeConnection;
  namespace?: string;
  logger: Logger;
  /** Metrics registry for the Prometheus sink; a fresh one when omitted. */
  registry?: Registry;
  /** Extra Worker.create options (tests use identity, etc.). */
  workerOptions?: Partial<Parameters<typeof Worker.create>[0]>;
}

export interface RetrainWorker {
  worker: Worker;
  /** Runs until shutdown() or a fatal error; closes the Einstein client at the end. */
  run(): Promise<void>;
  shutdown(): void;
}

export const WORKFLOWS_PATH = require.resolve('./workflows');

export async function createRetrainWorker(options: RetrainWorkerOptions): Promise<RetrainWorker> {
  const { config, logger } = options;
  const einstein = createEinsteinClient(config.einstein, { onCall: recordApiCall });
  const sinks = sinksFromConfig(config.sinks, { logger, registry: options.registry });
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: config.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ einstein, sinks, temporal: new Client({ connection: options.connection, namespace: options.namespace }) }),
    // Every activity makes Einstein calls; this caps them across all workers of the task queue.
    maxTaskQueueActivitiesPerSecond: config.maxApiCallsPerSecond,
    ...options.workerOptions,
  });
  return {
    worker,
    run: async () => {
      try {
        await worker.run();
      } finally {
        await einstein.close();
      }
    },
    shutdown: () => worker.shutdown(),
  };
}

/** Installs the Temporal runtime once per process: logs through pino, metrics on a private loopback port. */
export async function installRuntime(logger: Logger, withMetrics: boolean): Promise<string | undefined> {
  const sdkMetricsAddress = withMetrics ? `127.0.0.1:${await freePort()}` : undefined;
  Runtime.install({
    logger: sdkLogger(logger),
    telemetryOptions: sdkMetricsAddress ? { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } } : {},
  });
  return sdkMetricsAddress;
}

export async function startMetrics(config: AppConfig, registry: Registry, sdkMetricsAddress?: string): Promise<MetricsServer | undefined> {
  if (config.metricsPort === 0) return undefined;
  return startMetricsServer({ port: config.metricsPort, host: config.metricsHost, registry, sdkMetricsAddress });
}
