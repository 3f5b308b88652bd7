// The heap limit of the workflow thread. The SDK runs every workflow in a worker thread it creates itself, without
// resource limits, so that thread's V8 heap takes its limit from V8's --max-old-space-size flag when it starts: under
// Node's default (4 GiB on a machine with 16 GiB or more) V8 collects it lazily and the worker's RSS climbs far above
// its live workflows (BENCHMARKS.md, sections 4 and 5). Setting the flag at run time, just before Worker.create,
// limits the isolates created after it — the workflow thread — and leaves the main thread (activities, sinks, the
// Einstein client) with the limit node started it with.
import v8 from 'node:v8';

/** --max-old-space-size in node's own spelling or with underscores, as node's command line and NODE_OPTIONS accept it. */
const NODE_HEAP_FLAG = /(^|\s)--max[-_]old[-_]space[-_]size[=\s]/;

export interface WorkflowHeapLimit {
  /** The limit set for the workflow thread, MiB; undefined: none set here (V8's default, or node's flag). */
  mb?: number;
  /** Why: the variable, the default, node's own flag left alone, or turned off with 0. */
  source: 'EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB' | 'default' | 'node --max-old-space-size' | 'off';
}

/**
 * What the workflow thread's limit will be. An explicit EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB wins (0: no limit of ours);
 * unset, a --max-old-space-size that node was started with (its command line or NODE_OPTIONS) is left to apply to
 * both threads, as it did before this setting existed; otherwise the default.
 */
export function workflowHeapLimit(
  configured: number | undefined,
  defaultMb: number,
  node: { execArgv: readonly string[]; nodeOptions?: string } = { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS },
): WorkflowHeapLimit {
  if (configured === 0) return { source: 'off' };
  if (configured !== undefined) return { mb: configured, source: 'EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB' };
  if (NODE_HEAP_FLAG.test(` ${node.execArgv.join(' ')} ${node.nodeOptions ?? ''}`)) return { source: 'node --max-old-space-size' };
  return { mb: defaultMb, source: 'default' };
}

/** Sets the limit for isolates created from now on (the next workflow thread); a no-op without one. */
export function applyWorkflowHeapLimit(limit: WorkflowHeapLimit): void {
  if (limit.mb !== undefined) v8.setFlagsFromString(`--max-old-space-size=${limit.mb}`);
}
