/**
 * The trigger API as its own process: `npm run api`. Temporal is reached through Temporal's own environment
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key), the task queue is EINSTEIN_RETRAIN_TASK_QUEUE, and the API's
 * own settings come from EINSTEIN_RETRAIN_API_* (src/api/api-config.ts). Stops cleanly on SIGTERM/SIGINT.
 */
import pino from 'pino';
import { connectRetrainClients } from '../client';
import { ConfigEnv, ConfigError, historyConfigFromEnv } from '../config';
import { reportStoreHolder } from '../history';
import { triggerApiConfigFromEnv } from './api-config';
import { startTriggerApi } from './server';
import { temporalProbe } from './health';

const ProcessEnv = ConfigEnv.pick({ EINSTEIN_RETRAIN_TASK_QUEUE: true, LOG_LEVEL: true });

async function main(): Promise<void> {
  const parsed = ProcessEnv.safeParse(process.env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const logger = pino({ name: 'einstein-retrain-api', level: parsed.data.LOG_LEVEL });
  const config = triggerApiConfigFromEnv(process.env);
  // The model pages read the history the workers write: a PostgreSQL server by URL. An embedded folder admits one
  // process, so with it the pages answer 503 while a worker holds it (npm start serves them from the worker's process).
  const historyConfig = historyConfigFromEnv(process.env);
  const history = historyConfig && reportStoreHolder(historyConfig);
  const clients = await connectRetrainClients({ taskQueue: parsed.data.EINSTEIN_RETRAIN_TASK_QUEUE });
  const api = await startTriggerApi({
    config,
    client: clients.retrain,
    temporalProbe: temporalProbe(clients.client.connection),
    logger,
    ...(history && { history, nextRunOf: (domain, modelId, options) => clients.schedules.nextRunOf(domain, modelId, options) }),
  });
  logger.info({ url: api.url, taskQueue: clients.taskQueue, hmac: config.hmacSecret !== undefined, bearerTokens: config.bearerTokens.length }, 'trigger API listening');
  const stop = (signal: string) => {
    logger.info({ signal }, 'trigger API shutting down');
    api
      .close()
      .then(() => clients.close())
      .then(() => history?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'trigger API did not shut down cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Configuration and connection errors name what to set; neither carries a secret.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`einstein-retrain API: ${message}\n`);
  process.exit(1);
});
