/**
 * The product's worker as its own process, configured only by environment variables as in production, so the chaos
 * runner can kill it with SIGKILL at any moment. One difference from `npm start`: the workflow code comes from a
 * bundle the runner built once (CHAOS_WORKFLOW_BUNDLE), so a restart takes seconds instead of a webpack build, and a
 * worker killed every few seconds still gets work done. Prints `worker-ready` once it polls.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { installRuntime, runWorkerProcess } from '../../src/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.einstein) throw new Error('EINSTEIN_BASE_URL is required');
  const bundlePath = process.env.CHAOS_WORKFLOW_BUNDLE;
  const logger = createLogger(config.logLevel);
  await installRuntime(logger, false);
  const worker = await runWorkerProcess({
    config: { ...config, einstein: config.einstein },
    connection: { address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' },
    logger,
    ...(bundlePath ? { workerOptions: { workflowsPath: undefined, workflowBundle: { codePath: bundlePath } } } : {}),
  });
  process.once('SIGTERM', () => void worker.stop());
  await worker.worker.worker.getStatus();
  process.stdout.write('worker-ready\n');
  await worker.running.finally(() => worker.stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
