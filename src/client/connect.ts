// Connects the client API the way the worker is configured: Temporal's own environment conventions
// (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key, temporal.toml profiles) and our task queue variable.
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE, readTemporalSettings } from '../temporal/connection-settings';
import { TemporalUnavailableError } from './errors';
import { RetrainClient } from './retrain-client';
import { RetrainSchedules } from './schedules';

export { DEFAULT_TASK_QUEUE };

export interface ConnectedClients {
  client: Client;
  retrain: RetrainClient;
  schedules: RetrainSchedules;
  taskQueue: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** host:port; overrides TEMPORAL_ADDRESS. */
  address?: string;
  namespace?: string;
  taskQueue?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Connect at the first call instead of now, so a Temporal that is down does not stop the caller from starting
   * (each call then fails as unavailable until it is up). @default false
   */
  lazy?: boolean;
  /**
   * Retry failed gRPC calls with backoff (the SDK's default). Off for callers that ask again themselves (the history
   * pages: the next page load): a retry still pending would outlive its caller. @default true
   */
  retryCalls?: boolean;
}

export async function connectRetrainClients(options: ConnectOptions = {}): Promise<ConnectedClients> {
  const env = options.env ?? process.env;
  const config = readTemporalSettings(env);
  const connectionOptions = {
    ...config.connectionOptions,
    ...(options.address && { address: options.address }),
    ...(options.retryCalls === false && { interceptors: [] }),
  } as ConnectionOptions;
  let connection: Connection;
  try {
    connection = options.lazy ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
  } catch (error) {
    throw new TemporalUnavailableError(`${connectionOptions.address ?? 'default address'}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const client = new Client({ connection, namespace: options.namespace ?? config.namespace });
  const taskQueue = options.taskQueue ?? env.EINSTEIN_RETRAIN_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
  return {
    client,
    retrain: new RetrainClient({ client, taskQueue }),
    schedules: new RetrainSchedules({ client, taskQueue }),
    taskQueue,
    close: () => connection.close(),
  };
}
