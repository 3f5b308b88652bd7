/**
 * npm run chaos [-- --short] [--scenario name]... [--retrains N] [--seed N] [--out dir] [--keep]
 *
 * Runs the chaos scenarios (scenarios.ts) against the real Temporal dev server, the emulator and the product's
 * worker, each in its own process, prints one table row per scenario and writes the results as JSON
 * (bench/chaos/results/chaos.json, chaos-short.json with --short). Exits 1 when any invariant was violated.
 */
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { integerIn } from '../lib/args';
import { commandLine, machineInfo } from '../lib/results';
import { formatNumber, renderTable } from '../lib/table';
import { mapLimit } from '../stack/bench-stack';
import { bundleWorkflows, POLICY, runScenario, TIME_SCALE, type ScenarioResult } from './run';
import { FULL, SHORT, SHORT_SCENARIOS, scenarios, type Profile } from './scenarios';

export const RESULTS_DIR = path.join(__dirname, 'results');

export interface ChaosResult {
  command: string;
  profile: Profile;
  parallel: number;
  seed: number;
  timeScale: number;
  policy: typeof POLICY;
  startedAt: string;
  durationMs: number;
  machine: ReturnType<typeof machineInfo>;
  scenarios: ScenarioResult[];
  /** Scenarios that could not run at all (set-up failed), with the error. */
  errors: Array<{ scenario: string; error: string }>;
  violations: number;
}

interface Options {
  short: boolean;
  scenario: string[];
  retrains?: number;
  seed: number;
  out?: string;
  parallel?: number;
  keep: boolean;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('chaos')
    .description('N retrains per scenario under injected faults; checks the invariants on the emulator\'s own records')
    .option('--short', `CI version: ${SHORT.retrains} retrains, scenarios ${SHORT_SCENARIOS.join(', ')}, short outages`, false)
    .option('--scenario <name>', 'run only this scenario (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--retrains <n>', 'healthy retrains per scenario (default 20, 4 with --short)', integerIn('--retrains', 1, 200))
    .option('--seed <n>', 'seed of the emulator, the fault rates and the kill intervals', integerIn('--seed', 0, 2 ** 31 - 1), 1)
    .option('--out <dir>', 'directory for the JSON result and kept scenario folders (default bench/chaos/results)')
    .option('--parallel <n>', 'scenarios run side by side, each on its own stack (default 1, 2 with --short)', integerIn('--parallel', 1, 8))
    .option('--keep', 'keep every scenario folder (logs, state file, database), not only those with a violation', false);
  program.parse(argv, { from: 'user' });
  const opts = program.opts<Options>();
  const base = opts.short ? SHORT : FULL;
  const profile: Profile = { ...base, ...(opts.retrains !== undefined && { retrains: opts.retrains }) };
  const catalogue = scenarios(profile);
  const wanted = opts.scenario.length > 0 ? opts.scenario : opts.short ? SHORT_SCENARIOS : catalogue.map((s) => s.name);
  const unknown = wanted.filter((name) => !catalogue.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; known: ${catalogue.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const parallel = opts.parallel ?? (opts.short ? 2 : 1);
  const outDir = path.resolve(opts.out ?? RESULTS_DIR);
  const started = Date.now();
  const runDir = path.join(outDir, 'runs', new Date(started).toISOString().replace(/[:.]/g, '-'));
  const log = (line: string) => console.log(line);
  log(`chaos (${profile.name}): ${wanted.length} scenarios, ${profile.retrains} retrains each, ${parallel} at a time; bundling the workflow code…`);
  const bundle = await bundleWorkflows(runDir);

  const results: ScenarioResult[] = [];
  const errors: ChaosResult['errors'] = [];
  // Scenarios wait far more than they compute, so several stacks side by side shorten the run without crowding it.
  await mapLimit(wanted, parallel, async (name) => {
    const scenario = catalogue.find((s) => s.name === name)!;
    const say = (line: string) => log(parallel > 1 ? `[${name}] ${line.trimStart()}` : line);
    say(`${parallel > 1 ? '' : '\n'}▶ ${scenario.name}: ${scenario.injects}`);
    try {
      const result = await runScenario(scenario, bundle, { profile, seed: opts.seed, runDir, keep: opts.keep, log: say });
      results.push(result);
      const v = result.verdict;
      say(`  ${v.violations.length === 0 ? 'PASS' : `FAIL (${v.violations.length} violations)`} in ${Math.round(result.runMs / 1000)} s`);
      for (const violation of v.violations) say(`    ✗ ${violation}`);
      if (result.dir) say(`  kept ${path.relative(process.cwd(), result.dir)}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ scenario: name, error: message });
      say(`  ERROR: ${message}`);
    }
  });
  results.sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));
  if (!opts.keep) fs.rmSync(path.join(runDir, 'workflow-bundle.js'), { force: true });

  const violations = results.reduce((n, r) => n + r.verdict.violations.length, 0);
  const result: ChaosResult = {
    command: commandLine('chaos', argv),
    profile,
    parallel,
    seed: opts.seed,
    timeScale: TIME_SCALE,
    policy: POLICY,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    machine: machineInfo(),
    scenarios: results,
    errors,
    violations,
  };
  log('');
  log(renderResults(result));
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `chaos${opts.short ? '-short' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), file)}`);
  return violations === 0 && errors.length === 0 ? 0 : 1;
}

/** The results table (Markdown), with the command that produced it, as RELIABILITY.md shows it. */
export function renderResults(result: ChaosResult): string {
  const rows = result.scenarios.map((s) => {
    const v = s.verdict;
    const d = s.disruptions;
    const disruptions = [
      d.workerKills && `${d.workerKills} worker kills`,
      d.temporalRestarts && `${d.temporalRestarts} Temporal restarts`,
      d.emulatorRestarts && `${d.emulatorRestarts} emulator restarts`,
      d.authBursts && `${d.authBursts} 401/403 bursts`,
    ].filter(Boolean);
    return [
      s.name,
      v.requests,
      `${v.trainings}/${v.expectedTrainings}`,
      v.duplicates,
      v.unwatched,
      `${v.succeeded}/${result.profile.retrains}`,
      v.failedByHealingFault,
      `${v.refusalsOnFirstAttempt}/${v.refusals}`,
      v.untyped + v.stuck,
      `${v.reportsDelivered}/${v.requests}` + (v.redundantDeliveries > 0 ? ` (+${v.redundantDeliveries})` : ''),
      v.leaks,
      disruptions.join(', ') || '–',
      s.apiCalls,
      s.endSeenAfterS ? `${formatNumber(s.endSeenAfterS.median)} / ${formatNumber(s.endSeenAfterS.max)}` : undefined,
      Math.round(s.runMs / 1000),
      v.violations.length === 0 ? 'pass' : `FAIL ${v.violations.length}`,
    ];
  });
  const table = renderTable(
    [
      { header: 'scenario', align: 'left' },
      'runs',
      'trainings/expected',
      'duplicates',
      'unwatched',
      'succeeded',
      'failed by healing fault',
      'refusals typed, 1st attempt',
      'untyped or stuck',
      'reports once per key',
      'secrets found',
      { header: 'disruptions', align: 'left' },
      'API calls',
      'end seen after s (median / max)',
      'run s',
      { header: 'verdict', align: 'left' },
    ],
    rows,
  );
  const errors = result.errors.map((e) => `\nscenario ${e.scenario} did not run: ${e.error.split('\n')[0]}`).join('');
  return `$ ${result.command}\n\n${table}${errors}\n\n${result.violations} violations, ${Math.round(result.durationMs / 60_000)} min`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
