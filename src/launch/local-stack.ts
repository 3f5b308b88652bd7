// Pieces shared by `npm start` and `npm run demo`: the worker configuration that points at the embedded emulator,
// and a worker run in this process.
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import type { EmbeddedStack } from '../embedded-stack';
import type { Logger } from '../logger';
import { createRetrainWorker, type RetrainWorker } from '../worker';

export type RunnableConfig = AppConfig & { einstein: NonNullable<AppConfig['einstein']> };

/** Einstein settings for the embedded emulator: its URL and the key pair it was started to trust. */
export function emulatorEinstein(stack: EmbeddedStack): RunnableConfig['einstein'] {
  if (!stack.emulator || !stack.account) throw new Error('the embedded stack has no emulator');
  return {
    baseUrl: stack.emulator.url,
    auth: { mode: 'jwt', accountId: stack.account.accountId, privateKey: { pem: stack.account.privateKeyPem }, validForSeconds: 3600 },
  };
}

export interface InProcessWorker {
  worker: RetrainWorker;
  /** Resolves when the worker has drained after shutdown(); rejects on a fatal worker error. */
  running: Promise<void>;
  /** Drains the worker, then closes its connection. */
  stop(): Promise<void>;
}

export async function startWorkerInProcess(options: {
  config: RunnableConfig;
  connection: NativeConnectionOptions;
  namespace: string;
  logger: Logger;
  registry?: Registry;
}): Promise<InProcessWorker> {
  const connection = await NativeConnection.connect(options.connection);
  try {
    const worker = await createRetrainWorker({ ...options, connection });
    const running = worker.run();
    return {
      worker,
      running,
      stop: async () => {
        if (worker.worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
