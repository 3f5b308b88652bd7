/**
 * npm run bench:polling [-- --quick] [--seed N] [--count N]
 * Prints the tables and writes bench/results/polling.json (polling-quick.json with --quick). Exits 0 whether or not the bar is met: the bar line says.
 */
import { Command } from 'commander';
import { integerIn } from '../lib/args';
import { commandLine, writeResult } from '../lib/results';
import { FULL_CORPUS, QUICK_CORPUS, printPollingReport, runPollingBench } from './run';

function main(argv: string[]): void {
  const program = new Command('bench:polling')
    .description('Status calls and detection lag of the product scheduler against fixed and backoff polling, over a seeded corpus')
    .option('--quick', `smoke run: ${QUICK_CORPUS} trainings`, false)
    .option('--seed <n>', 'corpus seed', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .option('--count <n>', `corpus size (default ${FULL_CORPUS}, ${QUICK_CORPUS} with --quick)`, integerIn('--count', 1, 100_000))
    .option('--out <dir>', 'directory for polling.json (default bench/results)');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ quick: boolean; seed: number; count?: number; out?: string }>();
  const count = opts.count ?? (opts.quick ? QUICK_CORPUS : FULL_CORPUS);
  const result = runPollingBench({ seed: opts.seed, count, quick: opts.quick, command: commandLine('bench:polling', argv) });
  printPollingReport(result);
  console.log(`\nwrote ${writeResult(opts.quick ? 'polling-quick' : 'polling', result, opts.out)}`);
}

main(process.argv.slice(2));
