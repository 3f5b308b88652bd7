import { parseCpuTicks, parseStatusKb, sampleProcess, summarizeSamples, type ProcSample } from '../../../bench/lib/proc-stats';

describe('/proc parsing', () => {
  it('reads utime + stime (fields 14 and 15) even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (bench) worker) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 1000 2000 300';
    expect(parseCpuTicks(stat)).toBe(325);
  });

  it('reads VmRSS and VmHWM in MiB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\n';
    expect(parseStatusKb(status, 'VmHWM')).toBe(512);
    expect(parseStatusKb(status, 'VmRSS')).toBe(256);
    expect(() => parseStatusKb('Name:\tnode\n', 'VmRSS')).toThrow(/no VmRSS/);
  });

  it('samples this very process', () => {
    const sample = sampleProcess(process.pid);
    expect(sample).toBeDefined();
    expect(sample!.rssMb).toBeGreaterThan(1);
    expect(sample!.hwmMb).toBeGreaterThanOrEqual(sample!.rssMb - 1);
    expect(sample!.cpuSeconds).toBeGreaterThan(0);
  });

  it('answers undefined for a process that does not exist', () => {
    expect(sampleProcess(2 ** 30)).toBeUndefined();
  });
});

describe('summarizeSamples', () => {
  const at = (s: number, cpu: number, rss: number): ProcSample => ({ atMs: s * 1000, cpuSeconds: cpu, rssMb: rss, hwmMb: 900 });

  it('gives CPU spent over the window, its mean and busiest interval as % of a core, and the RSS range', () => {
    const usage = summarizeSamples(7, [at(0, 10, 100), at(1, 10.5, 150), at(2, 10.6, 120), at(4, 11, 110)]);
    expect(usage).toEqual({
      pid: 7,
      cpuSeconds: expect.closeTo(1, 9),
      cpuPercentMean: expect.closeTo(25, 9),
      cpuPercentPeak: expect.closeTo(50, 9),
      rssStartMb: 100,
      rssPeakMb: 150,
      hwmMb: 900,
      samples: 4,
    });
  });

  it('is undefined without samples', () => {
    expect(summarizeSamples(7, [])).toBeUndefined();
  });
});
