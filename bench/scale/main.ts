/**
 * npm run bench:scale [-- --quick] [--n 100,500,1000] [--seed N] [--only product|baseline] [--worker-heap-mb N]
 * Prints the table and writes bench/results/scale.json (scale-quick.json with --quick; --only and --worker-heap-mb
 * add their value to the name, e.g. scale-product-heap1024.json).
 */
import { Command, Option } from 'commander';
import { integerIn, integerListIn } from '../lib/args';
import { commandLine, writeResult } from '../lib/results';
import { FULL_NS, QUICK_NS, printScaleReport, runScaleBench } from './run';

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:scale')
    .description('N concurrent retrains through one worker, the product against a naive 5 s timer-loop workflow')
    .option('--quick', `smoke run: N=${QUICK_NS.join(',')}, trainings of a few seconds`, false)
    .option('--n <list>', `comma-separated N values (default ${FULL_NS.join(',')})`, integerListIn('--n', 1, 5000))
    .option('--seed <n>', 'seed of the models and trainings', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .addOption(new Option('--only <system>', 'run one system only').choices(['product', 'baseline']))
    .option('--worker-heap-mb <n>', "V8 heap limit of the worker process (Node's default when omitted)", integerIn('--worker-heap-mb', 64, 65_536))
    .option('--out <dir>', 'directory for the JSON result (default bench/results)');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ quick: boolean; n?: number[]; seed: number; only?: 'product' | 'baseline'; workerHeapMb?: number; out?: string }>();
  const result = await runScaleBench({
    ns: opts.n ?? (opts.quick ? QUICK_NS : FULL_NS),
    quick: opts.quick,
    seed: opts.seed,
    command: commandLine('bench:scale', argv),
    ...(opts.only ? { systems: [opts.only] } : {}),
    ...(opts.workerHeapMb !== undefined ? { workerHeapMb: opts.workerHeapMb } : {}),
  });
  console.log('');
  printScaleReport(result);
  const name = ['scale', opts.quick && 'quick', opts.only, opts.workerHeapMb !== undefined && `heap${opts.workerHeapMb}`].filter(Boolean).join('-');
  console.log(`\nwrote ${writeResult(name, result, opts.out)}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
