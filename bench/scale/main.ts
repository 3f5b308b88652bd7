/**
 * npm run bench:scale [-- --quick] [--sweep | --n 100,500,1000] [--cache 100,500] [--sdk-metrics] [--seed N]
 *   [--only product|baseline] [--workflow-heap-mb 0,256] [--worker-heap-mb N] [--worker-env A=1,B=2] [--bundle-at-start] [--ts-node]
 *   [--workflows-in-main-thread]
 * Prints the tables and writes bench/results/scale.json (scale-quick.json with --quick; the options add themselves to
 * the name, e.g. scale-product-cache100,500-metrics.json).
 */
import { Command, Option } from 'commander';
import { integerIn, integerListIn, workerEnvPairs } from '../lib/args';
import { commandLine, writeResult } from '../lib/results';
import { WORKER_LIMITS } from '../../src/config';
import { FULL_NS, QUICK_NS, SWEEP_NS, printScaleReport, runScaleBench } from './run';

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:scale')
    .description('N concurrent retrains through one worker, the product against a naive 5 s timer-loop workflow')
    .option('--quick', `smoke run: N=${QUICK_NS.join(',')}, trainings of a few seconds`, false)
    .option('--n <list>', `comma-separated N values (default ${FULL_NS.join(',')})`, integerListIn('--n', 1, 5000))
    .option('--sweep', `N = ${SWEEP_NS.join(', ')}`, false)
    .option(
      '--cache <list>',
      "worker cache sizes to run each N with (EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS; the product's default when omitted)",
      integerListIn('--cache', WORKER_LIMITS.maxCachedWorkflows.min, WORKER_LIMITS.maxCachedWorkflows.max),
    )
    .option(
      '--workflow-heap-mb <list>',
      "workflow thread heap limits to run each N and cache with (EINSTEIN_RETRAIN_WORKFLOW_HEAP_MB, 0 = none; the product's default when omitted)",
      integerListIn('--workflow-heap-mb', 0, WORKER_LIMITS.workflowHeapMb.max),
    )
    .option('--worker-env <pairs>', 'further worker environment, comma-separated NAME=value (e.g. MALLOC_ARENA_MAX=2)', workerEnvPairs)
    .option('--sdk-metrics', "run the worker with the SDK's Prometheus exporter, as with a metrics port", false)
    .option('--bundle-at-start', 'let the product worker bundle its workflows with webpack at start instead of loading a prebuilt bundle', false)
    .option('--ts-node', 'run the worker under ts-node (npm run start:dev) instead of plain node on compiled code (npm start)', false)
    .option('--workflows-in-main-thread', "run the workflows in the worker's main thread (the SDK's debugMode) so its memory figures see their heap", false)
    .option('--seed <n>', 'seed of the models and trainings', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .addOption(new Option('--only <system>', 'run one system only').choices(['product', 'baseline']))
    .option('--worker-heap-mb <n>', "V8 heap limit of the worker process (Node's default when omitted)", integerIn('--worker-heap-mb', 64, 65_536))
    .option('--out <dir>', 'directory for the JSON result (default bench/results)');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{
    quick: boolean;
    n?: number[];
    sweep: boolean;
    cache?: number[];
    workflowHeapMb?: number[];
    sdkMetrics: boolean;
    workerEnv?: Record<string, string>;
    bundleAtStart: boolean;
    tsNode: boolean;
    workflowsInMainThread: boolean;
    seed: number;
    only?: 'product' | 'baseline';
    workerHeapMb?: number;
    out?: string;
  }>();
  if (opts.sweep && opts.n) program.error('error: --sweep and --n both choose N: give one');
  const result = await runScaleBench({
    ns: opts.n ?? (opts.sweep ? SWEEP_NS : opts.quick ? QUICK_NS : FULL_NS),
    quick: opts.quick,
    seed: opts.seed,
    command: commandLine('bench:scale', argv),
    ...(opts.only ? { systems: [opts.only] } : {}),
    ...(opts.workerHeapMb !== undefined ? { workerHeapMb: opts.workerHeapMb } : {}),
    ...(opts.cache ? { caches: opts.cache } : {}),
    ...(opts.workflowHeapMb ? { workflowHeaps: opts.workflowHeapMb } : {}),
    sdkMetrics: opts.sdkMetrics,
    ...(opts.workerEnv ? { workerEnv: opts.workerEnv } : {}),
    bundleAtStart: opts.bundleAtStart,
    tsNode: opts.tsNode,
    workflowsInMainThread: opts.workflowsInMainThread,
  });
  console.log('');
  printScaleReport(result);
  const name = [
    'scale',
    opts.quick && 'quick',
    opts.sweep && 'sweep',
    opts.only,
    opts.workerHeapMb !== undefined && `heap${opts.workerHeapMb}`,
    opts.cache && `cache${opts.cache.join(',')}`,
    opts.workflowHeapMb && `wfheap${opts.workflowHeapMb.join(',')}`,
    opts.sdkMetrics && 'metrics',
    opts.workerEnv && Object.entries(opts.workerEnv).map(([k, v]) => `${k}=${v}`).join(','),
    opts.bundleAtStart && 'webpack',
    opts.tsNode && 'ts-node',
    opts.workflowsInMainThread && 'main-thread',
  ]
    .filter(Boolean)
    .join('-');
  console.log(`\nwrote ${writeResult(name, result, opts.out)}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
