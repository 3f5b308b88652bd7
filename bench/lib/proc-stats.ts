/**
 * CPU time and memory of a process, read from /proc (Linux). The scale and overhead benches run the worker and the
 * Temporal dev server as their own processes, so these numbers belong to them alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcSample {
  atMs: number;
  /** User + system CPU time since the process started, seconds. */
  cpuSeconds: number;
  /** Resident set size now, MiB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), MiB. */
  hwmMb: number;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on every common Linux). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime (fields 14 and 15) from the text of /proc/<pid>/stat. The command name may hold spaces. */
export function parseCpuTicks(statText: string): number {
  const afterName = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // afterName[0] is field 3 (state), so field n is afterName[n - 3].
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return utime + stime;
}

/** A "Vm...: 1234 kB" field of /proc/<pid>/status, in MiB. */
export function parseStatusKb(statusText: string, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(statusText);
  if (!match) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]) / 1024;
}

/** One sample, or undefined when the process is gone. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      atMs: Date.now(),
      cpuSeconds: parseCpuTicks(stat) / clockTicksPerSecond(),
      rssMb: parseStatusKb(status, 'VmRSS'),
      hwmMb: parseStatusKb(status, 'VmHWM'),
    };
  } catch {
    return undefined;
  }
}

/** What a process used over a window of the bench. */
export interface ProcUsage {
  pid: number;
  /** CPU seconds spent in the window. */
  cpuSeconds: number;
  /** Mean use of one core over the window, percent (200 % = both cores of this machine). */
  cpuPercentMean: number;
  /** Highest one-interval use of one core seen, percent. */
  cpuPercentPeak: number;
  /** RSS at the start of the window (the process idle, its start-up done), MiB. */
  rssStartMb: number;
  /** Highest RSS sampled in the window, MiB. */
  rssPeakMb: number;
  /** VmHWM at the end: the peak since the process started (includes its start-up), MiB. */
  hwmMb: number;
  samples: number;
}

/**
 * Samples processes at a fixed interval while the bench runs, then reports each one's usage over the window from
 * start() to stop().
 */
export class ProcSampler {
  private readonly series = new Map<number, ProcSample[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pids: readonly number[],
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.sampleAll();
    this.timer = setInterval(() => this.sampleAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): Map<number, ProcUsage> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sampleAll();
    const usage = new Map<number, ProcUsage>();
    for (const pid of this.pids) {
      const u = summarizeSamples(pid, this.series.get(pid) ?? []);
      if (u) usage.set(pid, u);
    }
    return usage;
  }

  private sampleAll(): void {
    for (const pid of this.pids) {
      const sample = sampleProcess(pid);
      if (sample) this.series.set(pid, [...(this.series.get(pid) ?? []), sample]);
    }
  }
}

export function summarizeSamples(pid: number, samples: readonly ProcSample[]): ProcUsage | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return undefined;
  const windowS = (last.atMs - first.atMs) / 1000;
  let peak = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as ProcSample;
    const b = samples[i] as ProcSample;
    const dt = (b.atMs - a.atMs) / 1000;
    if (dt > 0) peak = Math.max(peak, ((b.cpuSeconds - a.cpuSeconds) / dt) * 100);
  }
  const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
  return {
    pid,
    cpuSeconds,
    cpuPercentMean: windowS > 0 ? (cpuSeconds / windowS) * 100 : 0,
    cpuPercentPeak: peak,
    rssStartMb: first.rssMb,
    rssPeakMb: Math.max(...samples.map((s) => s.rssMb)),
    hwmMb: last.hwmMb,
    samples: samples.length,
  };
}
