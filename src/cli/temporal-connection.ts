// How the CLI finds Temporal: Temporal's own conventions through @temporalio/envconfig (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS settings, TEMPORAL_PROFILE and temporal.toml), defaulting to the local
// stack that `npm start` runs on 127.0.0.1:7233.
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { ConfigEnv } from '../config';
import { DEFAULT_TEMPORAL_ADDRESS, readTemporalSettings } from '../temporal/connection-settings';
import { CliError } from './errors/cli-error';
import { EXIT } from './errors/exit-codes';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Whether the address came from the environment or a profile (false: the local default). */
  configured: boolean;
  connectionOptions: ConnectionOptions;
}

export interface TemporalTarget {
  client: Client;
  address: string;
  namespace: string;
  close(): Promise<void>;
}

export const CONNECT_HINT =
  'Start the local stack with `npm start`, or point the CLI at your cluster with TEMPORAL_ADDRESS ' +
  '(and TEMPORAL_NAMESPACE, TEMPORAL_API_KEY or TLS settings).';

/** Reads the connection settings; a broken profile or TLS file is a configuration error (exit 3). */
export function temporalSettings(env: NodeJS.ProcessEnv): TemporalSettings {
  let loaded: ReturnType<typeof readTemporalSettings>;
  try {
    loaded = readTemporalSettings(env);
  } catch (error) {
    throw new CliError(EXIT.INFRASTRUCTURE, 'CONFIG_INVALID', `Invalid Temporal client configuration: ${messageOf(error)}`);
  }
  const address = loaded.address ?? DEFAULT_TEMPORAL_ADDRESS;
  return { address, namespace: loaded.namespace, configured: loaded.address !== undefined, connectionOptions: { ...loaded.connectionOptions, address } };
}

/** The task queue the worker listens on, read with the worker's own config schema. */
export function taskQueueFrom(env: NodeJS.ProcessEnv): string {
  const parsed = ConfigEnv.shape.EINSTEIN_RETRAIN_TASK_QUEUE.safeParse(env.EINSTEIN_RETRAIN_TASK_QUEUE);
  if (!parsed.success) {
    throw new CliError(EXIT.INFRASTRUCTURE, 'CONFIG_INVALID', 'EINSTEIN_RETRAIN_TASK_QUEUE: expected a non-empty task queue name');
  }
  return parsed.data;
}

export async function connectTemporal(env: NodeJS.ProcessEnv, connectTimeoutMs = 5_000): Promise<TemporalTarget> {
  const settings = temporalSettings(env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...settings.connectionOptions, connectTimeout: connectTimeoutMs });
  } catch (error) {
    throw unreachable(settings.address, error);
  }
  return {
    client: new Client({ connection, namespace: settings.namespace }),
    address: settings.address,
    namespace: settings.namespace,
    close: () => connection.close(),
  };
}

export function unreachable(address: string, error: unknown): CliError {
  return new CliError(EXIT.INFRASTRUCTURE, 'TEMPORAL_UNREACHABLE', `Cannot reach Temporal at ${address}: ${messageOf(error)}. ${CONNECT_HINT}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
