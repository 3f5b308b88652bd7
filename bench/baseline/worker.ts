/**
 * The baseline's own worker registration (its workflow and activities only), on its own task queue.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { WorkerSizing } from '../../src/config';
import type { EinsteinClient } from '../../src/einstein';
import { createBaselineActivities } from './activities';

export const BASELINE_WORKFLOWS_PATH = require.resolve('./workflows');

export async function createBaselineWorker(options: {
  connection: NativeConnection;
  taskQueue: string;
  einstein: EinsteinClient;
  namespace?: string;
  /** The product worker's cache and slot settings, so that both sides run with the same limits. */
  sizing?: WorkerSizing;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: BASELINE_WORKFLOWS_PATH,
    activities: createBaselineActivities(options.einstein),
    ...(options.sizing ?? {}),
  });
}
