// `einstein-retrain ui`: the model history pages over the report history this machine keeps (the embedded folder,
// or EINSTEIN_RETRAIN_DATABASE_URL), read-only, until Ctrl-C. Unless API tokens are configured, it makes one for
// this run and prints it in the URL's fragment, which the browser keeps to itself (never sent, never logged).
import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { startHistoryServer } from '../api/history-server';
import { connectRetrainClients } from '../client';
import { historyConfigFromEnv } from '../config';
import { describeHistoryStore, reportStoreHolder } from '../history';

export const DEFAULT_UI_PORT = 8089;

/** The page of one model, as `ui` serves it. */
export function modelPageUrl(baseUrl: string, domain: string, modelId: string): string {
  return `${baseUrl}/models/${domain}/${modelId}`;
}

export async function runHistoryUi(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const program = new Command('einstein-retrain ui')
    .description('serve the model history pages (read-only) over the kept reports, until Ctrl-C')
    .addOption(new Option('--port <port>', 'port to listen on').default(DEFAULT_UI_PORT).argParser(portNumber))
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--temporal-ui <url>', "Temporal's web UI, for links from each run to its workflow", 'http://127.0.0.1:8233')
    .option('--namespace <name>', 'Temporal namespace of the runs', env.TEMPORAL_NAMESPACE ?? 'default');
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{ port: number; host: string; temporalUi: string; namespace: string }>();
  const config = historyConfigFromEnv(env);
  if (config === undefined) throw new Error('EINSTEIN_RETRAIN_KEEP_HISTORY is false: there is no report history to show');
  const configured = (env.EINSTEIN_RETRAIN_API_TOKENS ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const token = configured.length > 0 ? undefined : randomBytes(24).toString('base64url');
  const history = reportStoreHolder(config);
  // Temporal is asked only for the next scheduled runs; connected at first use, so the pages serve the history
  // whether Temporal runs or not (the index then shows the next run as unknown), and without retries (the next page
  // load asks again), so no call outlives a page load or Ctrl-C.
  const temporal = await connectRetrainClients({ lazy: true, retryCalls: false, namespace: flags.namespace, env });
  const server = await startHistoryServer({
    history,
    host: flags.host,
    port: flags.port,
    bearerTokens: token === undefined ? configured : [token],
    temporalUi: { url: flags.temporalUi, namespace: flags.namespace },
    nextRunOf: (domain, modelId, options) => temporal.schedules.nextRunOf(domain, modelId, options),
  });
  const fragment = token === undefined ? '' : `#token=${token}`;
  const models = await history
    .get()
    .then((store) => store.models())
    .catch((error: unknown) => {
      process.stderr.write(`The history cannot be read now: ${error instanceof Error ? error.message : String(error)}\n`);
      return [];
    });
  const pages = models.slice(0, 10).map((m) => `  ${modelPageUrl(server.url, m.domain, m.modelId)}${fragment}\n`);
  process.stdout.write(
    `Model history of the ${describeHistoryStore(config)}\n` +
      `  ${server.url}/models${fragment}\n` +
      pages.join('') +
      (token === undefined ? '  (the page asks for one of EINSTEIN_RETRAIN_API_TOKENS)\n' : '') +
      'Ctrl-C stops it.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await history.close();
  await temporal.close();
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65_535) throw new Error(`--port: expected a port from 0 to 65535 (got ${JSON.stringify(value)})`);
  return port;
}
