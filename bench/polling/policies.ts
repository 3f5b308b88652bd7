/**
 * The polling policies compared by the bench. Each one decides, after every status call, how long to wait before the
 * next. The peers make their first call right after the submission, as each of the tools they stand for does (their
 * loops call first and sleep after); the product does not re-read what the POST just returned.
 *
 * - product: the workflow's own scheduler, `nextPollDelay`, fed the way src/activities/poll-training.ts feeds it —
 *   the submit response first (its first delay is computed from it), then each observation reduced by
 *   src/activities/observe.ts and kept in the window `retainObservations` keeps, each decision taken at the moment of
 *   the call. Measured at its default maxLagShare and, for the frontier, at 2, 5, 10 and 20 %.
 * - geometric backoff with the same bound: every sleep is the whole lag bound. The fewest calls that keep the promise;
 *   the product spends calls on top of it and has to buy more lag with them than a tighter share would.
 * - fixed N s: Vertex AI / Kubeflow launchers (`_POLLING_INTERVAL_IN_SECONDS = 20`), Airflow's sensors
 *   (`poke_interval` default 60 s, HttpSensor included), the SageMaker waiter (`training_job_completed_or_stopped`:
 *   Delay 120 s, MaxAttempts 180), and 5 s and 10 s as common hand-written loops.
 * - Airflow exponential backoff: BaseSensorOperator with `exponential_backoff=True` (mode poke or reschedule) and its
 *   defaults (poke_interval 60 s, max_wait None, timeout 7 days). After poke k (k = 1, 2, ...) it waits
 *   min_backoff + (hash % min_backoff) seconds, min_backoff = max(int(60 · 2^(k−2)), 1): 30–60 s, then 60–120 s,
 *   120–240 s, ... with no ceiling. The hash of dag/task/start/try is modelled as a seeded uniform draw.
 * - oracle: the floor — one call, at the very moment the training ends.
 */
import { lagBoundMs, nextPollDelay, resolvePollBounds, retainObservations, type PollBounds } from '../../src/polling/poll-schedule';
import type { TrainingObservation } from '../../src/polling/training-observation';
import { Rng } from '../../src/emulator/simulator/rng';

/** One policy following one training. */
export interface PolicyRun {
  /** Seconds after submission of the first status call. */
  readonly firstCallAtS: number;
  /** The rule that chose the first call's moment, when the policy has rules. */
  readonly firstRule?: string;
  /** After a call that saw `observation` at `tSeconds`: seconds until the next call, and which rule chose it. */
  next(observation: TrainingObservation, tSeconds: number): { delayS: number; rule: string };
}

export interface PolicyContext {
  /** The POST retrain response, observed at the submission (t = 0). */
  submitted: TrainingObservation;
  submittedAtMs: number;
  /** When the training really ends (seconds after submission): only the oracle may look. */
  endAtS: number;
  /** Per training, seeded: for policies that draw jitter. */
  rng: Rng;
}

export interface PollingPolicy {
  id: string;
  label: string;
  /** Where its behaviour comes from (a default of a named tool, or the product). */
  source: string;
  start(context: PolicyContext): PolicyRun;
}

export function fixedInterval(seconds: number, label: string, source: string): PollingPolicy {
  return {
    id: `fixed-${seconds}s`,
    label,
    source,
    start: () => ({ firstCallAtS: 0, next: () => ({ delayS: seconds, rule: 'fixed' }) }),
  };
}

export const AIRFLOW_POKE_INTERVAL_S = 60;

/** Airflow's `_get_next_poke_interval` with exponential_backoff=True after poke number `poke` (1-based). */
export function airflowBackoffS(poke: number, jitter: number, pokeIntervalS = AIRFLOW_POKE_INTERVAL_S): number {
  const minBackoff = Math.max(Math.trunc(pokeIntervalS * 2 ** (poke - 2)), 1);
  return minBackoff + Math.floor(jitter * minBackoff);
}

export const airflowExponentialBackoff: PollingPolicy = {
  id: 'airflow-exponential',
  label: 'Airflow exponential backoff',
  source: 'BaseSensorOperator exponential_backoff=True, poke_interval 60 s, max_wait None',
  start: ({ rng }) => {
    let pokes = 0;
    return {
      firstCallAtS: 0,
      next: () => {
        pokes += 1;
        return { delayS: airflowBackoffS(pokes, rng.next()), rule: `poke ${pokes}` };
      },
    };
  },
};

export const oracle: PollingPolicy = {
  id: 'oracle',
  label: 'oracle (floor)',
  source: 'knows the end: one call at that moment',
  start: ({ endAtS }) => ({
    firstCallAtS: endAtS,
    next: () => {
      throw new Error('oracle: the single call must see the terminal status');
    },
  }),
};

/**
 * The product at the given bounds (the defaults when none): its first call comes after the delay the scheduler
 * computes from the POST's own answer, then each call's answer goes into the window and a new decision.
 */
