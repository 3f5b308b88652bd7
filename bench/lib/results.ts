/**
 * Every bench writes one JSON file under bench/results/: the numbers, and enough context (machine, command, date,
 * parameters) to tell later which run they came from. The envelope is validated with zod so the CI smoke test checks
 * the shape, never the numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

export const MachineInfo = z.object({
  cpus: z.number().int().positive(),
  cpuModel: z.string(),
  memoryMb: z.number().int().positive(),
  node: z.string(),
  platform: z.string(),
});
export type MachineInfo = z.infer<typeof MachineInfo>;

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export const ResultEnvelope = z.object({
  bench: z.enum(['polling', 'scale', 'overhead']),
  schemaVersion: z.literal(1),
  quick: z.boolean(),
  command: z.string().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  machine: MachineInfo,
});
export type ResultEnvelope = z.infer<typeof ResultEnvelope>;

export function envelope(bench: ResultEnvelope['bench'], quick: boolean, command: string, startedAtMs: number): ResultEnvelope {
  const finishedAtMs = Date.now();
  return {
    bench,
    schemaVersion: 1,
    quick,
    command,
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: new Date(finishedAtMs).toISOString(),
    durationMs: finishedAtMs - startedAtMs,
    machine: machineInfo(),
  };
}

/** Writes `<dir>/<name>.json` (pretty, stable key order as built) and returns its path. */
export function writeResult(name: string, data: unknown, dir: string = RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(data, replaceNonFinite, 2)}\n`);
  return file;
}

/** JSON has no NaN or Infinity: write null, so a reader sees "not measured" instead of a parse error. */
function replaceNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** The command line that produced a result, as a user would type it. */
export function commandLine(script: string, argv: readonly string[]): string {
  return ['npm run', script, ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
}
