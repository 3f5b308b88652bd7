/**
 * The chaos scenarios: each fault on its own, then mixed. A scenario is a set of emulator fault rules that stay in
 * force for the whole scenario (rates, holds, drops) plus timed disruptions (bursts of 401/403, SIGKILL of the worker,
 * of the Temporal dev server, of the emulator). Timings depend on the profile: `--short` keeps outages short enough
 * for CI, the full run keeps the emulator down for minutes.
 */
import type { FaultRule } from '../../src/emulator/control/control-client';

export interface Profile {
  name: 'full' | 'short';
  /** Retrains of healthy models per scenario (each on its own model and dataset). */
  retrains: number;
  /** Real seconds a training runs (uniform in this range); the emulator's time scale turns them into simulated time. */
  trainingSeconds: [number, number];
  emulatorDownMs: number;
  temporalDownMs: number;
  /** How long the worker is killed over and over in the kill-loop scenarios. */
  killLoopMs: number;
  /** A scenario whose runs are not all closed by then is reported as stuck. */
  scenarioTimeoutMs: number;
}

export const FULL: Profile = {
  name: 'full',
  retrains: 20,
  trainingSeconds: [15, 30],
  emulatorDownMs: 120_000,
  temporalDownMs: 15_000,
  killLoopMs: 90_000,
  scenarioTimeoutMs: 12 * 60_000,
};

export const SHORT: Profile = {
  name: 'short',
  retrains: 4,
  trainingSeconds: [8, 14],
  emulatorDownMs: 15_000,
  temporalDownMs: 5_000,
  killLoopMs: 20_000,
  scenarioTimeoutMs: 6 * 60_000,
};

export type Disruption =
  /** Windows of 401, then 403, then 401 … on every data endpoint (not the token endpoint), `gapMs` apart. */
  | { kind: 'auth-bursts'; startMs: number; windowMs: number; gapMs: number; untilMs: number }
  /** SIGKILL of the worker at these offsets from the first retrain's start. */
  | { kind: 'kill-worker'; atMs: number[] }
  /** SIGKILL of the worker every `minMs`–`maxMs` of its uptime, from `startMs` for `forMs`. */
  | { kind: 'kill-worker-loop'; startMs: number; minMs: number; maxMs: number; forMs: number }
  /** SIGKILL of the Temporal dev server at `atMs`, restarted on its database `downMs` later. */
  | { kind: 'kill-temporal'; atMs: number; downMs: number }
  /** SIGKILL of the emulator at `atMs`, restarted on its state file `downMs` later. */
  | { kind: 'emulator-down'; atMs: number; downMs: number };

export interface Scenario {
  name: string;
  /** What is injected, for the results table. */
  injects: string;
  rules: FaultRule[];
  disruptions: Disruption[];
}

/** Rules stay for the whole scenario; a window this long outlives any of them. */
const ALL_SCENARIO = 6 * 3_600_000;
const POST_RETRAIN = { method: 'POST', path: '/retrain$' };
const ANY_API = { path: '^/v2/' };

/** A POST held 8 s by the server, then acted on even though its client gave up at the 5 s attempt timeout. */
const heldPost = (probability: number): FaultRule => ({ kind: 'latency', when: 'before', latencyMs: 8_000, probability, match: POST_RETRAIN, forMs: ALL_SCENARIO });
/** A POST acted on, its answer never sent (connection destroyed). */
const droppedAnswer = (probability: number): FaultRule => ({ kind: 'drop', when: 'after', probability, match: POST_RETRAIN, forMs: ALL_SCENARIO });
/** A POST acted on, its answer held past the attempt timeout. */
const heldAnswer = (probability: number): FaultRule => ({ kind: 'latency', when: 'after', latencyMs: 8_000, probability, match: POST_RETRAIN, forMs: ALL_SCENARIO });

/** A rule and the share of all matching requests it should strike. */
type Rate = [rule: Omit<FaultRule, 'probability'>, share: number];

/**
 * Probabilistic rules see only the requests the rules before them spared, so each one's probability is its share
 * divided by what is left: the shares then hold over all requests, alone or stacked.
 */
function stacked(...rates: Rate[]): FaultRule[] {
  let taken = 0;
  return rates.map(([rule, share]) => {
    const probability = share / (1 - taken);
    taken += share;
    return { ...rule, probability, match: ANY_API, forMs: ALL_SCENARIO };
  });
}

