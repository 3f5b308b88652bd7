// `npm run demo`: one complete retrain on the embedded default, in about a minute. It starts a Temporal dev server
// (data in .data/demo/temporal.db), the seeded Einstein emulator (scaled time, so a training of ~13 simulated minutes
// takes ~35 s), the worker, and a webhook receiver that verifies the signed report; retrains a fixture vision model
// with the same live display as `retrain --wait`; prints the metrics table and what the run cost; stops everything.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from './config';
import { startEmbeddedStack, type EmbeddedStack } from './embedded-stack';
import { EmulatorControl } from './emulator/control/control-client';
import { FIXTURE } from './emulator/state/fixture';
import { createLogger } from './logger';
import { RetrainClient } from './client';
import type { RetrainReport } from './report';
import { PROJECT_ROOT } from './temporal/binaries';
import { installRuntime, runWorkerProcess, type RunnableConfig, type RunningWorker } from './worker';
import { CliError } from './cli/errors/cli-error';
import { commanderValue, numberRule } from './cli/flags/flag-values';
import { processContext } from './cli/cli-context';
import { renderDemoSummary, trueEndMs } from './launch/demo-summary';
import { formatDuration } from './cli/flags/duration';
import { EXIT } from './cli/errors/exit-codes';
import { emulatorEinstein } from './launch/local-stack';
import { Output } from './cli/output';
import { readRunSnapshot } from './client/run-reader';
import { startWebhookReceiver, type WebhookReceiver } from './launch/webhook-receiver';
import { watchRunToEnd } from './cli/run-display/watch-run';
import { DEFAULT_UI_PORT, modelPageUrl } from './launch/history-ui';
import { reportStoreHolder, type ReportStoreHolder } from './history';

interface DemoFlags {
  timeScale: number;
  seed: number;
  db: string;
}

const TASK_QUEUE = 'einstein-retrain-demo';
const WEBHOOK_WAIT_MS = 20_000;
const ACK_TIMEOUT_MS = 60_000;
const MODEL = FIXTURE.models.visionImage;

function parseFlags(argv: string[]): DemoFlags {
  const positive = commanderValue(numberRule.pipe(z.number().gt(0, 'must be a number greater than 0')));
  return new Command('npm run demo --')
    .description('One complete retrain on the embedded Temporal dev server and Einstein emulator, then a clean stop.')
    .option('--time-scale <factor>', 'emulator: simulated seconds per real second (22: the training takes ~35 s)', positive, 22)
    .option('--seed <n>', 'emulator seed (timings and metrics)', (raw) => Math.trunc(positive(raw)), 1)
    .option('--db <file>', 'SQLite file of the dev server', path.join(PROJECT_ROOT, '.data', 'demo', 'temporal.db'))
    .parse(argv)
    .opts<DemoFlags>();
}

interface Running {
  stack?: EmbeddedStack;
  receiver?: WebhookReceiver;
  worker?: RunningWorker;
  connection?: Connection;
}

