// The heap limit of the workflow thread. The SDK runs every workflow in a worker thread it creates itself, without
// resource limits, so that thread's V8 heap takes its limit from V8's --max-old-space-size flag when it starts: under
// Node's default (4 GiB on a machine with 16 GiB or more) V8 collects it lazily and the worker's RSS climbs far above
// its live workflows (BENCHMARKS.md, sections 4 and 6). Setting the flag at run time, just before Worker.create,
// limits the isolates created after it — the workflow thread — and leaves the main thread (activities, sinks, the
// Einstein client) with the limit node started it with.
import v8 from 'node:v8';

export interface WorkflowHeapLimit {
  /** The limit set for the workflow thread, MiB; undefined: none (V8's default, which follows --max-old-space-size). */
  mb?: number;
  /** Why: the variable, the default from the cache, or turned off with 0. */
  source: 'EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB' | 'default' | 'off';
}

/**
 * What the workflow thread's limit will be: EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB when set (0: no limit of ours), else
 * the default. A --max-old-space-size node is started with (its command line or NODE_OPTIONS) then limits the main
 * thread only: the two heaps hold different things and are sized apart (docs/OPERATIONS.md, "Sizing a worker").
 */
export function workflowHeapLimit(configured: number | undefined, defaultMb: number): WorkflowHeapLimit {
  if (configured === 0) return { source: 'off' };
  if (configured !== undefined) return { mb: configured, source: 'EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB' };
  return { mb: defaultMb, source: 'default' };
}

/** Sets the limit for isolates created from now on (the next workflow thread); a no-op without one. */
export function applyWorkflowHeapLimit(limit: WorkflowHeapLimit): void {
  if (limit.mb !== undefined) v8.setFlagsFromString(`--max-old-space-size=${limit.mb}`);
}
