// The product's worker as a separate process, configured only by environment variables (as in production), so
// tests can kill it with SIGKILL at an awkward moment and start it again.
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { Registry } from 'prom-client';
import { installRuntime, runWorkerProcess, startMetrics } from '../../../src/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.einstein) throw new Error('EINSTEIN_BASE_URL is required');
  const logger = createLogger(config.logLevel);
  const sdkMetricsAddress = await installRuntime(logger, config.metricsPort > 0);
  const registry = new Registry();
  const metrics = await startMetrics(config, registry, sdkMetricsAddress);
  const worker = await runWorkerProcess({ config: { ...config, einstein: config.einstein }, connection: { address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }, logger, registry });
  process.once('SIGTERM', () => void worker.stop());
  await worker.worker.worker.getStatus(); // created: tell the parent we are polling
  process.stdout.write('worker-ready\n');
  await worker.running.finally(() => worker.stop());
  await metrics?.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
