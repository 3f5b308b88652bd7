// Where Temporal is, read one way for every process that connects (worker, CLI, client API, HTTP API): Temporal's
// own conventions through @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS
// settings, TEMPORAL_PROFILE and temporal.toml), plus our task queue's default.
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** Where `npm start` runs the embedded dev server, and where the CLI looks when nothing is configured. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_NAMESPACE = 'default';
/** The worker's task queue unless EINSTEIN_RETRAIN_TASK_QUEUE names another. */
export const DEFAULT_TASK_QUEUE = 'einstein-retrain';

/** As envconfig gives them: usable by both Connection (client) and NativeConnection (worker). */
export type ConfiguredConnectionOptions = ReturnType<typeof loadClientConnectConfig>['connectionOptions'];

export interface TemporalSettings {
  /** Undefined when neither the environment nor a profile names one (the embedded stack's case). */
  address?: string;
  namespace: string;
  /** TLS, API key and metadata as configured; `address` as above. */
  connectionOptions: ConfiguredConnectionOptions;
}

/** Reads the settings; a broken profile or TLS file throws (each caller says so in its own terms). */
export function readTemporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const loaded = loadClientConnectConfig({ overrideEnvVars: defined });
  const { address, tls, apiKey, metadata } = loaded.connectionOptions;
  return {
    ...(address !== undefined && { address }),
    namespace: loaded.namespace ?? DEFAULT_NAMESPACE,
    connectionOptions: {
      ...(address !== undefined && { address }),
      ...(tls !== undefined && { tls }),
      ...(apiKey !== undefined && { apiKey }),
      ...(metadata !== undefined && { metadata }),
    },
  };
}
