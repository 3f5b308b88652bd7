/**
 * The two workflows the stack benches run: the product's `retrainModel` and the naive baseline. Each knows how to
 * start one retrain and when its result says the terminal status was first seen.
 */
import type { Client } from '@temporalio/client';
import type { RetrainInput } from '../../src/contract/retrain-input';
import type { RetrainResult } from '../../src/workflows/retrain-model';
import { DOMAIN, MODEL_ID, TRIGGER_SOURCE } from '../../src/workflows/search-attributes';
import type { NaiveRetrainInput, NaiveRetrainResult } from '../baseline/workflows';
import type { FixtureModel } from './bench-stack';

export type SystemId = 'product' | 'baseline';

export interface Workload {
  system: SystemId;
  label: string;
  workflowType: string;
  start(client: Client, taskQueue: string, model: FixtureModel, workflowId: string): Promise<void>;
  /** When the workflow saw the terminal status (epoch ms), from its result. */
  seenAtMs(result: unknown): number;
}

export const productWorkload: Workload = {
  system: 'product',
  label: 'einstein-retrain',
  workflowType: 'retrainModel',
  start: async (client, taskQueue, model, workflowId) => {
    const input: RetrainInput = { domain: model.domain, modelId: model.modelId, trigger: { source: 'client' } };
    // With the search attributes set at start, as the coordinator starts every run (src/workflows/coordinator-runs.ts):
    // the workflow then makes no upsert of its own for them, and the bench counts no event production does not make.
    await client.workflow.start('retrainModel', {
      taskQueue,
      workflowId,
      args: [input],
      typedSearchAttributes: [
        { key: MODEL_ID, value: input.modelId },
        { key: DOMAIN, value: input.domain },
        { key: TRIGGER_SOURCE, value: input.trigger?.source ?? 'client' },
      ],
    });
  },
  seenAtMs: (result) => Date.parse((result as RetrainResult).report.timing.finishedAt),
};

export const baselineWorkload: Workload = {
  system: 'baseline',
  label: 'baseline (5 s timer loop)',
  workflowType: 'naiveRetrain',
  start: async (client, taskQueue, model, workflowId) => {
    const input: NaiveRetrainInput = { domain: model.domain, modelId: model.modelId };
    await client.workflow.start('naiveRetrain', { taskQueue, workflowId, args: [input] });
  },
  seenAtMs: (result) => (result as NaiveRetrainResult).seenAtMs,
};

export const WORKLOADS: Record<SystemId, Workload> = { product: productWorkload, baseline: baselineWorkload };
