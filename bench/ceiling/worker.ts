/**
 * The ceilings' worker (the no-op and shape workflows and their one activity only), on its own task queue, with the product
 * worker's cache and slot settings.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { WorkerSizing } from '../../src/config';
import { createNoopActivities } from './activities';

export const NOOP_WORKFLOWS_PATH = require.resolve('./workflows');
export const NOOP_WORKFLOW_TYPE = 'noopWorkflow';
/** The retrain's shape with no work in it (bench/ceiling/workflows.ts). */
export const SHAPE_WORKFLOW_TYPE = 'shapeWorkflow';

export async function createNoopWorker(options: { connection: NativeConnection; taskQueue: string; namespace?: string; sizing?: WorkerSizing }): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: NOOP_WORKFLOWS_PATH,
    activities: createNoopActivities(),
    ...(options.sizing ?? {}),
  });
}
