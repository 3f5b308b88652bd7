// The model history pages on their own, read-only: the pages and the two /v1/models routes, behind bearer tokens.
// `einstein-retrain ui` runs it over the embedded history; the trigger API serves the same routes next to its own.
import Fastify from 'fastify';
import type { ReportStoreHolder } from '../history';
import { requireAuthentication, Authenticator } from './auth';
import { installErrorHandling } from './requests';
import { type NextRunLookup, registerModelRoutes } from './model-routes';
import { registerPageRoutes } from './page-routes';

export interface HistoryServerOptions {
  history: ReportStoreHolder;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Tokens the pages' script must present (the same scheme as the trigger API's). */
  bearerTokens: readonly string[];
  temporalUi?: { url: string; namespace: string };
  /** Each model's next scheduled run for the index. @default not shown (unknown) */
  nextRunOf?: NextRunLookup;
}

export interface HistoryServer {
  url: string;
  close(): Promise<void>;
}

export async function startHistoryServer(options: HistoryServerOptions): Promise<HistoryServer> {
  const app = Fastify({ exposeHeadRoutes: false });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  // GET routes only: no body is read, so the limit only bounds what an odd client sends.
  installErrorHandling(app, 1024, () => routes);
  registerPageRoutes(app, options.temporalUi && { temporalUiUrl: options.temporalUi.url, namespace: options.temporalUi.namespace });
  const authenticator = new Authenticator({ bearerTokens: options.bearerTokens, timestampToleranceSeconds: 300, replayCacheSize: 16 });
  await app.register(
    async (v1) => {
      requireAuthentication(v1, authenticator);
      registerModelRoutes(v1, options.history, options.nextRunOf);
    },
    { prefix: '/v1' },
  );
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
