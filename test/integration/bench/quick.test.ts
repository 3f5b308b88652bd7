/**
 * CI smoke test of the benches: each bench's --quick mode runs as a child process, exactly as `npm run bench:* --
 * --quick` would, and must write a well-formed result. Numbers are not asserted (BENCHMARKS.md: speed is measured in
 * benchmarks, not in timed tests); that every retrain of the smoke run completed is, since otherwise the bench broke.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { OverheadResult } from '../../../bench/overhead/run';
import { PollingResult } from '../../../bench/polling/run';
import { ScaleResult } from '../../../bench/scale/run';

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function runBench(script: string, outDir: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, '--quick', '--out', outDir], {
    cwd: REPO_ROOT,
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

describe('benches in --quick mode', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
  });

  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('bench:polling prints its tables and writes polling-quick.json', async () => {
    const stdout = await runBench('bench/polling/main.ts', outDir);
    expect(stdout).toMatch(/^\| policy\s+\| calls p50/m);
    expect(stdout).toMatch(/^bar: (PASSED|FAILED)/m);
    const result = PollingResult.parse(readJson(path.join(outDir, 'polling-quick.json')));
    expect(result.quick).toBe(true);
    expect(result.policies.length).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it('bench:scale runs the product and the baseline and writes scale-quick.json', async () => {
    const stdout = await runBench('bench/scale/main.ts', outDir);
    expect(stdout).toMatch(/^\| N\s+\| workflow/m);
    const result = ScaleResult.parse(readJson(path.join(outDir, 'scale-quick.json')));
    expect(result.phases.map((p) => p.system)).toEqual(['product', 'baseline']);
    for (const phase of result.phases) {
      expect(phase.completed).toBe(phase.n);
      expect(phase.detectionLagS?.count).toBe(phase.n);
      expect(phase.worker?.samples).toBeGreaterThan(0);
      expect(phase.server?.samples).toBeGreaterThan(0);
      expect(phase.apiCalls.total).toBeGreaterThan(0);
      // The worker's own memory split and the history cost per retrain (children included) are reported.
      expect(phase.workerMemory?.samples).toBeGreaterThan(0);
      expect(phase.workerMemory?.atPeakRss.heapUsedMb).toBeGreaterThan(0);
      expect(phase.eventsPerRetrain).toBeGreaterThanOrEqual(phase.historyEvents?.p50 ?? Infinity);
      expect(phase.lagBeyondPolicyS?.count).toBe(phase.n);
      // The worker ran as `npm start` runs it (plain node, compiled code), and the machine's load was recorded.
      expect(phase.workerRuntime).toEqual({ compiled: true, workflowsInMainThread: false });
      expect(phase.machineLoad?.cpus).toBeGreaterThan(0);
      expect(phase.workerMemory?.atPeakRss.rssFileMb).toBeGreaterThan(0);
    }
  }, 240_000);

  it('bench:overhead runs serial and burst retrains and writes overhead-quick.json', async () => {
    const stdout = await runBench('bench/overhead/main.ts', outDir);
    expect(stdout).toMatch(/^\| stage \(one retrain at a time\)/m);
    const result = OverheadResult.parse(readJson(path.join(outDir, 'overhead-quick.json')));
    expect(result.serial.completed).toBe(result.serial.retrains);
    expect(result.serial.stagesMs?.total.count).toBe(result.serial.retrains);
    expect(result.burst.completed).toBe(result.burst.retrains);
    // The no-op ceiling ran on the same server before and after the product's burst, and the share is derived from it.
    expect(result.ceiling.runs.map((run) => [run.when, run.completed])).toEqual([
      ['before', result.burst.retrains],
      ['after', result.burst.retrains],
    ]);
    expect(stdout).toMatch(/^ceilingShare: /m);
    expect(result.ceilingShare).toBeCloseTo(result.burst.retrainsPerSecond / result.ceiling.workflowsPerSecond, 10);
    // So did the retrain's shape with no work in it, and its share is derived the same way; its workflows are not
    // counted as the product's (the history line below would count them as child workflows).
    expect(result.shape?.runs.map((run) => [run.when, run.completed])).toEqual([
      ['before', result.burst.retrains],
      ['after', result.burst.retrains],
    ]);
    expect(stdout).toMatch(/^shapeShare: /m);
    expect(result.shapeShare).toBeCloseTo(result.burst.retrainsPerSecond / (result.shape?.workflowsPerSecond ?? NaN), 10);
    expect(result.history?.childWorkflows).toBe(0);
    // Every retrain's history is counted, with whatever child workflows they started.
    const retrains = result.settings.warmup + result.serial.retrains + result.burst.retrains;
    expect(result.history?.retrains).toBe(retrains);
    expect(result.history?.eventsPerRetrain).toBeCloseTo(((result.history?.retrainEvents.mean ?? 0) * retrains + (result.history?.childEvents ?? 0)) / retrains, 6);
    expect(stdout).toMatch(/^History: [\d.]+ events per retrain/m);
  }, 240_000);
});
