/**
 * Runs a scenario's timed disruptions against its stack, from the moment the retrains were started. Each one ends
 * with every process running again, so the checks afterwards read a whole stack. `stop()` ends the repeating ones
 * early (once every run has closed) and waits for any outage in progress to heal.
 */
import type { Disruption } from './scenarios';
import type { ChaosStack } from './stack';

export interface DisruptionLog {
  workerKills: number;
  temporalRestarts: number;
  emulatorRestarts: number;
  authBursts: number;
  /** What happened when, relative to the start of the retrains (for the scenario's JSON). */
  events: Array<{ atMs: number; what: string }>;
}

/** Small seeded generator (mulberry32): the same seed gives the same kill intervals. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RunningDisruptions {
  log: DisruptionLog;
  /** Ends repeating disruptions and resolves once every process is up again. */
  stop(): Promise<void>;
}

export function startDisruptions(stack: ChaosStack, disruptions: readonly Disruption[], seed: number): RunningDisruptions {
  const t0 = Date.now();
  const log: DisruptionLog = { workerKills: 0, temporalRestarts: 0, emulatorRestarts: 0, authBursts: 0, events: [] };
  const note = (what: string) => log.events.push({ atMs: Date.now() - t0, what });
  const abort = new AbortController();
  const random = seededRandom(seed);

  /** Sleeps until `t0 + atMs`; false when stopped first. */
  const until = (atMs: number) => sleep(t0 + atMs - Date.now(), abort.signal);

  const run = async (d: Disruption): Promise<void> => {
    switch (d.kind) {
      case 'kill-worker':
        for (const atMs of d.atMs) {
          if (!(await until(atMs))) return;
          await stack.worker.kill9();
          log.workerKills += 1;
          note('worker SIGKILL');
        }
        return;
      case 'kill-worker-loop': {
        if (!(await until(d.startMs))) return;
        const endAt = t0 + d.startMs + d.forMs;
        while (Date.now() < endAt && !abort.signal.aborted) {
          // Counted from when the worker polls again, so each incarnation gets a few seconds of work.
          await Promise.race([stack.worker.whenReady(), aborted(abort.signal)]);
          const gap = d.minMs + random() * (d.maxMs - d.minMs);
          if (!(await sleep(Math.min(gap, endAt - Date.now()), abort.signal)) || Date.now() >= endAt) return;
          await stack.worker.kill9();
          log.workerKills += 1;
          note('worker SIGKILL');
        }
        return;
      }
      case 'kill-temporal':
        if (!(await until(d.atMs))) return;
        await stack.temporal.kill9();
        note('Temporal dev server SIGKILL');
        // The outage is not cut short by stop(): a half-done restart would leave the checks without a server.
        await sleep(d.downMs);
        await stack.temporal.start();
        log.temporalRestarts += 1;
        note('Temporal dev server restarted on its database');
        return;
      case 'emulator-down':
        if (!(await until(d.atMs))) return;
        await stack.emulator.kill9();
        note('emulator SIGKILL');
        await sleep(d.downMs);
        await stack.emulator.start();
        log.emulatorRestarts += 1;
        note('emulator restarted on its state file');
        return;
      case 'auth-bursts': {
        if (!(await until(d.startMs))) return;
        for (let i = 0; Date.now() - t0 < d.untilMs && !abort.signal.aborted; i++) {
          const status = i % 2 === 0 ? 401 : 403;
          // The emulator may be down in a mixed scenario: a burst that cannot be set up is skipped.
          const added = await stack.control
            .addFault({ kind: 'status', status, forMs: d.windowMs, match: { path: '^/v2/(vision|language)/' } })
            .then(() => true, () => false);
          if (added) {
            log.authBursts += 1;
            note(`${status} burst for ${d.windowMs} ms`);
          }
          if (!(await sleep(d.windowMs + d.gapMs, abort.signal))) return;
        }
        return;
      }
    }
  };

  const all = Promise.all(disruptions.map((d) => run(d)));
  return {
    log,
    stop: async () => {
      abort.abort();
      await all;
    },
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
