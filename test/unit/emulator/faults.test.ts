import { ManualClock } from '../../../src/emulator/simulator/clock';
import type { FaultRule } from '../../../src/emulator/control/control-types';
import { FaultInjector } from '../../../src/emulator/control/faults';

const STATUS_PATH = '/v2/vision/train/ABC';
const DATASETS_PATH = '/v2/vision/datasets/1000101';

function injector(seed = 1) {
  const clock = new ManualClock();
  return { faults: new FaultInjector(clock, seed), clock };
}

/** The status each of `n` GETs of `path` would be struck with (0: not struck). */
function strikes(faults: FaultInjector, n: number, path = STATUS_PATH): number[] {
  return Array.from({ length: n }, () => faults.take('GET', path)?.status ?? 0);
}

describe('fault rules', () => {
  it('strikes once by default, `times` times when given', () => {
    const { faults } = injector();
    faults.add({ kind: 'status', status: 500 });
    faults.add({ kind: 'status', status: 503, times: 2 });
    expect(strikes(faults, 4)).toEqual([500, 503, 503, 0]);
  });

  it('forMs: strikes every matching request while the window is open, none after', () => {
    const { faults, clock } = injector();
    faults.add({ kind: 'status', status: 401, forMs: 30_000, match: { path: '/datasets' } });
    expect(strikes(faults, 50, DATASETS_PATH).every((s) => s === 401)).toBe(true);
    expect(strikes(faults, 3, STATUS_PATH)).toEqual([0, 0, 0]);
    clock.advanceMs(29_999);
    expect(strikes(faults, 1, DATASETS_PATH)).toEqual([401]);
    clock.advanceMs(1);
    expect(strikes(faults, 1, DATASETS_PATH)).toEqual([0]);
    expect(faults.pending()).toEqual([]);
  });

  it('forMs with times: gone at whichever ends first', () => {
    const { faults } = injector();
    faults.add({ kind: 'status', status: 403, forMs: 60_000, times: 2 });
    expect(strikes(faults, 3)).toEqual([403, 403, 0]);
  });

  it('probability: strikes about that share of requests, and the same seed strikes the same requests', () => {
    const run = (seed: number) => {
      const { faults } = injector(seed);
      faults.add({ kind: 'status', status: 503, probability: 0.1, forMs: 3_600_000 });
      return strikes(faults, 2000);
    };
    const a = run(4);
    const share = a.filter((s) => s === 503).length / a.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(run(4)).toEqual(a);
    expect(run(5)).not.toEqual(a);
  });

  it('a probabilistic rule that spares a request lets the later rules consider it', () => {
    const { faults } = injector(2);
    faults.add({ kind: 'status', status: 503, probability: 0.5, forMs: 60_000 });
    faults.add({ kind: 'status', status: 429, retryAfter: '2', forMs: 60_000 });
    const seen = strikes(faults, 200);
    expect(new Set(seen)).toEqual(new Set([503, 429]));
    expect(seen.filter((s) => s === 503).length).toBeGreaterThan(70);
    expect(seen.filter((s) => s === 503).length).toBeLessThan(130);
  });

  it('`times` counts strikes, not the requests a probabilistic rule spared', () => {
    const { faults } = injector(3);
    faults.add({ kind: 'drop', probability: 0.25, times: 3 });
    const seen = Array.from({ length: 200 }, () => faults.take('POST', '/v2/vision/retrain')?.kind);
    expect(seen.filter((k) => k === 'drop')).toHaveLength(3);
    expect(faults.pending()).toEqual([]);
  });

  it("each rule draws from its own stream: adding a rule elsewhere does not change another rule's strikes", () => {
    const run = (withOther: boolean) => {
      const { faults } = injector(8);
      faults.add({ kind: 'status', status: 500, probability: 0.3, forMs: 60_000, match: { path: '/train/' } });
      if (withOther) faults.add({ kind: 'status', status: 502, probability: 0.5, forMs: 60_000, match: { path: '/datasets' } });
      return Array.from({ length: 100 }, (_, i) => faults.take('GET', i % 2 ? DATASETS_PATH : STATUS_PATH)?.status === 500);
    };
    expect(run(true)).toEqual(run(false));
  });

  it('pending lists what is left: remaining times, and the end of a window', () => {
    const { faults, clock } = injector();
    faults.add({ kind: 'status', status: 500, times: 3 });
    faults.add({ kind: 'latency', latencyMs: 10, forMs: 5000 });
    faults.take('GET', STATUS_PATH);
    expect(faults.pending()).toEqual([
      { kind: 'status', status: 500, times: 2 },
      { kind: 'latency', latencyMs: 10, forMs: 5000, until: new Date(clock.nowMs() + 5000).toISOString() },
    ]);
  });

  it('a snapshot restored elsewhere goes on with the same strikes, window and streams', () => {
    const rule: FaultRule = { kind: 'status', status: 503, probability: 0.4, forMs: 10_000 };
    const original = injector(6);
    original.faults.add(rule);
    strikes(original.faults, 17);
    const copy = injector(6);
    copy.faults.restore(JSON.parse(JSON.stringify(original.faults.snapshot())));
    expect(strikes(copy.faults, 50)).toEqual(strikes(original.faults, 50));
    copy.clock.advanceMs(10_000);
    expect(strikes(copy.faults, 20)).toEqual(new Array(20).fill(0));
  });

  it('reset forgets the rules and restarts the rule numbering (same seed, same streams)', () => {
    const { faults } = injector(9);
    faults.add({ kind: 'status', status: 500, probability: 0.5, forMs: 60_000 });
    const first = strikes(faults, 30);
    faults.reset(9);
    expect(faults.pending()).toEqual([]);
    faults.add({ kind: 'status', status: 500, probability: 0.5, forMs: 60_000 });
    expect(strikes(faults, 30)).toEqual(first);
  });
});