export function productPolicy(bounds: Partial<PollBounds> = {}, id = 'product', label = 'einstein-retrain (nextPollDelay)'): PollingPolicy {
  return {
    id,
    label,
    source: 'src/polling/poll-schedule.ts, fed as src/activities/poll-training.ts does',
    start: ({ submitted, submittedAtMs }) => {
      let window: TrainingObservation[] = [submitted];
      const first = nextPollDelay({ submittedAtMs, nowMs: submitted.atMs, observations: window, bounds });
      return {
        firstCallAtS: (first.nextAtMs - submittedAtMs) / 1000,
        firstRule: first.rule,
        next: (observation) => {
          window = retainObservations(window, observation);
          const decision = nextPollDelay({ submittedAtMs, nowMs: observation.atMs, observations: window, bounds });
          return { delayS: decision.delayMs / 1000, rule: decision.rule };
        },
      };
    },
  };
}

export const product: PollingPolicy = productPolicy();

/**
 * A plain geometric backoff with the same promise: every sleep is the whole lag bound, max(minDelay, share × time
 * since submission). It is the fewest calls that keep the promise, so it is the policy the product must beat: the
 * product may only spend calls on top of it, and must buy more lag with them than a tighter share would.
 */
export function geometricPolicy(bounds: Partial<PollBounds> = {}, id = 'geometric', label = 'geometric backoff, same bound'): PollingPolicy {
  const resolved = resolvePollBounds(bounds);
  return {
    id,
    label,
    source: `sleep = max(minDelay, share × elapsed), share ${resolved.maxLagShare}`,
    start: () => {
      const bound = (tS: number) => lagBoundMs(resolved, tS * 1000) / 1000;
      return { firstCallAtS: bound(0), next: (_observation, tS) => ({ delayS: bound(tS), rule: 'bound' }) };
    },
  };
}

/** The shares at which the frontier measures the product and the geometric backoff, besides the default. */
export const FRONTIER_SHARES: readonly number[] = [0.02, 0.05, 0.1, 0.2];

/** "7 %", "2.5 %" */
export function shareLabel(share: number): string {
  return `${Number((share * 100).toFixed(2))} %`;
}

export const FIXED_PEERS: readonly PollingPolicy[] = [
  fixedInterval(5, 'fixed 5 s', 'hand-written loop'),
  fixedInterval(10, 'fixed 10 s', 'hand-written loop'),
  fixedInterval(20, 'fixed 20 s (Vertex AI / Kubeflow)', 'google_cloud_pipeline_components launchers: _POLLING_INTERVAL_IN_SECONDS = 20'),
  fixedInterval(60, 'fixed 60 s (Airflow HttpSensor)', 'BaseSensorOperator poke_interval default 60 s'),
  fixedInterval(120, 'fixed 120 s (SageMaker waiter)', 'training_job_completed_or_stopped: Delay 120 s, MaxAttempts 180'),
];

/** Which family a policy belongs to: the frontier chart draws one series per family. */
export type PolicyFamily = 'product' | 'geometric' | 'fixed' | 'airflow' | 'oracle';

export interface BenchPolicy {
  policy: PollingPolicy;
  family: PolicyFamily;
  /** The promise the policy keeps, for the product and the geometric backoff. */
  maxLagShare?: number;
  /** The row the bar and the summary tables are about (the product at its default, and the same-bound backoff). */
  headline: boolean;
}

/**
 * Every policy of the bench, in table order: the product at its default share, the geometric backoff with the same
 * bound, the peers, the floor; then the product and the backoff at the frontier's other shares.
 */
export function benchPolicies(defaultShare: number = resolvePollBounds().maxLagShare): BenchPolicy[] {
  const others = FRONTIER_SHARES.filter((s) => s !== defaultShare);
  return [
    { policy: product, family: 'product', maxLagShare: defaultShare, headline: true },
    {
      policy: geometricPolicy({ maxLagShare: defaultShare }, 'geometric', `geometric backoff, same bound (${shareLabel(defaultShare)})`),
      family: 'geometric',
      maxLagShare: defaultShare,
      headline: true,
    },
    ...FIXED_PEERS.map((policy) => ({ policy, family: 'fixed' as const, headline: true })),
    { policy: airflowExponentialBackoff, family: 'airflow', headline: true },
    { policy: oracle, family: 'oracle', headline: true },
    ...others.map((share) => ({
      policy: productPolicy({ maxLagShare: share }, `product-${share}`, `einstein-retrain, maxLagShare ${shareLabel(share)}`),
      family: 'product' as const,
      maxLagShare: share,
      headline: false,
    })),
    ...others.map((share) => ({
      policy: geometricPolicy({ maxLagShare: share }, `geometric-${share}`, `geometric backoff, ${shareLabel(share)}`),
      family: 'geometric' as const,
      maxLagShare: share,
      headline: false,
    })),
  ];
}

/** The policies of the bench, in table order. */
export const POLICIES: readonly PollingPolicy[] = benchPolicies().map((p) => p.policy);
