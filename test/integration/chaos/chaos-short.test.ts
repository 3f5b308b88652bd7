/**
 * CI version of the chaos suite: `npm run chaos -- --short` as a child process (real Temporal dev server, emulator
 * and worker processes, killed and restarted by the scenarios), then the invariants read from its JSON result. No
 * timing is asserted: the runner waits on conditions, and the jest timeout only stops a run that hangs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChaosResult } from '../../../bench/chaos/main';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const HANG_LIMIT_MS = 15 * 60_000;

function runShortChaos(outDir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'bench/chaos/main.ts', '--short', '--out', outDir],
      { cwd: REPO_ROOT, timeout: HANG_LIMIT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
    );
  });
}

describe('chaos suite, short version', () => {
  let outDir: string;
  let run: { code: number; stdout: string };
  let result: ChaosResult;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-short-'));
    run = await runShortChaos(outDir);
    result = JSON.parse(fs.readFileSync(path.join(outDir, 'chaos-short.json'), 'utf8')) as ChaosResult;
  }, HANG_LIMIT_MS);

  afterAll(() => {
    // Scenario folders are kept only when something was violated: then they are the evidence, so keep them.
    if (run?.code === 0) fs.rmSync(outDir, { recursive: true, force: true });
    else if (outDir) process.stdout.write(`chaos evidence kept in ${outDir}\n`);
  });

  it('runs every short scenario and prints the table with its command', () => {
    expect(result.errors).toEqual([]);
    expect(result.scenarios.map((s) => s.name)).toEqual(['post-held-kill', 'mix-all']);
    expect(run.stdout).toContain('$ npm run chaos -- --short');
    expect(run.stdout).toMatch(/^\| scenario\s+\| runs/m);
  });

  it('holds every invariant in every scenario', () => {
    for (const scenario of result.scenarios) {
      const v = scenario.verdict;
      const named = { scenario: scenario.name, violations: v.violations };
      expect({ ...named, duplicates: v.duplicates, missing: v.missingTrainings, unwatched: v.unwatched }).toEqual({ ...named, duplicates: 0, missing: 0, unwatched: 0 });
      expect({ ...named, trainings: v.trainings }).toEqual({ ...named, trainings: v.expectedTrainings });
      expect({ ...named, failedByHealingFault: v.failedByHealingFault, untyped: v.untyped, stuck: v.stuck }).toEqual({ ...named, failedByHealingFault: 0, untyped: 0, stuck: 0 });
      expect({ ...named, refusalsOnFirstAttempt: v.refusalsOnFirstAttempt }).toEqual({ ...named, refusalsOnFirstAttempt: v.refusals });
      expect({ ...named, reportsMissing: v.reportsMissing, leaks: v.leaks }).toEqual({ ...named, reportsMissing: 0, leaks: 0 });
      expect(named.violations).toEqual([]);
    }
    expect(run.code).toBe(0);
  });

  it('really injected: the worker was killed, Temporal and the emulator restarted, secrets were searched for', () => {
    const mix = result.scenarios.find((s) => s.name === 'mix-all')!;
    expect(mix.disruptions.workerKills).toBeGreaterThan(0);
    expect(mix.disruptions.temporalRestarts).toBe(1);
    expect(mix.disruptions.emulatorRestarts).toBe(1);
    for (const scenario of result.scenarios) {
      expect(scenario.verdict.refusals).toBe(4);
      expect(scenario.verdict.succeeded).toBe(result.profile.retrains);
      expect(scenario.secretScan.accessTokens).toBeGreaterThan(0);
      expect(scenario.secretScan.histories).toBeGreaterThanOrEqual(scenario.verdict.requests);
    }
  });
});
