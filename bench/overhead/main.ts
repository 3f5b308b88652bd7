/**
 * npm run bench:overhead [-- --quick] [--burst N] [--serial N] [--seed N] [--worker-env A=1,B=2]
 * Prints the tables and writes bench/results/overhead.json (overhead-quick.json with --quick).
 */
import { Command } from 'commander';
import { integerIn, workerEnvPairs } from '../lib/args';
import { commandLine, writeResult } from '../lib/results';
import { FULL, printOverheadReport, QUICK, runOverheadBench } from './run';

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:overhead')
    .description('What the orchestrator itself costs: retrains per second through one worker, latency added per retrain')
    .option('--quick', `smoke run: ${QUICK.serial} serial, ${QUICK.burst} at once`, false)
    .option('--burst <n>', `retrains started at once (default ${FULL.burst})`, integerIn('--burst', 1, 5000))
    .option('--serial <n>', `retrains one after another (default ${FULL.serial})`, integerIn('--serial', 1, 1000))
    .option('--seed <n>', 'seed of the models', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .option('--worker-env <pairs>', 'further product worker environment, comma-separated NAME=value (e.g. EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS=250)', workerEnvPairs)
    .option('--out <dir>', 'directory for the JSON result (default bench/results)');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ quick: boolean; burst?: number; serial?: number; seed: number; workerEnv?: Record<string, string>; out?: string }>();
  const result = await runOverheadBench({
    quick: opts.quick,
    seed: opts.seed,
    command: commandLine('bench:overhead', argv),
    ...(opts.burst !== undefined ? { burst: opts.burst } : {}),
    ...(opts.serial !== undefined ? { serial: opts.serial } : {}),
    ...(opts.workerEnv ? { workerEnv: opts.workerEnv } : {}),
  });
  console.log('');
  printOverheadReport(result);
  console.log(`\nwrote ${writeResult(opts.quick ? 'overhead-quick' : 'overhead', result, opts.out)}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
