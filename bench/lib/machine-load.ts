/**
 * The machine's 1-minute load average over a bench window (os.loadavg, what `uptime` prints first): the benches share
 * the machine with whatever else runs, and their absolute figures mean little without it. Sampled with the process
 * samples; the result says what the load was at the start, at its highest and at the end.
 */
import os from 'node:os';
import { z } from 'zod';

export const MachineLoad = z.object({ cpus: z.number().int(), start: z.number(), max: z.number(), mean: z.number(), end: z.number() });
export type MachineLoad = z.infer<typeof MachineLoad>;

export class LoadSampler {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 5_000) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): MachineLoad {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return summarizeLoad(this.samples);
  }

  private sample(): void {
    this.samples.push(os.loadavg()[0] ?? 0);
  }
}

export function summarizeLoad(samples: readonly number[]): MachineLoad {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    cpus: os.cpus().length,
    start: round(samples[0] ?? 0),
    max: round(Math.max(0, ...samples)),
    mean: round(samples.length > 0 ? samples.reduce((a, b) => a + b, 0) / samples.length : 0),
    end: round(samples[samples.length - 1] ?? 0),
  };
}