async function main(): Promise<number> {
  const startedAtMs = Date.now();
  const flags = parseFlags(process.argv);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const running: Running = {};
  try {
    say(`Starting a Temporal dev server (${displayPath(flags.db)}) and the Einstein emulator (time scale ${flags.timeScale}x)...`);
    running.stack = await startEmbeddedStack({ temporalDbFile: flags.db, seed: flags.seed, timeScale: flags.timeScale });
    const secret = randomBytes(32).toString('hex');
    const verified: RetrainReport[] = [];
    running.receiver = await startWebhookReceiver(secret, (report) => verified.push(report));
    const address = running.stack.temporal!.address;
    running.connection = await Connection.connect({ address });
    const client = new Client({ connection: running.connection });
    // Before the worker starts: a leftover run must not make a single call to this demo's emulator.
    await terminateLeftovers(client);
    await installRuntime(createLogger('warn'), false);
    const config = demoConfig(running.stack, running.receiver.url, secret);
    // The history database is opened before the run: opening it compiles PostgreSQL's WebAssembly, which holds this
    // process for a few seconds, and the live display's queries must not wait behind that.
    const historyStore = config.sinks.history && reportStoreHolder(config.sinks.history);
    await historyStore?.get().catch(() => undefined); // not fatal: the history sink retries, the end says so
    running.worker = await runWorkerProcess({
      config,
      connection: { address },
      namespace: 'default',
      logger: createLogger('warn'),
      ...(historyStore && { historyStore }),
    });
    say(`Temporal ${address} · Einstein emulator ${running.stack.emulator!.url} · webhook receiver ${running.receiver.url}\n`);

    // Through the model's coordinator, as every trigger goes: the run it starts is the one the demo follows. The worker
    // is already polling, so its answer is waited for (a busy machine can take longer than the default ack timeout).
    const ack = await new RetrainClient({ client, taskQueue: TASK_QUEUE, ackTimeoutMs: ACK_TIMEOUT_MS }).requestRetrain({ domain: MODEL.domain, modelId: MODEL.modelId, source: 'cli' });
    const workflowId = ack.retrainWorkflowId;
    if (workflowId === undefined) throw new CliError(EXIT.INFRASTRUCTURE, 'NO_RUN', `The coordinator did not start a run (${ack.disposition}); is the worker polling ${TASK_QUEUE}?`);
    say(`Retraining "${MODEL.name}" (${MODEL.domain} ${MODEL.modelId}) — workflow ${workflowId}`);
    const context = processContext();
    const exitCode = await watchRunToEnd(client, workflowId, context, new Output(context.stdout, context.stderr, false));

    const view = await readRunSnapshot(client, workflowId);
    const control = new EmulatorControl(running.stack.emulator!.url);
    const [state, calls] = await Promise.all([control.state(), control.calls()]);
    say('');
    say(renderDemoSummary({ view, trainingEndMs: trueEndMs(state, MODEL.modelId), emulatorCalls: calls.total }));
    // Delivered inline before the run ended, or by its report child when a sink was down: wait either way.
    const delivered = await waitFor(() => verified.some((report) => report.workflowId === workflowId), WEBHOOK_WAIT_MS);
    say(delivered ? 'webhook: signed report received and verified' : `webhook: no verified report within ${formatDuration(WEBHOOK_WAIT_MS)} (rejected: ${running.receiver.rejected.join(', ') || 'none'})`);
    // The report reaches the history through the same delivery; stop only once it has been kept.
    const kept = historyStore !== undefined && view.report !== undefined && (await keptInHistory(historyStore, view.report.reportId));
    await shutdown(running);
    if (kept) {
      say(`\nModel history: run \`npx einstein-retrain ui\` and open this run's model page (ui prints it with its access token):`);
      say(`  ${modelPageUrl(`http://127.0.0.1:${DEFAULT_UI_PORT}`, MODEL.domain, MODEL.modelId)}`);
    } else {
      say(`\nModel history: the report was not kept within ${formatDuration(WEBHOOK_WAIT_MS)} (see the worker's warnings).`);
    }
    say(`\nEverything stopped cleanly. Total wall time ${formatDuration(Date.now() - startedAtMs)}.`);
    return delivered ? exitCode : EXIT.INFRASTRUCTURE;
  } finally {
    await shutdown(running);
  }
}

/** Whether the run's report is in the history store (the sink itself, whichever delivery wrote it), within the wait. */
async function keptInHistory(historyStore: ReportStoreHolder, reportId: string): Promise<boolean> {
  const deadline = Date.now() + WEBHOOK_WAIT_MS;
  for (;;) {
    const found = await historyStore.get().then((store) => store.report(reportId)).catch(() => undefined);
    if (found !== undefined) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The worker's configuration, read with the worker's own schema from a fixed environment (not the user's). */
function demoConfig(stack: EmbeddedStack, webhookUrl: string, secret: string): RunnableConfig {
  const config = loadConfig({
    EINSTEIN_RETRAIN_TASK_QUEUE: TASK_QUEUE,
    EINSTEIN_RETRAIN_METRICS_PORT: '0',
    // The webhook is the demo's sink; the log sink would bury the live display under a JSON line.
    EINSTEIN_RETRAIN_LOG_REPORTS: 'false',
    EINSTEIN_RETRAIN_WEBHOOK_URL: webhookUrl,
    EINSTEIN_RETRAIN_WEBHOOK_SECRET: secret,
    LOG_LEVEL: 'warn',
    // The history `npx einstein-retrain ui` reads from the project folder.
    EINSTEIN_RETRAIN_HISTORY_DIR: path.join(PROJECT_ROOT, '.data', 'history'),
  });
  return { ...config, einstein: emulatorEinstein(stack) };
}

/** Runs of an interrupted earlier demo would resume in this one (same database): end them first. */
async function terminateLeftovers(client: Client): Promise<void> {
  for await (const run of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${TASK_QUEUE}'` })) {
    await client.workflow.getHandle(run.workflowId, run.runId).terminate('left over from an interrupted demo').catch(() => undefined);
  }
}

/** Relative to the working directory when inside it (the common case), absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Worker first (it drains), then the client, the receiver and the servers; safe to call twice. */
async function shutdown(running: Running): Promise<void> {
  const { worker, connection, receiver, stack } = running;
  running.worker = running.connection = running.receiver = running.stack = undefined;
  await worker?.stop();
  await connection?.close();
  await receiver?.close();
  await stack?.stop();
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof CliError && error.exitCode === EXIT.INTERRUPTED) {
        process.stderr.write('\nDemo interrupted; everything is stopped (a demo started later ends the unfinished run).\n');
      } else {
        process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      process.exit(error instanceof CliError ? error.exitCode : EXIT.INFRASTRUCTURE);
    },
  );
}