/** 10 % 5xx (500, 502, 503 with Retry-After in equal parts). */
const serverErrors: Rate[] = [
  [{ kind: 'status', status: 500 }, 0.1 / 3],
  [{ kind: 'status', status: 502 }, 0.1 / 3],
  [{ kind: 'status', status: 503, retryAfter: '1' }, 0.1 / 3],
];
const rateLimits: Rate[] = [[{ kind: 'status', status: 429, retryAfter: '2' }, 0.05]];
/** Half of the resets strike before the server acts, half after (a POST then queued a training nobody heard of). */
const resets: Rate[] = [
  [{ kind: 'drop', when: 'before' }, 0.01],
  [{ kind: 'drop', when: 'after' }, 0.01],
];
const malformed: Rate[] = [[{ kind: 'malformed', when: 'after' }, 0.01]];
const allRates = (): FaultRule[] => stacked(...serverErrors, ...rateLimits, ...resets, ...malformed);

export function scenarios(p: Profile): Scenario[] {
  const burstsUntil = p.trainingSeconds[1] * 1000 + 20_000;
  const bursts: Disruption = { kind: 'auth-bursts', startMs: 1_000, windowMs: 4_000, gapMs: 8_000, untilMs: burstsUntil };
  return [
    { name: 'baseline', injects: 'nothing (control)', rules: [], disruptions: [] },
    { name: 'post-held', injects: 'half of the POSTs held 8 s (attempt timeout 5 s), then acted on', rules: [heldPost(0.5)], disruptions: [] },
    {
      name: 'post-held-kill',
      injects: 'half of the POSTs held 8 s + SIGKILL of the worker while they are held',
      rules: [heldPost(0.5)],
      disruptions: [{ kind: 'kill-worker', atMs: [3_000, 14_000] }],
    },
    {
      name: 'post-lost-answer',
      injects: 'POST acted on, answer dropped (40 %) or held 8 s (30 %)',
      rules: [droppedAnswer(0.4), heldAnswer(0.3 / 0.6)],
      disruptions: [],
    },
    { name: 'auth-bursts', injects: 'alternating 4 s windows of 401 and 403 on every data call, 8 s apart', rules: [], disruptions: [bursts] },
    { name: '5xx-10pct', injects: '10 % of calls answer 500/502/503', rules: stacked(...serverErrors), disruptions: [] },
    { name: '429-5pct', injects: '5 % of calls answer 429 with Retry-After: 2', rules: stacked(...rateLimits), disruptions: [] },
    { name: 'resets-2pct', injects: '2 % of connections reset (half after the server acted)', rules: stacked(...resets), disruptions: [] },
    { name: 'malformed-1pct', injects: '1 % of answers cut mid-JSON (after the server acted)', rules: stacked(...malformed), disruptions: [] },
    {
      name: 'worker-kill-loop',
      injects: `SIGKILL of the worker every 5–10 s for ${p.killLoopMs / 1000} s`,
      rules: [],
      disruptions: [{ kind: 'kill-worker-loop', startMs: 2_000, minMs: 5_000, maxMs: 10_000, forMs: p.killLoopMs }],
    },
    {
      name: 'temporal-restart',
      injects: `SIGKILL of the Temporal dev server, restarted on its database after ${p.temporalDownMs / 1000} s (twice)`,
      rules: [],
      disruptions: [
        { kind: 'kill-temporal', atMs: 3_000, downMs: p.temporalDownMs },
        { kind: 'kill-temporal', atMs: 3_000 + p.temporalDownMs + 10_000, downMs: p.temporalDownMs },
      ],
    },
    {
      name: 'emulator-down',
      injects: `SIGKILL of the emulator, restarted on its state file after ${p.emulatorDownMs / 1000} s`,
      rules: [],
      disruptions: [{ kind: 'emulator-down', atMs: 6_000, downMs: p.emulatorDownMs }],
    },
    {
      name: 'mix-http',
      injects: 'all HTTP faults at once: the four rates, 20 % of POSTs held, 10 % answers dropped, 401/403 bursts',
      rules: [heldPost(0.2), droppedAnswer(0.1 / 0.8), ...allRates()],
      disruptions: [bursts],
    },
    {
      name: 'mix-all',
      injects: 'mix-http + worker SIGKILL loop + Temporal restart + emulator down',
      rules: [heldPost(0.2), droppedAnswer(0.1 / 0.8), ...allRates()],
      disruptions: [
        bursts,
        { kind: 'kill-worker-loop', startMs: 2_000, minMs: 6_000, maxMs: 12_000, forMs: Math.round(p.killLoopMs / 2) },
        { kind: 'kill-temporal', atMs: 10_000, downMs: p.temporalDownMs },
        { kind: 'emulator-down', atMs: 10_000 + p.temporalDownMs + 10_000, downMs: Math.round(p.emulatorDownMs / 2) },
      ],
    },
  ];
}

/** What `--short` runs when no `--scenario` is named: the crux of exactly-once, and every fault at once. */
export const SHORT_SCENARIOS = ['post-held-kill', 'mix-all'];
