/**
 * One scenario's stack, every part in its own process and its own folder: the emulator (JWT account for the worker,
 * a static token for the runner's set-up calls, a state file), the Temporal dev server (a SQLite file), a webhook
 * receiver that verifies signatures and records every delivery, and the supervised worker (debug logs to a file).
 * The secrets it hands out are kept here so the checker can look for them afterwards.
 */
import { Client, Connection } from '@temporalio/client';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/launch/webhook-receiver';
import { EmulatorControl } from '../../src/emulator/control/control-client';
import { FIXTURE } from '../../src/emulator/state/fixture';
import type { RetrainReport } from '../../src/report';
import { freePort } from '../../src/temporal/free-port';
import { EmulatorProcess, TemporalProcess, WorkerSupervisor } from './processes';

export const TASK_QUEUE = 'chaos';

export interface Secrets {
  privateKeyPem: string;
  webhookSecret: string;
  /** The runner's own static token (set-up calls); never given to the worker. */
  setupToken: string;
}

export interface Delivery {
  report: RetrainReport;
  at: number;
}

export interface ChaosStack {
  dir: string;
  secrets: Secrets;
  emulator: EmulatorProcess;
  control: EmulatorControl;
  temporal: TemporalProcess;
  worker: WorkerSupervisor;
  client: Client;
  receiver: WebhookReceiver;
  deliveries: Delivery[];
  files: { workerLog: string; jsonl: string; emulatorState: string; history: string };
  stop(): Promise<void>;
}

export interface StackOptions {
  dir: string;
  seed: number;
  timeScale: number;
  workflowBundle: string;
}

export async function startChaosStack(options: StackOptions): Promise<ChaosStack> {
  const { dir } = options;
  fs.mkdirSync(dir, { recursive: true });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const secrets: Secrets = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    webhookSecret: `whsec-${randomBytes(24).toString('hex')}`,
    setupToken: randomBytes(32).toString('hex').toUpperCase(),
  };
  const files = {
    publicKey: path.join(dir, 'account.pub.pem'),
    privateKey: path.join(dir, 'account.key.pem'),
    emulatorState: path.join(dir, 'emulator-state.json'),
    emulatorLog: path.join(dir, 'emulator.log'),
    temporalDb: path.join(dir, 'temporal.db'),
    workerLog: path.join(dir, 'worker.log'),
    jsonl: path.join(dir, 'reports.jsonl'),
    history: path.join(dir, 'history'),
  };
  fs.writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  fs.writeFileSync(files.privateKey, secrets.privateKeyPem, { mode: 0o600 });

  const stoppers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const deliveries: Delivery[] = [];
    const receiver = await startWebhookReceiver(secrets.webhookSecret, (report) => deliveries.push({ report, at: Date.now() }));
    stoppers.push(() => receiver.close());

    const emulator = new EmulatorProcess({
      port: await freePort(),
      stateFile: files.emulatorState,
      seed: options.seed,
      timeScale: options.timeScale,
      queueCapacity: 1000,
      publicKeyFile: files.publicKey,
      accountId: FIXTURE.account.sub,
      staticToken: secrets.setupToken,
      logFile: files.emulatorLog,
    });
    const temporal = new TemporalProcess(await freePort(), files.temporalDb);
    stoppers.push(() => emulator.stop(), () => temporal.stop());
    await Promise.all([emulator.start(), temporal.start()]);

    const connection = await Connection.connect({ address: temporal.address });
    stoppers.push(() => connection.close());
    const worker = new WorkerSupervisor({
      logFile: files.workerLog,
      restartDelayMs: 500,
      env: {
        TEMPORAL_ADDRESS: temporal.address,
        CHAOS_WORKFLOW_BUNDLE: options.workflowBundle,
        EINSTEIN_BASE_URL: emulator.url,
        EINSTEIN_ACCOUNT_ID: FIXTURE.account.sub,
        EINSTEIN_PRIVATE_KEY_FILE: files.privateKey,
        EINSTEIN_RETRAIN_TASK_QUEUE: TASK_QUEUE,
        EINSTEIN_RETRAIN_MAX_API_CALLS_PER_SECOND: '500',
        EINSTEIN_RETRAIN_METRICS_PORT: '0',
        EINSTEIN_RETRAIN_JSONL_FILE: files.jsonl,
        EINSTEIN_RETRAIN_WEBHOOK_URL: receiver.url,
        EINSTEIN_RETRAIN_WEBHOOK_SECRET: secrets.webhookSecret,
        // The report history of this stack alone: the embedded database serves one process at a time, so a default
        // folder shared by stacks side by side (--parallel) would fail that sink on all but one of them, sending
        // their reports down the fallback path instead of the inline one the scenario means to test.
        EINSTEIN_RETRAIN_HISTORY_DIR: files.history,
        LOG_LEVEL: 'debug',
      },
    });
    // Stopped first: a worker outliving Temporal would only log connection errors.
    stoppers.push(() => worker.stop());
    await worker.start();
    return {
      dir,
      secrets,
      emulator,
      control: new EmulatorControl(emulator.url),
      temporal,
      worker,
      client: new Client({ connection }),
      receiver,
      deliveries,
      files: { workerLog: files.workerLog, jsonl: files.jsonl, emulatorState: files.emulatorState, history: files.history },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
