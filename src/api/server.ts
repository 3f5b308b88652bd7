// The HTTP trigger API (fastify): feedback events and ops requests in, calls of the client API out. Runs as its own
// process (src/api/main.ts, `npm run api`) or inside the worker process (`startTriggerApi`).
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { parseTriggerApiConfig, type TriggerApiConfig, type TriggerApiConfigInput } from './api-config';
import { requireAuthentication, Authenticator } from './auth';
import { MAX_PARAM_LENGTH, frameworkErrorHandler, installErrorHandling, logRequests, acceptRawJsonBodies } from './requests';
import { registerFeedbackRoutes, registerRetrainRoutes, type TriggerClient } from './trigger-routes';
import { registerHealthRoute, TemporalHealth, type TemporalProbe } from './health';
import { type NextRunLookup, registerModelRoutes } from './model-routes';
import { registerPageRoutes } from './page-routes';
import pino, { type Logger } from 'pino';
import type { ReportStoreHolder } from '../history';

export interface TriggerApiOptions {
  /** Validated by the TriggerApiConfig schema (port, host, credentials, timestamp tolerance, limits). */
  config: TriggerApiConfigInput | TriggerApiConfig;
  /** The client API (a RetrainClient from src/client). */
  client: TriggerClient;
  /** Temporal reachability for /healthz: `temporalProbe(connection)`. */
  temporalProbe: TemporalProbe;
  /** Request logs (pino). @default an info-level logger named einstein-retrain-api */
  logger?: Logger;
  /** Server clock in epoch ms, for signature timestamps. @default Date.now */
  now?: () => number;
  /** The report history, for the read-only /v1/models routes and the pages. @default none: neither is served */
  history?: ReportStoreHolder;
  /** Where the history pages link each run: Temporal's web UI and namespace. @default no links */
  temporalUi?: { url: string; namespace: string };
  /** Each model's next scheduled run for the index (`schedules.nextRunOf`). @default not shown (unknown) */
  nextRunOf?: NextRunLookup;
}

export interface TriggerApi {
  /** Base URL, such as http://127.0.0.1:8088 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface RouteEntry {
  method: string;
  /** fastify syntax: /v1/retrains/:id */
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Builds the fastify app without listening (tests use `app.inject`). */
export async function buildTriggerApi(options: TriggerApiOptions): Promise<FastifyInstance> {
  const config = parseTriggerApiConfig(options.config);
  const app = Fastify({
    loggerInstance: (options.logger ?? defaultLogger()) as FastifyBaseLogger,
    // One line per request comes from logRequests in requests.ts instead (without headers).
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
  });
  const routes: RouteEntry[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  acceptRawJsonBodies(app, config.bodyLimitBytes);
  installErrorHandling(app, config.bodyLimitBytes, () => routes.map((r) => `${r.method} ${r.url}`));
  logRequests(app);
  registerHealthRoute(app, new TemporalHealth(options.temporalProbe, config.healthCacheMs));
  const authenticator = new Authenticator({ ...config, now: options.now });
  if (options.history !== undefined) {
    registerPageRoutes(app, options.temporalUi && { temporalUiUrl: options.temporalUi.url, namespace: options.temporalUi.namespace });
  }
  await app.register(
    async (v1) => {
      requireAuthentication(v1, authenticator);
      registerFeedbackRoutes(v1, options.client);
      registerRetrainRoutes(v1, options.client);
      if (options.history !== undefined) registerModelRoutes(v1, options.history, options.nextRunOf);
    },
    { prefix: '/v1' },
  );
  await app.ready();
  return app;
}

/** pino directly rather than src/logger, which loads the Temporal worker package: the API process needs no worker. */
function defaultLogger(): Logger {
  return pino({ name: 'einstein-retrain-api', level: 'info' });
}

/** Starts the API on config.host:config.port (port 0: a free one). */
export async function startTriggerApi(options: TriggerApiOptions): Promise<TriggerApi> {
  const config = parseTriggerApiConfig(options.config);
  const app = await buildTriggerApi({ ...options, config });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, port, close: () => app.close() };
}

/** The routes an app serves (method and fastify path), for the OpenAPI check and the 404 message. */
export function registeredRoutes(app: FastifyInstance): RouteEntry[] {
  return [...(routeTables.get(app) ?? [])];
}
