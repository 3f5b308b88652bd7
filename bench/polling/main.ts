/**
 * npm run bench:polling [-- --quick] [--seed N] [--count N] [--bar-seeds 1,2,3,4,5] [--chart FILE] [--choose-share]
 * Prints the tables, the frontier and the bar (checked at the default maxLagShare on each bar seed), writes
 * bench/results/polling.json (polling-quick.json with --quick) and the frontier chart as SVG: the plain run (seed 1,
 * full corpus) rewrites bench/polling/frontier.svg, the chart BENCHMARKS.md shows, so the chart always matches what
 * the command prints; any other run writes it next to its JSON (or to --chart). --choose-share instead tries the product at 3–12 % and names the tightest share that passes the bar on
 * every bar seed: how the default was chosen. Exits 0 whether or not the bar is met: the bar line says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { resolvePollBounds } from '../../src/polling/poll-schedule';
import { integerIn, integerListIn } from '../lib/args';
import { commandLine, RESULTS_DIR, writeResult } from '../lib/results';
import { frontierSvg } from './chart';
import { shareLabel } from './policies';
import { chooseShare, DEFAULT_BAR_SEEDS, FULL_CORPUS, printPollingReport, QUICK_CORPUS, runPollingBench, shareChoiceTable } from './run';

/** The chart BENCHMARKS.md embeds. */
const DOCUMENTED_CHART = path.resolve(__dirname, 'frontier.svg');

function main(argv: string[]): void {
  const program = new Command('bench:polling')
    .description('Status calls and detection lag of the product scheduler against fixed and backoff polling, over a seeded corpus')
    .option('--quick', `smoke run: ${QUICK_CORPUS} trainings`, false)
    .option('--seed <n>', 'corpus seed of the tables and the chart', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .option('--count <n>', `corpus size (default ${FULL_CORPUS}, ${QUICK_CORPUS} with --quick)`, integerIn('--count', 1, 100_000))
    .option('--bar-seeds <list>', `seeds on which the bar is checked (default ${DEFAULT_BAR_SEEDS.join(',')})`, integerListIn('--bar-seeds', 0, 2 ** 31 - 1))
    .option('--out <dir>', 'directory for polling.json and the chart (default bench/results)')
    .option('--chart <file>', `where to write the frontier chart (default ${path.relative(process.cwd(), DOCUMENTED_CHART)} for the plain run, else <out>/polling-frontier.svg)`)
    .option('--choose-share', 'try maxLagShare 3–12 % and name the tightest share that passes the bar on every bar seed', false);
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ quick: boolean; seed: number; count?: number; barSeeds?: number[]; out?: string; chart?: string; chooseShare: boolean }>();
  const count = opts.count ?? (opts.quick ? QUICK_CORPUS : FULL_CORPUS);
  const barSeeds = opts.barSeeds ?? [...DEFAULT_BAR_SEEDS];

  if (opts.chooseShare) {
    const choice = chooseShare({ count, seeds: barSeeds });
    console.log(`The bar at each maxLagShare, seeds ${barSeeds.join(', ')} (${count} trainings each):`);
    console.log(shareChoiceTable(choice));
    const current = resolvePollBounds().maxLagShare;
    console.log(
      choice.chosen === undefined
        ? '\nno share of the grid passes the bar on every seed'
        : `\ntightest share passing on every seed: ${shareLabel(choice.chosen)} (DEFAULT_POLL_BOUNDS.maxLagShare is ${shareLabel(current)})`,
    );
    return;
  }

  const result = runPollingBench({ seed: opts.seed, count, quick: opts.quick, command: commandLine('bench:polling', argv), barSeeds });
  printPollingReport(result);
  const documented = !opts.quick && opts.seed === 1 && count === FULL_CORPUS && opts.out === undefined;
  const chart = opts.chart ?? (documented ? DOCUMENTED_CHART : path.join(opts.out ?? RESULTS_DIR, opts.quick ? 'polling-quick-frontier.svg' : 'polling-frontier.svg'));
  fs.mkdirSync(path.dirname(chart), { recursive: true });
  fs.writeFileSync(chart, frontierSvg(result));
  console.log(`\nwrote ${writeResult(opts.quick ? 'polling-quick' : 'polling', result, opts.out)} and ${path.relative(process.cwd(), chart)}`);
}

main(process.argv.slice(2));
