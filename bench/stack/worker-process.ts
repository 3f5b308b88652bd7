/**
 * Entry point of the worker child process the scale and overhead benches fork: one worker, alone in its process, so
 * /proc/<pid> shows its memory and CPU and nothing else. Configured by environment (the product's own loadConfig for
 * the product worker), it says `{type: 'ready'}` over IPC once polling, and shuts down cleanly on `{type: 'stop'}`.
 */
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../../src/config';
import { createEinsteinClient } from '../../src/einstein-from-config';
import { installRuntime, runWorkerProcess } from '../../src/worker';
import { createBaselineWorker } from '../baseline/worker';

export const WorkerProcessEnv = z.object({
  BENCH_WORKER_KIND: z.enum(['product', 'baseline'], { error: 'BENCH_WORKER_KIND: expected product or baseline' }),
  BENCH_TEMPORAL_ADDRESS: z.string().min(1, { error: 'BENCH_TEMPORAL_ADDRESS: expected host:port' }),
  /** Worker and SDK logs go here (the report log sink included). */
  BENCH_WORKER_LOG_FILE: z.string().min(1, { error: 'BENCH_WORKER_LOG_FILE: expected a file path' }),
});

export type WorkerMessage = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'stopped' };

interface Running {
  shutdown(): void;
  done: Promise<void>;
}

async function start(): Promise<Running> {
  const env = WorkerProcessEnv.parse(process.env);
  const config = loadConfig(process.env);
  if (!config.einstein) throw new Error('EINSTEIN_BASE_URL must point the bench worker at the emulator');
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: env.BENCH_WORKER_LOG_FILE, sync: false }));
  await installRuntime(logger, false);
  if (env.BENCH_WORKER_KIND === 'product') {
    const worker = await runWorkerProcess({ config: { ...config, einstein: config.einstein }, connection: { address: env.BENCH_TEMPORAL_ADDRESS }, logger });
    return { shutdown: () => worker.worker.shutdown(), done: worker.running.finally(() => worker.stop()) };
  }
  // The baseline is the comparison the bench measures against: a bare worker with its own start-up.
  const connection = await NativeConnection.connect({ address: env.BENCH_TEMPORAL_ADDRESS });
  const einstein = createEinsteinClient(config.einstein);
  const worker = await createBaselineWorker({ connection, taskQueue: config.taskQueue, einstein });
  const done = worker.run().finally(async () => {
    await einstein.close();
    await connection.close();
  });
  return { shutdown: () => worker.shutdown(), done };
}

/** Sends to the parent when it still listens; resolves once the message is out (or cannot go). */
function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    try {
      process.send(message, undefined, {}, () => resolve());
    } catch {
      resolve();
    }
  });
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  let running: Running;
  try {
    running = await start();
  } catch (error) {
    await send({ type: 'failed', message: describe(error) });
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.shutdown();
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') stop();
  });
  // The parent going away must not leave a worker behind.
  process.on('disconnect', stop);
  await send({ type: 'ready' });
  try {
    await running.done;
    await send({ type: 'stopped' });
    process.exit(0);
  } catch (error) {
    await send({ type: 'failed', message: describe(error) });
    process.exit(1);
  }
}

void main();
